package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/exago/exago/api"
)

// runCLI sends one command to a running daemon over ExaBGP's named pipes
// (NAME.in / NAME.out in /run/exabgp and the other usual folders) and
// prints the answer.
func runCLI(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("cli", "cli [flags] COMMAND...", stderr)
	env := fs.StringP("env", "e", "", "environment file")
	root := fs.StringP("root", "f", "", "installation prefix to look for the pipes under")
	fs.SetInterspersed(false)
	if ok, err := parseFlags(fs, args, "cli: no command given"); !ok {
		return err
	}
	settings, err := loadEnv(*env, stderr)
	if err != nil {
		return err
	}
	name := settings.APIPipeName
	if name == "" {
		name = "exabgp"
	}
	dir, ok := api.FindCLIPipes(api.CLIPipeFolders(*root), name)
	if !ok {
		return &exitError{code: 1, err: fmt.Errorf("cli: no named pipes %s.in/%s.out found (is the daemon running with api.cli enabled? create them with mkfifo in /run/exabgp)", name, name)}
	}
	lines, err := api.CLICommand(ctx, dir, name, strings.Join(fs.Args(), " "))
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("cli: %w", err)}
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	if len(lines) > 0 && lines[len(lines)-1] == "error" {
		return &exitError{code: 1}
	}
	return nil
}

// serveCLI answers commands on the named pipes when api.cli is on and the
// pipes exist, as ExaBGP does; it returns at once otherwise.
func serveCLI(ctx context.Context, mgr *api.Manager, enabled bool, pipename string, log *slog.Logger) {
	if !enabled {
		return
	}
	if pipename == "" {
		pipename = "exabgp"
	}
	dir, ok := api.FindCLIPipes(api.CLIPipeFolders(os.Getenv("EXABGP_ROOT")), pipename)
	if !ok {
		log.Info("control pipes not found, exago cli disabled", "pipename", pipename)
		return
	}
	log.Info("control pipes found", "folder", dir, "pipename", pipename)
	go func() {
		if err := mgr.ServeCLI(ctx, dir, pipename); err != nil {
			log.Error("control channel stopped", "error", err)
		}
	}()
}
