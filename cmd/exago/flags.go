package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"
)

// newFlagSet returns the flag set of subcommand name, printing its errors
// and, when usage is not empty, "usage: exago USAGE" and the flags to
// stderr.
func newFlagSet(name, usage string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	if usage != "" {
		fs.Usage = func() {
			fmt.Fprintf(stderr, "usage: exago %s\n%s", usage, fs.FlagUsages())
		}
	}
	return fs
}

// parseFlags parses args into fs. It reports false when the command should
// stop: with a nil error after --help (pflag printed the usage), with a
// usage error when the flags do not parse or, if noArgs is not empty, when
// no argument is left (the usage is printed, noArgs is the error).
func parseFlags(fs *pflag.FlagSet, args []string, noArgs string) (bool, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return false, nil
		}
		return false, usageError("%v", err)
	}
	if noArgs != "" && fs.NArg() == 0 {
		fs.Usage()
		return false, usageError("%s", noArgs)
	}
	return true, nil
}
