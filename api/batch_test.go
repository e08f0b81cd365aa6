package api

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// eachCtl is a Controller with UpdateEach that records every call, in
// order, and fails the routes whose prefix is in bad.
type eachCtl struct {
	nopCtl
	calls []string
	bad   map[netip.Prefix]bool
	err   error // returned by UpdateEach for the whole call
}

func (c *eachCtl) record(op string, rs []config.Route) {
	var ps []string
	for _, r := range rs {
		ps = append(ps, r.NLRI.(codec.Prefix).Prefix.String())
	}
	c.calls = append(c.calls, op+" "+strings.Join(ps, ","))
}

func (c *eachCtl) Announce(_ context.Context, _ string, _ session.Selector, rs []config.Route) error {
	c.record("announce", rs)
	return nil
}

func (c *eachCtl) AnnounceEOR(context.Context, string, session.Selector, []codec.Family) error {
	c.calls = append(c.calls, "eor")
	return nil
}

func (c *eachCtl) UpdateEach(_ context.Context, _ string, _ session.Selector, withdraw bool, rs []config.Route, errs []error) error {
	if c.err != nil {
		return c.err
	}
	op := "each-announce"
	if withdraw {
		op = "each-withdraw"
	}
	c.record(op, rs)
	for i, r := range rs {
		if c.bad[r.NLRI.(codec.Prefix).Prefix] {
			errs[i] = fmt.Errorf("neighbor 127.0.0.1: refused %s", r.NLRI)
		}
	}
	return nil
}

// nopEachCtl accepts everything, route by route too.
type nopEachCtl struct{ nopCtl }

func (nopEachCtl) UpdateEach(context.Context, string, session.Selector, bool, []config.Route, []error) error {
	return nil
}

func batchManager(t *testing.T, ctl Controller) (*Manager, *helper, *outQueue) {
	t.Helper()
	n := neighbor("127.0.0.1", 1, 1, "p")
	cfg := &config.Config{Processes: []*config.Process{{Name: "p"}}, Neighbors: []*config.Neighbor{n}}
	m := New(cfg, testEnv(), ctl, testLog(t), Options{})
	h := m.helperNamed("p")
	require.NotNil(t, h)
	return m, h, newOutQueue(1<<20, m.log)
}

// TestRunLinesBatch checks that consecutive route lines reach the
// sessions in one request per action while every line keeps its own
// answer, in order, and other commands keep their place.
func TestRunLinesBatch(t *testing.T) {
	tests := []struct {
		name      string
		lines     []string
		bad       []string
		err       error
		wantCalls []string
		wantAcks  []string
	}{
		{
			name: "one request per burst",
			lines: []string{
				"announce route 10.0.0.1/32 next-hop 192.0.2.1",
				"announce route 10.0.0.2/32 next-hop 192.0.2.1",
				"announce route 10.0.0.3/32 next-hop 192.0.2.1",
			},
			wantCalls: []string{"each-announce 10.0.0.1/32,10.0.0.2/32,10.0.0.3/32"},
			wantAcks:  []string{"done", "done", "done"},
		},
		{
			name: "a bad line fails alone",
			lines: []string{
				"announce route 10.0.0.1/32 next-hop 192.0.2.1",
				"announce route 10.0.0.2/32",
				"announce route 10.0.0.300/32 next-hop 192.0.2.1",
				"announce route 10.0.0.4/32 next-hop 192.0.2.1",
			},
			wantCalls: []string{"each-announce 10.0.0.1/32,10.0.0.4/32"},
			wantAcks:  []string{"done", "error", "error", "done"},
		},
		{
			name: "a route refused by the sessions fails its line only",
			lines: []string{
				"announce route 10.0.0.1/32 next-hop 192.0.2.1",
				"announce route 10.0.0.2/32 next-hop 192.0.2.1",
				"announce route 10.0.0.3/32 next-hop 192.0.2.1",
			},
			bad:       []string{"10.0.0.2/32"},
			wantCalls: []string{"each-announce 10.0.0.1/32,10.0.0.2/32,10.0.0.3/32"},
			wantAcks:  []string{"done", "error", "done"},
		},
		{
			name: "a failed request fails every line with routes",
			lines: []string{
				"announce route 10.0.0.1/32 next-hop 192.0.2.1",
				"announce route 10.0.0.2/32",
			},
			err:      errors.New("reactor not running"),
			wantAcks: []string{"error", "error"},
		},
		{
			name: "actions and other commands keep their order",
			lines: []string{
				"announce route 10.0.0.1/32 next-hop 192.0.2.1",
				"withdraw route 10.0.0.1/32",
				"withdraw route 10.0.0.2/32",
				"announce eor",
				"announce route 10.0.0.3/32 next-hop 192.0.2.1",
				"neighbor 127.0.0.1 announce route 10.0.0.4/32 next-hop 192.0.2.1",
				"announce route 10.0.0.5/32 next-hop 192.0.2.1",
				"version",
			},
			wantCalls: []string{
				"each-announce 10.0.0.1/32",
				"each-withdraw 10.0.0.1/32,10.0.0.2/32",
				"eor",
				"each-announce 10.0.0.3/32",
				"announce 10.0.0.4/32",
				"each-announce 10.0.0.5/32",
			},
			wantAcks: []string{"done", "done", "done", "done", "done", "done", "done", "exabgp 4.2.21", "done"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctl := &eachCtl{bad: map[netip.Prefix]bool{}, err: tt.err}
			for _, p := range tt.bad {
				ctl.bad[netip.MustParsePrefix(p)] = true
			}
			m, h, q := batchManager(t, ctl)
			var b routeBatch
			h.runLines(context.Background(), strings.Join(tt.lines, "\n")+"\n", q, &b, true)
			assert.Equal(t, tt.wantCalls, ctl.calls)
			assert.Equal(t, strings.Join(tt.wantAcks, "\n")+"\n", string(q.buf))
			assert.Empty(t, b.lines)
			_ = m
		})
	}
}

