package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/exago/exago/qa/peer"
)

func cmdPeer(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("peer", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	port := fs.Int("port", 1790, "port to listen on (127.0.0.1 and ::1)")
	sink := fs.Bool("sink", false, "accept any session and count UPDATEs")
	msg := fs.String("msg", "", "a .msg file to check the session against")
	pid := fs.Int("pid", 0, "daemon pid for signal entries")
	verbose := fs.BoolP("verbose", "v", false, "sink: print every UPDATE")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *msg == "" && fs.NArg() == 1 {
		*msg = fs.Arg(0)
	}
	if !*sink && *msg == "" {
		fmt.Fprintln(stderr, "qa peer: give --sink or --msg FILE")
		return 2
	}
	lns, p, err := peer.Listen(*port)
	if err != nil {
		fmt.Fprintln(stderr, "qa peer:", err)
		return 1
	}
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	if *sink {
		fmt.Fprintf(stdout, "sink listening on port %d: send us whatever, we can take it\n", p)
		stats, err := peer.Sink(ctx, peer.SinkConfig{Out: stdout, PerUpdate: *verbose}, lns...)
		fmt.Fprintln(stdout, stats)
		if err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "qa peer:", err)
			return 1
		}
		return 0
	}
	script, err := peer.LoadScript(*msg)
	if err != nil {
		fmt.Fprintln(stderr, "qa peer:", err)
		return 2
	}
	var sig func(syscall.Signal) error
	if *pid > 0 {
		sig = func(s syscall.Signal) error { return syscall.Kill(*pid, s) }
	}
	fmt.Fprintf(stdout, "peer listening on port %d for %s\n", p, *msg)
	err = peer.New(peer.Config{Script: script, Signal: sig, Log: stdout}).Serve(ctx, lns...)
	if err != nil {
		var f *peer.Failure
		if errors.As(err, &f) {
			fmt.Fprint(stdout, f.Detail())
		}
		fmt.Fprintln(stdout, "failed:", err)
		return 1
	}
	fmt.Fprintln(stdout, "successful")
	return 0
}
