package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/exago/exago/healthcheck"
)

// runHealthcheck is `exago healthcheck`, ExaBGP's anycast health-checker:
// run as a helper process, it prints announce/withdraw commands for the
// service IPs as its check passes or fails (see package healthcheck).
// SIGTERM and SIGINT (ctx) withdraw the routes before exiting.
func runHealthcheck(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o, err := healthcheck.Parse(args, stderr)
	if err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return usageError("healthcheck: %v", err)
	}
	log, closeLog := healthcheck.NewLogger(o, stderr, isTerminal(stderr))
	defer closeLog()
	if o.PIDFile != "" {
		if err := os.WriteFile(o.PIDFile, fmt.Appendf(nil, "%d\n", os.Getpid()), 0o644); err != nil {
			return usageError("healthcheck: --pid: %v", err)
		}
	}
	// Resolved before the IPs are set up: a bad --user or --group is a
	// usage error that leaves the addresses alone.
	creds, err := healthcheck.ResolvePrivileges(o.User, o.Group)
	if err != nil {
		return usageError("healthcheck: %v", err)
	}
	var found []netip.Prefix
	if len(o.IPs) == 0 {
		if found, err = loopbackAddresses(o); err != nil {
			return fmt.Errorf("healthcheck: %w", err)
		}
	}
	ips, err := healthcheck.ServiceIPs(o, found)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	var addrs healthcheck.Addresses
	if o.IPSetup || o.DynamicIPSetup {
		if addrs, err = newAddresses(o, ips); err != nil {
			return fmt.Errorf("healthcheck: %w", err)
		}
	}
	if addrs != nil && o.IPSetup {
		if err := addrs.Setup(); err != nil {
			// ExaBGP's tool, run as a non-root user without --no-ip-setup,
			// goes on announcing (ip(8) fails with the status it ignores):
			// keep those setups working, with a warning.
			if !errors.Is(err, syscall.EPERM) && !errors.Is(err, syscall.EACCES) {
				return fmt.Errorf("healthcheck: setting up the service IPs: %w", err)
			}
			log.Warn("cannot set up the service IPs (not root? give --no-ip-setup), going on without", "error", err)
		}
	}
	if err := creds.Drop(); err != nil {
		return fmt.Errorf("healthcheck: dropping privileges: %w", err)
	}
	// A closed stdout must fail the write (and stop the loop) rather than
	// kill the process with SIGPIPE.
	signal.Ignore(syscall.SIGPIPE)
	env := healthcheck.Env{
		Out:       stdout,
		Clock:     healthcheck.RealClock{},
		Checker:   &healthcheck.ShellChecker{Command: o.Command, Timeout: o.Timeout, Log: log},
		Hooks:     healthcheck.ShellHooks{Log: log},
		Addresses: addrs,
		Log:       log,
	}
	if o.Disable != "" {
		env.Disabled = func() bool { _, err := os.Stat(o.Disable); return err == nil }
	}
	// As ExaBGP's tool: no acks are read when stdout is a terminal.
	if !o.NoAck && !isTerminal(stdout) {
		env.Acks = stdin
	}
	ppid := os.Getppid()
	env.Orphaned = func() bool { return os.Getppid() != ppid }
	if err := healthcheck.Run(ctx, o, ips, env); err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	return nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
