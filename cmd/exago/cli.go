package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/exago/exago/api"
	"github.com/exago/exago/config"
)

// cliTransport runs one command on the daemon and returns its answer;
// failed is true when the daemon answered "error".
type cliTransport interface {
	command(ctx context.Context, line string) (lines []string, failed bool, err error)
	close()
}

// socketTransport talks to ExaBGP 5's control socket.
type socketTransport struct{ s *api.CLISession }

func (t socketTransport) command(ctx context.Context, line string) ([]string, bool, error) {
	return t.s.Command(ctx, line)
}
func (t socketTransport) close() { t.s.Close() }

// pipeTransport talks through ExaBGP 4.2's named pipes.
type pipeTransport struct{ dir, name string }

func (t pipeTransport) command(ctx context.Context, line string) ([]string, bool, error) {
	lines, err := api.CLICommand(ctx, t.dir, t.name, line)
	if err != nil && strings.Contains(err.Error(), "returns an error") {
		return lines, true, nil
	}
	return lines, false, err
}
func (pipeTransport) close() {}

// runCLI sends commands to a running daemon, over ExaBGP 5's control
// socket (NAME.sock) when there is one, else over ExaBGP 4.2's named pipes
// (NAME.in / NAME.out), both searched in /run/exabgp and the other usual
// folders. With a command it runs it and prints the answer; without, it
// reads commands at a prompt (with history on a terminal) until "exit" or
// end of input.
func runCLI(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("cli", "cli [flags] [COMMAND...]", stderr)
	env := fs.StringP("env", "e", "", "environment file")
	root := fs.StringP("root", "f", "", "installation prefix to look for the socket and pipes under")
	socket := fs.StringP("socket", "s", "", "control socket path (default: api.socketpath, else NAME.sock in the usual folders)")
	pipesOnly := fs.Bool("pipe", false, "use the named pipes even when a control socket exists")
	fs.SetInterspersed(false)
	if ok, err := parseFlags(fs, args, ""); !ok {
		return err
	}
	settings, err := loadEnv(*env, stderr)
	if err != nil {
		return err
	}
	t, err := openCLI(ctx, settings, *root, *socket, *pipesOnly)
	if err != nil {
		return err
	}
	defer t.close()
	if fs.NArg() == 0 {
		return interactiveCLI(ctx, t, os.Stdin, stdout, stderr)
	}
	lines, failed, err := t.command(ctx, strings.Join(fs.Args(), " "))
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	if failed {
		fmt.Fprintln(stdout, "error")
		return &exitError{code: 1}
	}
	return nil
}

// openCLI finds the daemon's control channel: the socket first, as
// ExaBGP 5's cli does, then the named pipes.
func openCLI(ctx context.Context, env config.Env, root, socket string, pipesOnly bool) (cliTransport, error) {
	folders := api.CLIPipeFolders(root)
	if !pipesOnly {
		explicit := socket
		if explicit == "" {
			explicit = env.APISocketPath
		}
		if path, ok := api.FindCLISocket(folders, socketName(env), explicit); ok {
			s, err := api.DialCLISocket(ctx, path)
			if err != nil {
				return nil, &exitError{code: 1, err: err}
			}
			return socketTransport{s}, nil
		}
		if socket != "" {
			return nil, &exitError{code: 1, err: fmt.Errorf("cli: %s is not a control socket", socket)}
		}
	}
	name := env.APIPipeName
	if name == "" {
		name = "exabgp"
	}
	dir, ok := api.FindCLIPipes(folders, name)
	if !ok {
		return nil, &exitError{code: 1, err: fmt.Errorf("cli: no control socket %s.sock nor named pipes %s.in/%s.out found (is the daemon running with api.cli enabled?)", socketName(env), name, name)}
	}
	return pipeTransport{dir: dir, name: name}, nil
}

func socketName(env config.Env) string {
	if env.APISocketName == "" {
		return "exabgp"
	}
	return env.APISocketName
}

// serveCLI answers commands on the control socket and, when they exist,
// on the named pipes, while api.cli is on, as ExaBGP 5 does. It returns at
// once, with a function that waits, once ctx is done, until both have
// stopped (and the socket file is removed).
func serveCLI(ctx context.Context, mgr *api.Manager, env config.Env, log *slog.Logger) (wait func()) {
	var wg sync.WaitGroup
	if !env.APICLI {
		return wg.Wait
	}
	folders := api.CLIPipeFolders(os.Getenv("EXABGP_ROOT"))
	if dir := os.Getenv("RUNTIME_DIRECTORY"); dir != "" && env.APISocketPath == "" {
		// systemd's RuntimeDirectory= (the packaged unit: /run/exabgp)
		folders = append([]string{strings.Split(dir, ":")[0]}, folders...)
	}
	if path, ok := api.CLISocketPath(folders, socketName(env), env.APISocketPath); !ok {
		log.Info("no folder for the control socket, exago cli uses the pipes only")
	} else if ln, err := api.ListenCLISocket(path); err != nil {
		log.Warn("control socket not created", "error", err)
	} else {
		wg.Go(func() {
			if err := mgr.ServeCLISocket(ctx, ln); err != nil {
				log.Error("control socket stopped", "error", err)
			}
		})
	}

	pipename := env.APIPipeName
	if pipename == "" {
		pipename = "exabgp"
	}
	dir, ok := api.FindCLIPipes(folders, pipename)
	if !ok {
		log.Info("control pipes not found", "pipename", pipename)
		return wg.Wait
	}
	log.Info("control pipes found", "folder", dir, "pipename", pipename)
	wg.Go(func() {
		if err := mgr.ServeCLI(ctx, dir, pipename); err != nil {
			log.Error("control channel stopped", "error", err)
		}
	})
	return wg.Wait
}
