// Command exago is an ExaBGP-compatible BGP route injector.
//
// It takes ExaBGP's command line shapes:
//
//	exago [-d] [-p] [-t] [--env FILE] CONF...   run the daemon (or validate with -t)
//	exago -x HEX                                 decode a BGP message
//	exago server CONF...                         run the daemon
//	exago validate CONF...                       check configuration files
//	exago validate --fix CONF... (exago migrate)  print them in ExaBGP 4.x syntax
//	exago decode [--family AFI SAFI] HEX         decode a BGP message to JSON
//	exago cli COMMAND...                         send a command to a running daemon
//	exago env                                    print the environment settings
//	exago healthcheck [--cmd CMD] [--ip IP]...   ExaBGP's anycast health-checker (a helper process)
//	exago demo [CONF]                            run the example against an in-process test peer
//	exago version                                print the version
//
// Exit codes: 0 success, 1 runtime failure, 2 bad usage or invalid
// configuration.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/exago/exago/config"
)

// version is the exago release, set at build time with -ldflags.
var version = "0.1.0-dev"

// exitError carries the process exit code with the error that caused it.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks bad usage or invalid configuration (exit code 2).
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err (if any) and maps it to the process exit code. The
// first line is "exago: " and the error; a configuration error goes on
// with the offending source line, a caret and a hint
// (config.FormatError).
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "exago:", config.FormatError(ee.err))
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "exago:", config.FormatError(err))
	return 1
}

// run dispatches to a subcommand; with none it runs ExaBGP's legacy
// command line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "server":
			return runLegacy(ctx, args[1:], stdout, stderr)
		case "validate":
			return runValidate(args[1:], stdout, stderr)
		case "migrate":
			return runMigrate(args[1:], stdout, stderr)
		case "decode":
			return runDecode(args[1:], stdout, stderr)
		case "cli":
			return runCLI(ctx, args[1:], stdout, stderr)
		case "env":
			return runEnv(args[1:], stdout, stderr)
		case "healthcheck":
			return runHealthcheck(ctx, args[1:], os.Stdin, stdout, stderr)
		case "version":
			return runVersion(args[1:], stdout)
		case "man":
			return runMan(ctx, stdout)
		case "demo":
			return runDemo(ctx, args[1:], stdout, stderr)
		}
	}
	return runLegacy(ctx, args, stdout, stderr)
}
