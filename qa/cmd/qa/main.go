// Command qa runs exago's functional tests: `qa run` runs a suite laid out
// like ExaBGP's legacy QA against a daemon, `qa list` lists its tests,
// `qa peer` starts the test BGP peer, `qa bench` measures throughput, `qa floor` is its floor, and
// `qa helper` is the API helper the runner hands the daemon.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: qa COMMAND [flags]

commands:
  run    [--suite DIR] [--exago BIN] [--timeout D] [--jobs N] [--list FILE] [--ratchet FILE] [NAME...]
  list   [--suite DIR]
  peer   --port P [--sink] [--msg FILE] [--pid PID] [--verbose]
  bench  [-n N | --static N | --neighbors K --routes R] [--runs N] [--exago BIN]
  floor  --connect HOST:PORT   (the benchmark floor: announce lines on stdin to UPDATEs)
  helper --name NAME [--commands FILE] | --bench N [--stamp FILE]
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "run":
		return cmdRun(ctx, args[1:], stdout, stderr)
	case "list":
		return cmdList(args[1:], stdout, stderr)
	case "peer":
		return cmdPeer(ctx, args[1:], stdout, stderr)
	case "bench":
		return cmdBench(ctx, args[1:], stdout, stderr)
	case "floor":
		return cmdFloor(args[1:], stdin, stderr)
	case "helper":
		return cmdHelper(ctx, args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "qa: unknown command %q\n%s", args[0], usage)
	return 2
}
