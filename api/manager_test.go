package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// fakeCtl records what commands ask of the sessions.
type fakeCtl struct {
	mu    sync.Mutex
	calls []string
	// up lists the established neighbors; nil: none.
	up []*config.Neighbor
}

func (f *fakeCtl) record(s string) {
	f.mu.Lock()
	f.calls = append(f.calls, s)
	f.mu.Unlock()
}

func (f *fakeCtl) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func selString(sel session.Selector) string {
	if len(sel) == 0 {
		return "bound"
	}
	var parts []string
	for _, p := range sel {
		parts = append(parts, p.PeerAddress.String())
	}
	return strings.Join(parts, ",")
}

func routesString(rs []config.Route) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.NLRI.String()+" "+r.NextHop.String())
	}
	return strings.Join(parts, ",")
}

func (f *fakeCtl) Announce(_ context.Context, process string, sel session.Selector, routes []config.Route) error {
	f.record(fmt.Sprintf("%s announce %s to %s", process, routesString(routes), selString(sel)))
	return nil
}

func (f *fakeCtl) Withdraw(_ context.Context, process string, sel session.Selector, routes []config.Route) error {
	f.record(fmt.Sprintf("%s withdraw %s to %s", process, routesString(routes), selString(sel)))
	return nil
}

func (f *fakeCtl) AnnounceEOR(_ context.Context, process string, sel session.Selector, families []codec.Family) error {
	f.record(fmt.Sprintf("%s eor %v to %s", process, families, selString(sel)))
	return nil
}

func (f *fakeCtl) Established() []*config.Neighbor { return f.up }

func (f *fakeCtl) Teardown(_ context.Context, sel session.Selector, code uint8) error {
	f.record(fmt.Sprintf("teardown %d to %s", code, selString(sel)))
	return nil
}

// fakeParse understands "announce|withdraw route PREFIX [next-hop IP]".
func fakeParse(words []string) ([]config.Route, error) {
	if len(words) < 3 || words[1] != "route" {
		return nil, errors.New("not a route")
	}
	p, err := netip.ParsePrefix(words[2])
	if err != nil {
		return nil, err
	}
	r := config.Route{NLRI: codec.NewPrefix(p)}
	if len(words) >= 5 && words[3] == "next-hop" {
		if r.NextHop, err = netip.ParseAddr(words[4]); err != nil {
			return nil, err
		}
	}
	return []config.Route{r}, nil
}

func testLog(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func testEnv() config.Env {
	return config.Env{APIAck: true, APIRespawn: true, APIEncoder: "json"}
}

func neighbor(peer string, localAS, peerAS uint32, procs ...string) *config.Neighbor {
	return &config.Neighbor{
		PeerAddress:  netip.MustParseAddr(peer),
		LocalAddress: netip.MustParseAddr("127.0.0.1"),
		RouterID:     netip.MustParseAddr("1.2.3.4"),
		LocalAS:      localAS,
		PeerAS:       peerAS,
		APIs:         []config.API{{Processes: procs}},
	}
}

// script writes a /bin/sh helper into dir and returns its process.
func script(t *testing.T, dir, name, body string, respawn bool) *config.Process {
	t.Helper()
	path := filepath.Join(dir, name+".sh")
	require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755))
	return &config.Process{Name: name, Run: "./" + name + ".sh", Dir: dir, Encoder: "text", Respawn: respawn}
}

// readFileLines waits until path holds n lines and returns them.
func readFileLines(t *testing.T, path string, n int) []string {
	t.Helper()
	var lines []string
	require.Eventually(t, func() bool {
		b, err := os.ReadFile(path)
		if err != nil {
			return false
		}
		lines = strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		return len(lines) >= n && string(b) != ""
	}, 10*time.Second, 10*time.Millisecond, "waiting for %d lines in %s", n, path)
	return lines
}

// runner is a Manager running for a test.
type runner struct {
	cancel context.CancelFunc
	done   chan struct{} // closed when Run returned
	err    error
}

