//go:build unix

package healthcheck

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// ShellChecker runs the check command with /bin/sh -c in a process group
// of its own; past Timeout (0: none) the whole group is killed and the
// check fails.
type ShellChecker struct {
	Command string
	Timeout time.Duration
	Log     *slog.Logger
}

// Check runs the command once; exit status 0 is healthy.
func (c *ShellChecker) Check(ctx context.Context) bool {
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	var out bytes.Buffer
	cmd := shell(ctx, c.Command)
	cmd.Stdout = &out
	cmd.Stderr = &out
	c.Log.Debug("checking command", "command", c.Command)
	err := cmd.Run()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		c.Log.Warn("timeout while running check command", "timeout", c.Timeout, "command", c.Command)
		return false
	case err != nil:
		c.Log.Warn("check command was unsuccessful", "error", err)
		if s := strings.TrimSpace(out.String()); s != "" {
			c.Log.Info("output of check command", "output", s)
		}
		return false
	}
	c.Log.Debug("command was executed successfully", "output", out.String())
	return true
}

// shell is "/bin/sh -c command" in a new process group that the end of
// ctx kills as a whole (the shell and whatever it started).
func shell(ctx context.Context, command string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	// A grandchild that left the group may hold the output pipe open.
	cmd.WaitDelay = time.Second
	return cmd
}

// ShellHooks runs the execute hooks with /bin/sh -c, $STATE in their
// environment, their output discarded, one after the other.
type ShellHooks struct{ Log *slog.Logger }

// Run runs cmds in turn, waiting for each.
func (h ShellHooks) Run(ctx context.Context, state State, cmds []string) {
	for _, c := range cmds {
		h.Log.Debug("transition, execute", "state", state, "command", c)
		cmd := shell(ctx, c)
		cmd.Env = append(os.Environ(), "STATE="+state.String())
		if err := cmd.Run(); err != nil {
			h.Log.Debug("execute hook", "command", c, "error", err)
		}
	}
}

// RealClock sleeps on the wall clock.
type RealClock struct{}

// Sleep waits for d or until ctx ends.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
