package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/exago/exago/qa/floor"
)

// cmdFloor runs the benchmark floor: announce route lines on stdin packed
// into UPDATEs sent to --connect.
func cmdFloor(args []string, stdin io.Reader, stderr io.Writer) int {
	fs := pflag.NewFlagSet("floor", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("connect", "", "peer address (HOST:PORT)")
	asn := fs.Uint16("asn", 65000, "AS number of the OPEN")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *addr == "" {
		fmt.Fprintln(stderr, "qa floor: --connect is required")
		return 2
	}
	if err := floor.Run(stdin, *addr, *asn); err != nil {
		fmt.Fprintln(stderr, "qa floor:", err)
		return 1
	}
	return 0
}