// TestReadCommandsBatch feeds lines through a pipe, split anywhere, and
// checks every line is answered in order.
func TestReadCommandsBatch(t *testing.T) {
	ctl := &eachCtl{bad: map[netip.Prefix]bool{}}
	_, h, q := batchManager(t, ctl)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	var all strings.Builder
	const n = 5000
	for i := range n {
		fmt.Fprintf(&all, "announce route 10.%d.%d.0/24 next-hop 192.0.2.1\n", i>>8, i&255)
		if i%1000 == 999 {
			all.WriteString("version\n")
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.readCommands(context.Background(), r, q)
	}()
	data := all.String()
	for len(data) > 0 {
		k := min(len(data), 7777)
		_, err := w.Write([]byte(data[:k]))
		require.NoError(t, err)
		data = data[k:]
	}
	w.Close()
	<-done
	acks := strings.Split(strings.TrimSuffix(string(q.buf), "\n"), "\n")
	assert.Len(t, acks, n+2*(n/1000))
	routes := 0
	for _, c := range ctl.calls {
		routes += strings.Count(c, ",") + 1
	}
	assert.Equal(t, n, routes)
	assert.Less(t, len(ctl.calls), n/10, "lines are batched")
}

// BenchmarkRouteLines measures the batched helper line path: a buffer of
// "announce route" lines parsed, handed over and acknowledged.
func BenchmarkRouteLines(b *testing.B) {
	n := neighbor("127.0.0.1", 1, 1, "p")
	cfg := &config.Config{Processes: []*config.Process{{Name: "p"}}, Neighbors: []*config.Neighbor{n}}
	m := New(cfg, config.Env{APIAck: true}, nopEachCtl{}, testLog(&testing.T{}), Options{})
	h := m.helperNamed("p")
	q := newOutQueue(1<<30, m.log)
	var sb strings.Builder
	const lines = 1000
	for i := range lines {
		fmt.Fprintf(&sb, "announce route 10.0.%d.%d/32 next-hop 192.0.2.1\n", i>>8, i&255)
	}
	chunk := sb.String()
	ctx := context.Background()
	var batch routeBatch
	b.ReportAllocs()
	for b.Loop() {
		h.runLines(ctx, chunk, q, &batch, true)
		q.buf = q.buf[:0]
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/lines, "ns/line")
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
