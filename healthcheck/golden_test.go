package healthcheck

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// golden is one file of testdata/golden: a scenario (its header) and the
// lines Debian's ExaBGP printed for it.
type golden struct {
	args   []string
	checks []string
	events map[int][]string // output line number → enable/disable
	hooks  []string
	hasHk  bool
	lines  []string
}

func readGolden(t *testing.T, path string) golden {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	g := golden{events: map[int][]string{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# arg: "):
			g.args = append(g.args, strings.TrimPrefix(line, "# arg: "))
		case strings.HasPrefix(line, "# checks: "):
			g.checks = strings.Fields(strings.TrimPrefix(line, "# checks: "))
		case strings.HasPrefix(line, "# events: "):
			for _, ev := range strings.Fields(strings.TrimPrefix(line, "# events: ")) {
				action, n, ok := strings.Cut(ev, "@")
				require.True(t, ok, ev)
				i, err := strconv.Atoi(n)
				require.NoError(t, err)
				g.events[i] = append(g.events[i], action)
			}
		case strings.HasPrefix(line, "# hooks:"):
			g.hasHk = true
			g.hooks = strings.Fields(strings.TrimPrefix(line, "# hooks:"))
		case strings.HasPrefix(line, "#"):
		default:
			g.lines = append(g.lines, line)
		}
	}
	require.NoError(t, sc.Err())
	return g
}

// fakeClock records the sleeps and returns at once.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Duration
	sleeps []time.Duration
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now += d
	c.sleeps = append(c.sleeps, d)
	return nil
}

// scripted replays check results as testdata/check.sh does: the next
// result per check, "+disable" creating the disable file, and when they
// run out, the equivalent of SIGTERM (cancel).
type scripted struct {
	results  []string
	disabled *bool
	cancel   context.CancelFunc
	calls    int
}

func (s *scripted) Check(ctx context.Context) bool {
	if s.calls >= len(s.results) {
		s.cancel()
		return false
	}
	r := s.results[s.calls]
	s.calls++
	if strings.HasSuffix(r, "+disable") {
		*s.disabled = true
	}
	return strings.HasPrefix(r, "pass")
}

// outputLines records the lines printed and applies the scenario's
// events once a line is complete, before its ack is read (as capture.py).
type outputLines struct {
	lines    []string
	events   map[int][]string
	disabled *bool
}

func (o *outputLines) Write(b []byte) (int, error) {
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if l == "" {
			continue
		}
		o.lines = append(o.lines, strings.TrimSuffix(l, "\n"))
		for _, a := range o.events[len(o.lines)] {
			*o.disabled = a == "disable"
		}
	}
	return len(b), nil
}

// doneForever answers "done" to every line.
type doneForever struct{}

func (doneForever) Read(b []byte) (int, error) {
	n := 0
	for n+5 <= len(b) {
		n += copy(b[n:], "done\n")
	}
	return n, nil
}

type hookLog struct{ states []string }

func (h *hookLog) Run(_ context.Context, state State, cmds []string) {
	for range cmds {
		h.states = append(h.states, state.String())
	}
}

// harnessArgs are the options capture.py gives the Python tool before a
// scenario's own (--cmd and --disable are faked here).
var harnessArgs = []string{"--no-syslog", "--no-ip-setup", "--pid", "/dev/null", "--disable", "DIR/disable",
	"--cmd", "sh CHECK DIR", "--interval", "0.01", "--fast-interval", "0.01"}

// replay runs a scenario on the fake clock and returns what it printed.
func replay(t *testing.T, g golden) ([]string, *hookLog, *fakeClock) {
	t.Helper()
	args := append([]string(nil), harnessArgs...)
	if g.hasHk {
		for _, f := range []string{"--execute", "--up-execute", "--down-execute", "--disabled-execute"} {
			args = append(args, f, "echo $STATE >> DIR/hooks")
		}
	}
	args = append(args, g.args...)
	o, err := Parse(args, os.Stderr)
	require.NoError(t, err)
	ips, err := ServiceIPs(o, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	disabled := false
	out := &outputLines{events: g.events, disabled: &disabled}
	hooks := &hookLog{}
	clock := &fakeClock{}
	env := Env{
		Out:      out,
		Clock:    clock,
		Checker:  &scripted{results: g.checks, disabled: &disabled, cancel: cancel},
		Hooks:    hooks,
		Disabled: func() bool { return disabled },
	}
	if !o.NoAck {
		env.Acks = doneForever{}
	}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o, ips, env) }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	return out.lines, hooks, clock
}

// TestGolden replays every scenario of testdata/golden on a fake clock
// and compares the lines with those Debian's ExaBGP 4.2 printed.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.golden"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 10)
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".golden"), func(t *testing.T) {
			g := readGolden(t, f)
			require.NotEmpty(t, g.lines)
			lines, hooks, _ := replay(t, g)
			assert.Equal(t, g.lines, lines)
			if g.hasHk {
				assert.Equal(t, g.hooks, hooks.states)
			}
		})
	}
}

// TestGoldenStillMatchesExaBGP re-captures the goldens from Debian's
// ExaBGP when it is installed (CI installs it) and compares them with the
// committed ones, so that a golden cannot drift from what ExaBGP prints.
func TestGoldenStillMatchesExaBGP(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Debian's ExaBGP; skipped with -short")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import exabgp.application.healthcheck").Run(); err != nil {
		t.Skipf("Debian's exabgp is not installed (apt-get install exabgp): %v", err)
	}
	out := t.TempDir()
	cmd := exec.Command("/usr/bin/python3", filepath.Join("testdata", "capture.py"), "--out", out)
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", b)
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.golden"))
	require.NoError(t, err)
	for _, f := range files {
		want, err := os.ReadFile(f)
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(out, filepath.Base(f)))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s differs from what ExaBGP prints now", f)
	}
}
