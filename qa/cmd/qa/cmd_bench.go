package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/exago/exago/qa/runner"
)

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("bench", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.IntP("routes", "n", 100000, "announce route lines the helper prints")
	exago := fs.String("exago", "", "daemon binary (default: go build ./cmd/exago)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after")
	keep := fs.Bool("keep", false, "keep the work folder")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	work, err := runner.NewWork("", "")
	if err != nil {
		fmt.Fprintln(stderr, "qa bench:", err)
		return 2
	}
	daemon, err := resolveDaemon(work, *exago)
	if err != nil {
		fmt.Fprintln(stderr, "qa bench:", err)
		work.Remove()
		return 2
	}
	fmt.Fprintf(stdout, "bench: %d routes through %s\n", *n, daemon)
	res, err := runner.Bench(ctx, runner.BenchConfig{Work: work, Daemon: daemon, Routes: *n, Timeout: *timeout})
	if err != nil {
		fmt.Fprintln(stderr, "qa bench:", err)
		fmt.Fprintf(stdout, "work folder kept: %s\n", work.Dir)
		return 1
	}
	fmt.Fprintln(stdout, res)
	if *keep {
		fmt.Fprintf(stdout, "work folder kept: %s\n", work.Dir)
	} else {
		work.Remove()
	}
	return 0
}