// start runs m until the test ends.
func start(t *testing.T, m *Manager) *runner {
	ctx, cancel := context.WithCancel(context.Background())
	r := &runner{cancel: cancel, done: make(chan struct{})}
	go func() { r.err = m.Run(ctx); close(r.done) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	return r
}

// wait waits for Run to return by itself and returns its error.
func (r *runner) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-r.done:
		return r.err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

func TestHelperAcks(t *testing.T) {
	dir := t.TempDir()
	p := script(t, dir, "acks", `
printf 'announce route 10.0.0.0/24 next-hop 1.1.1.1\n'
printf 'announce route bogus next-hop 1.1.1.1\n'
printf '\n'
printf '# a comment\n'
printf 'no such command\n'
printf 'withdraw route 10.0.0.0/24\n'
printf 'version\n'
printf 'announce eor\n'
printf 'neighbor 127.0.0.1 teardown 4\n'
printf 'show neighbor\n'
i=0
while [ $i -lt 13 ] && read -r l; do echo "$l" >> out; i=$((i+1)); done
`, false)
	n := neighbor("127.0.0.1", 1, 1, "acks")
	ctl := &fakeCtl{up: []*config.Neighbor{n}}
	cfg := &config.Config{Processes: []*config.Process{p}, Neighbors: []*config.Neighbor{n}}
	m := New(cfg, testEnv(), ctl, testLog(t), Options{ParseRoutes: fakeParse})
	start(t, m)

	got := readFileLines(t, filepath.Join(dir, "out"), 13)
	assert.Equal(t, []string{
		"done", "error", "error", "done", "error", "done",
		"exabgp 4.2.21", "done",
		"done",
		"done",
		"please specify summary, extensive or configuration",
		"you can filter by peer ip address adding it after the word neighbor",
		"done",
	}, got)
	assert.Equal(t, []string{
		"acks announce 10.0.0.0/24 1.1.1.1 to bound",
		"acks withdraw 10.0.0.0/24 invalid IP to bound",
		" eor [ipv4 unicast] to 127.0.0.1",
		"teardown 4 to 127.0.0.1",
	}, ctl.Calls())
}

func TestHelperNoAck(t *testing.T) {
	dir := t.TempDir()
	p := script(t, dir, "noack", `
printf 'announce route 10.0.0.0/24 next-hop 1.1.1.1\n'
printf 'bogus\n'
printf 'version\n'
read -r l; echo "$l" >> out
`, false)
	n := neighbor("127.0.0.1", 1, 1, "noack")
	env := testEnv()
	env.APIAck = false
	cfg := &config.Config{Processes: []*config.Process{p}, Neighbors: []*config.Neighbor{n}}
	m := New(cfg, env, &fakeCtl{}, testLog(t), Options{ParseRoutes: fakeParse})
	start(t, m)
	assert.Equal(t, []string{"exabgp 4.2.21"}, readFileLines(t, filepath.Join(dir, "out"), 1))
}

func TestRespawnLimit(t *testing.T) {
	dir := t.TempDir()
	p := script(t, dir, "dies", "echo started >> starts\n", true)
	cfg := &config.Config{Processes: []*config.Process{p}}
	fixed := time.Unix(1_700_000_000, 0)
	m := New(cfg, testEnv(), &fakeCtl{}, testLog(t), Options{Now: func() time.Time { return fixed }})
	err := start(t, m).wait(t)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "process dies")
	b, err := os.ReadFile(filepath.Join(dir, "starts"))
	require.NoError(t, err)
	assert.Equal(t, respawnLimit, strings.Count(string(b), "started"))
}

