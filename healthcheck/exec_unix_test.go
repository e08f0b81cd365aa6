//go:build unix

package healthcheck

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShellChecker(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	for _, tt := range []struct {
		cmd  string
		want bool
	}{
		{"true", true},
		{"exit 0", true},
		{"false", false},
		{"echo broken; exit 3", false},
		{"/nonexistent/check", false},
	} {
		t.Run(tt.cmd, func(t *testing.T) {
			c := &ShellChecker{Command: tt.cmd, Timeout: 5 * time.Second, Log: log}
			assert.Equal(t, tt.want, c.Check(t.Context()))
		})
	}
}

// processGone reports whether pid has exited (gone, or a zombie waiting
// for its new parent to reap it).
func processGone(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] == 'Z'
}

// TestCheckTimeoutKillsGroup: a hanging check fails at the timeout and
// the whole process group dies, the background children of the shell
// included.
func TestCheckTimeoutKillsGroup(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to watch the processes")
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	c := &ShellChecker{
		Command: "sleep 30 & echo $! > " + pidFile + "; sleep 30",
		Timeout: 300 * time.Millisecond,
		Log:     slog.New(slog.DiscardHandler),
	}
	start := time.Now()
	assert.False(t, c.Check(t.Context()))
	took := time.Since(start)
	assert.Less(t, took, 5*time.Second, "the check must end at the timeout")
	assert.GreaterOrEqual(t, took, 300*time.Millisecond)
	b, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	deadline := time.Now().Add(5 * time.Second)
	for !processGone(pid) {
		require.True(t, time.Now().Before(deadline), "background child %d of the check survived the timeout", pid)
		time.Sleep(10 * time.Millisecond) // polling a process state; no event to wait on
	}
}

// TestCheckCancelled: the end of ctx (SIGTERM) stops a running check.
func TestCheckCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	c := &ShellChecker{Command: "sleep 30", Log: slog.New(slog.DiscardHandler)}
	done := make(chan bool, 1)
	go func() { done <- c.Check(ctx) }()
	cancel()
	select {
	case ok := <-done:
		assert.False(t, ok)
	case <-time.After(5 * time.Second):
		t.Fatal("the check survived its context")
	}
}

func TestShellHooks(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	ShellHooks{Log: slog.New(slog.DiscardHandler)}.Run(t.Context(), Down, []string{
		"echo first $STATE >> " + out,
		"exit 1",
		"echo second $STATE >> " + out,
	})
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, "first DOWN\nsecond DOWN\n", string(b))
}
