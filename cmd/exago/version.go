package main

import (
	"fmt"
	"io"
	"runtime"
)

// runVersion prints the version the way ExaBGP's --version does.
func runVersion(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageError("version takes no argument")
	}
	writeVersion(stdout)
	return nil
}

func writeVersion(w io.Writer) {
	fmt.Fprintf(w, "exago  : %s\n", version)
	fmt.Fprintf(w, "Go     : %s\n", runtime.Version())
	fmt.Fprintf(w, "Uname  : %s %s\n", runtime.GOOS, runtime.GOARCH)
}
