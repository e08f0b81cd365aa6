package helper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
)

// Main is the helper program's command line: --name NAME [--commands FILE]
// or --bench N [--stamp FILE]. It returns the exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("helper", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "helper name (NAME of run/NAME.run)")
	commands := fs.String("commands", "", "api/NAME.commands file to replay")
	bench := fs.Int("bench", 0, "print this many announce route lines (benchmark)")
	stamp := fs.String("stamp", "", "with --bench: file receiving the start time")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *bench > 0 {
		if err := Bench(ctx, *bench, *stamp, stdin, stdout); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	}
	if *name == "" && *commands != "" {
		*name = strings.TrimSuffix(filepath.Base(*commands), ".commands")
	}
	var cmds *Commands
	if *commands != "" {
		c, err := LoadCommands(*commands)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintln(stderr, err)
			return 1
		}
		cmds = c
	}
	err := New(*name, cmds, stdin, stdout, stderr).Run(ctx)
	var exit ExitError
	if errors.As(err, &exit) {
		return exit.Code
	}
	if err != nil && ctx.Err() == nil {
		fmt.Fprintf(stderr, "helper %s: %v\n", *name, err)
		return 1
	}
	return 0
}
