package healthcheck

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runScripted runs Run with args and the scripted checks on a fake clock
// and returns the lines, the sleeps and the error.
func runScripted(t *testing.T, args []string, checks []string, env Env) ([]string, []time.Duration, error) {
	t.Helper()
	o, err := Parse(append([]string{"--no-ip-setup", "--cmd", "scripted"}, args...), io.Discard)
	require.NoError(t, err)
	ips, err := ServiceIPs(o, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	disabled := false
	out := &outputLines{disabled: &disabled}
	clock := &fakeClock{}
	if env.Out == nil {
		env.Out = out
	}
	env.Clock = clock
	if env.Checker == nil {
		env.Checker = &scripted{results: checks, disabled: &disabled, cancel: cancel}
	}
	env.Disabled = func() bool { return disabled }
	errc := make(chan error, 1)
	go func() { errc <- Run(ctx, o, ips, env) }()
	select {
	case err = <-errc:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	return out.lines, clock.sleeps, err
}

// TestIntervals: the fast interval while rising or falling, the interval
// in a stable state.
func TestIntervals(t *testing.T) {
	_, sleeps, err := runScripted(t, []string{"--ip", "192.0.2.1", "--interval", "7", "--fast-interval", "2", "--rise", "2", "--fall", "3"},
		[]string{"pass", "pass", "pass", "fail", "fail", "fail", "fail"}, Env{Acks: doneForever{}})
	require.NoError(t, err)
	f, i := 2*time.Second, 7*time.Second
	assert.Equal(t, []time.Duration{f, i, i, f, f, i, i}, sleeps)
}

// TestDebounce (ExaBGP 5.0): the lines are printed on state changes only.
func TestDebounce(t *testing.T) {
	lines, _, err := runScripted(t, []string{"--ip", "192.0.2.1", "--rise", "1", "--fall", "1", "--debounce", "--no-ack"},
		[]string{"pass", "pass", "pass", "fail", "fail", "pass"}, Env{})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"announce route 192.0.2.1/32 next-hop self med 100",
		"announce route 192.0.2.1/32 next-hop self med 1000",
		"announce route 192.0.2.1/32 next-hop self med 100",
		"withdraw route 192.0.2.1/32 next-hop self",
	}, lines)
}

func TestNeighborStar(t *testing.T) {
	lines, _, err := runScripted(t, []string{"--ip", "192.0.2.1", "--rise", "1", "--neighbor", "*", "--no-ack"}, []string{"pass"}, Env{})
	require.NoError(t, err)
	assert.Equal(t, "announce route 192.0.2.1/32 next-hop self med 100", lines[0])
}

type fakeAddresses struct{ calls []string }

func (f *fakeAddresses) Setup() error  { f.calls = append(f.calls, "setup"); return nil }
func (f *fakeAddresses) Remove() error { f.calls = append(f.calls, "remove"); return nil }

// TestDynamicIPSetup: the IPs are restored before announcing UP, removed
// after DOWN and DISABLED with --dynamic-ip-setup, and on exit.
func TestDynamicIPSetup(t *testing.T) {
	addrs := &fakeAddresses{}
	_, _, err := runScripted(t, []string{"--ip", "192.0.2.1", "--rise", "1", "--fall", "1", "--dynamic-ip-setup", "--no-ack"},
		[]string{"pass", "fail", "pass"}, Env{Addresses: addrs})
	require.NoError(t, err)
	assert.Equal(t, []string{"setup", "remove", "setup", "remove"}, addrs.calls)

	addrs = &fakeAddresses{}
	_, _, err = runScripted(t, []string{"--ip", "192.0.2.1", "--rise", "1", "--fall", "1", "--no-ack", "--no-ip-setup=false"},
		[]string{"pass", "fail", "pass"}, Env{Addresses: addrs})
	require.NoError(t, err)
	assert.Equal(t, []string{"remove"}, addrs.calls, "without --dynamic-ip-setup only the exit removes")
}

type brokenPipe struct{ n int }

func (b *brokenPipe) Write(p []byte) (int, error) {
	b.n++
	if b.n > 1 {
		return 0, syscall.EPIPE
	}
	return len(p), nil
}

// TestOutputClosedStops: a write error ends the loop (no spinning).
func TestOutputClosedStops(t *testing.T) {
	_, sleeps, err := runScripted(t, []string{"--ip", "192.0.2.1", "--rise", "1", "--no-ack"},
		[]string{"pass", "pass", "pass", "pass"}, Env{Out: &brokenPipe{}})
	assert.ErrorIs(t, err, ErrOutputClosed)
	assert.ErrorIs(t, err, syscall.EPIPE)
	assert.Len(t, sleeps, 1)
}