func TestRespawnLimiterWindow(t *testing.T) {
	var l respawnLimiter
	base := time.Unix(1_700_000_000&^63, 0)
	for i := range respawnLimit {
		require.True(t, l.start(base.Add(time.Duration(i)*time.Second)), "start %d", i)
	}
	assert.False(t, l.start(base.Add(10*time.Second)), "one start too many in the window")
	assert.True(t, l.start(base.Add(64*time.Second)), "next window starts afresh")
}

func TestNoRespawn(t *testing.T) {
	tests := []struct {
		name      string
		procFlag  bool
		env       func(*config.Env)
		wantError bool
	}{
		{name: "process respawn false", procFlag: false, env: func(*config.Env) {}},
		{name: "api.respawn false", procFlag: true, env: func(e *config.Env) { e.APIRespawn = false }},
		{name: "api.terminate", procFlag: false, env: func(e *config.Env) { e.APITerminate = true }, wantError: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := script(t, dir, "once", "echo started >> starts\n", tt.procFlag)
			env := testEnv()
			tt.env(&env)
			m := New(&config.Config{Processes: []*config.Process{p}}, env, &fakeCtl{}, testLog(t), Options{})
			run := start(t, m)
			readFileLines(t, filepath.Join(dir, "starts"), 1)
			if tt.wantError {
				require.Error(t, run.wait(t))
				return
			}
			// Run keeps going after the helper ended; it stops on cancel
			select {
			case <-run.done:
				t.Fatalf("Run returned early: %v", run.err)
			case <-time.After(200 * time.Millisecond):
			}
			run.cancel()
			require.NoError(t, run.wait(t))
			b, err := os.ReadFile(filepath.Join(dir, "starts"))
			require.NoError(t, err)
			assert.Equal(t, 1, strings.Count(string(b), "started"))
		})
	}
}

func TestStuckHelperDoesNotBlockOthers(t *testing.T) {
	dir := t.TempDir()
	const routes = 20000
	// stuck floods commands and never reads its stdin
	stuck := script(t, dir, "stuck", fmt.Sprintf(`
i=0
while [ $i -lt %d ]; do echo "announce route 10.0.0.0/24 next-hop 1.1.1.1"; i=$((i+1)); done
echo flooded > flooded
exec sleep 1000
`, routes), false)
	// good waits for stuck to have flooded, then talks
	good := script(t, dir, "good", `
while [ ! -f flooded ]; do sleep 0.05; done
echo "version"
read -r l; echo "$l" >> out
read -r l; echo "$l" >> out
`, false)
	n := neighbor("127.0.0.1", 1, 1, "stuck", "good")
	ctl := &fakeCtl{}
	cfg := &config.Config{Processes: []*config.Process{stuck, good}, Neighbors: []*config.Neighbor{n}}
	m := New(cfg, testEnv(), ctl, testLog(t), Options{ParseRoutes: fakeParse, QueueBytes: 4096, StopGrace: 200 * time.Millisecond})
	start(t, m)

	assert.Equal(t, []string{"exabgp 4.2.21", "done"}, readFileLines(t, filepath.Join(dir, "out"), 2))
	require.Eventually(t, func() bool { return len(ctl.Calls()) == routes }, 10*time.Second, 10*time.Millisecond)
	// events to the stuck helper are dropped, not blocking
	for range 1000 {
		m.StateChanged(n, session.PeerInfo{PeerAddress: n.PeerAddress}, session.StateUp, "")
	}
}

func TestLongLine(t *testing.T) {
	dir := t.TempDir()
	// a 200 kB line (longer than the read buffer) still arrives whole
	p := script(t, dir, "long", `
pad=$(head -c 200000 /dev/zero | tr '\0' 'x')
echo "# $pad"
echo "version"
read -r l; echo "$l" >> out
read -r l; echo "$l" >> out
read -r l; echo "$l" >> out
`, false)
	m := New(&config.Config{Processes: []*config.Process{p}}, testEnv(), &fakeCtl{}, testLog(t), Options{})
	start(t, m)
	assert.Equal(t, []string{"done", "exabgp 4.2.21", "done"}, readFileLines(t, filepath.Join(dir, "out"), 3))
}

func TestShutdownNotice(t *testing.T) {
	dir := t.TempDir()
	// reads until EOF, recording everything
	p := script(t, dir, "reader", "echo ready > ready\ncat >> out\necho eof >> out\n", false)
	n := neighbor("127.0.0.1", 1, 1, "reader")
	n.APIs[0].NeighborChanges = true
	cfg := &config.Config{Processes: []*config.Process{p}, Neighbors: []*config.Neighbor{n}}
	m := New(cfg, testEnv(), &fakeCtl{}, testLog(t), Options{})
	run := start(t, m)
	readFileLines(t, filepath.Join(dir, "ready"), 1)
	m.StateChanged(n, session.PeerInfo{PeerAddress: n.PeerAddress, LocalAddress: n.LocalAddress}, session.StateUp, "")
	run.cancel()
	require.NoError(t, run.wait(t))
	b, err := os.ReadFile(filepath.Join(dir, "out"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "neighbor 127.0.0.1 up\n")
	assert.Contains(t, string(b), "shutdown ")
	assert.True(t, strings.HasSuffix(string(b), "eof\n"), "stdin closed on stop: %q", b)
}

func TestResolveRun(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "local.sh"), []byte("#!/bin/sh\n"), 0o755))
	tests := []struct{ run, want string }{
		{"local.sh --flag x", "'" + dir + "/local.sh' --flag x"},
		{"./local.sh", "./local.sh"},
		{"sh -c 'exit 0'", "sh -c 'exit 0'"},
		{"missing.sh", "missing.sh"},
		{"/bin/true", "/bin/true"},
	}
	for _, tt := range tests {
		t.Run(tt.run, func(t *testing.T) {
			assert.Equal(t, tt.want, resolveRun(tt.run, dir))
		})
	}
}

func TestReloadAndRestart(t *testing.T) {
	dir := t.TempDir()
	body := func(name string) string {
		return "echo start >> " + name + ".starts\ncat > /dev/null\necho stopped >> " + name + ".starts\n"
	}
	a := script(t, dir, "a", body("a"), true)
	b := script(t, dir, "b", body("b"), true)
	c := script(t, dir, "c", body("c"), true)
	n1 := neighbor("10.0.0.1", 1, 1, "a")
	n2 := neighbor("10.0.0.2", 1, 1, "a")
	cfg1 := &config.Config{Processes: []*config.Process{a, c}, Neighbors: []*config.Neighbor{n1}}
	m := New(cfg1, testEnv(), &fakeCtl{}, testLog(t), Options{StopGrace: 200 * time.Millisecond})
	start(t, m)
	readFileLines(t, filepath.Join(dir, "a.starts"), 1)
	readFileLines(t, filepath.Join(dir, "c.starts"), 1)
	assert.Equal(t, []*config.Neighbor{n1}, m.bound(m.helperNamed("a")))

	m.Reload(&config.Config{Processes: []*config.Process{a, b}, Neighbors: []*config.Neighbor{n2}})
	assert.Equal(t, []string{"start"}, readFileLines(t, filepath.Join(dir, "b.starts"), 1))
	assert.Equal(t, []string{"start", "stopped"}, readFileLines(t, filepath.Join(dir, "c.starts"), 2), "removed helper stopped")
	assert.Equal(t, []*config.Neighbor{n2}, m.bound(m.helperNamed("a")), "bindings follow the new configuration")
	assert.Nil(t, m.helperNamed("c"))
	assert.Equal(t, []string{"a", "b"}, m.ProcessNames())

	m.RestartHelpers()
	assert.Equal(t, []string{"start", "stopped", "start"}, readFileLines(t, filepath.Join(dir, "a.starts"), 3), "a kept running until the restart")
	assert.Equal(t, []string{"start", "stopped", "start"}, readFileLines(t, filepath.Join(dir, "b.starts"), 3))
}