// TestAcksClosed: when the daemon closes stdin the loop goes on without
// waiting for acks.
func TestAcksClosed(t *testing.T) {
	lines, _, err := runScripted(t, []string{"--ip", "192.0.2.1", "--rise", "1"},
		[]string{"pass", "pass"}, Env{Acks: strings.NewReader("done\n")})
	require.NoError(t, err)
	assert.Len(t, lines, 3)
}

// blockingAcks never answers.
type blockingAcks struct{ c chan struct{} }

func (b blockingAcks) Read([]byte) (int, error) { <-b.c; return 0, io.EOF }

// TestExitAckWaitBounded: on exit the wait for each withdraw's ack is
// bounded (the daemon may be stopping too).
func TestExitAckWaitBounded(t *testing.T) {
	acks := blockingAcks{c: make(chan struct{})}
	defer close(acks.c)
	o, err := Parse([]string{"--ip", "192.0.2.1", "--ip", "192.0.2.2", "--no-ip-setup"}, io.Discard)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	out := &outputLines{disabled: new(bool)}
	start := time.Now()
	err = Run(ctx, o, o.IPs, Env{Out: out, Acks: acks, Clock: &fakeClock{}, Checker: &scripted{}, AckWait: 50 * time.Millisecond})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, []string{"withdraw route 192.0.2.1/32 next-hop self", "withdraw route 192.0.2.2/32 next-hop self"}, out.lines)
}

func TestOrphaned(t *testing.T) {
	lines, _, err := runScripted(t, []string{"--ip", "192.0.2.1", "--rise", "1", "--no-ack"},
		[]string{"pass", "pass"}, Env{Orphaned: func() bool { return true }})
	require.NoError(t, err)
	assert.Empty(t, lines, "an orphaned healthcheck exits without printing")
}

func TestNoCommandAlwaysPasses(t *testing.T) {
	o, err := Parse([]string{"--ip", "192.0.2.1", "--rise", "1", "--interval", "0", "--no-ip-setup", "--no-ack"}, io.Discard)
	require.NoError(t, err)
	out := &outputLines{disabled: new(bool)}
	failing := &scripted{results: []string{"fail"}}
	require.NoError(t, Run(t.Context(), o, o.IPs, Env{Out: out, Clock: &fakeClock{}, Checker: failing}))
	assert.Equal(t, []string{"announce route 192.0.2.1/32 next-hop self med 100"}, out.lines)
	assert.Zero(t, failing.calls)
}

func TestServiceIPs(t *testing.T) {
	o, err := Parse([]string{"--ip", "10.0.0.0/31", "--ip", "10.0.1.1", "--start-ip", "-1", "--deaggregate-networks"}, io.Discard)
	require.NoError(t, err)
	ips, err := ServiceIPs(o, nil)
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.1.1/32"), netip.MustParsePrefix("10.0.0.0/32"), netip.MustParsePrefix("10.0.0.1/32")}, ips)

	o, err = Parse([]string{"--ip", "2001:db8::/64", "--deaggregate-networks"}, io.Discard)
	require.NoError(t, err)
	_, err = ServiceIPs(o, nil)
	var ue *UsageError
	assert.True(t, errors.As(err, &ue), "%v", err)

	o, err = Parse(nil, io.Discard)
	require.NoError(t, err)
	_, err = ServiceIPs(o, nil)
	assert.ErrorContains(t, err, "no IP found")
}

func testContext(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

// countedChecker is a Checker from a function of the call number (0-based).
type countedChecker struct {
	f func(i int) bool
	n int
}

func (c *countedChecker) Check(context.Context) bool {
	c.n++
	return c.f(c.n - 1)
}

// lineHook calls f with every line written.
type lineHook struct{ f func(string) }

func (l *lineHook) Write(b []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		l.f(line)
	}
	return len(b), nil
}

// TestAcksSkipEvents: lines that are not answers (session events the
// daemon also sends) are not taken for acks.
func TestAcksSkipEvents(t *testing.T) {
	acks := make(chan string)
	go readAcks(strings.NewReader("neighbor 127.0.0.1 up\ndone\n{\"type\": \"state\"}\nerror\n"), acks, nil)
	var got []string
	for a := range acks {
		got = append(got, a)
	}
	assert.Equal(t, []string{"done", "error"}, got)
}
