package api

import (
	"bufio"
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// qaDir holds ExaBGP 4.2's functional test data, read at test time.
const qaDir = "../../shared/exabgp-qa"

// nopCtl accepts everything.
type nopCtl struct{}

func (nopCtl) Announce(context.Context, string, session.Selector, []config.Route) error { return nil }
func (nopCtl) Withdraw(context.Context, string, session.Selector, []config.Route) error { return nil }
func (nopCtl) AnnounceEOR(context.Context, string, session.Selector, []codec.Family) error {
	return nil
}
func (nopCtl) Teardown(context.Context, session.Selector, uint8) error { return nil }
func (nopCtl) Watchdog(context.Context, string, bool) error            { return nil }

// TestQACommands runs every command the helpers of ExaBGP's functional
// tests send, with the real route parser: each must be answered done.
func TestQACommands(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(qaDir, "api", "*.commands"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skip("no QA data at " + qaDir)
	}
	for _, f := range files {
		n := neighbor("127.0.0.1", 1, 1, "p")
		multi := strings.Contains(f, "multisession")
		if multi {
			// as etc/api-multisession.conf
			n.Capabilities.MultiSession = true
			n.Families = []codec.Family{codec.IPv4Unicast}
		}
		cfg := &config.Config{Processes: []*config.Process{{Name: "p"}}, Neighbors: []*config.Neighbor{n}}
		m := New(cfg, testEnv(), nopCtl{}, testLog(t), Options{})
		h := m.helperNamed("p")
		fh, err := os.Open(f)
		require.NoError(t, err)
		s := bufio.NewScanner(fh)
		for s.Scan() {
			line := s.Text()
			if strings.HasPrefix(line, "#") || line == "" {
				continue
			}
			want := "done"
			if strings.Contains(line, "neighbor absentone") || strings.Contains(line, "local-as 2 peer-as 3") ||
				(multi && strings.Contains(line, "family-allowed in-open")) {
				want = "error" // prefixes matching no neighbor
			}
			t.Run(filepath.Base(f)+"/"+line, func(t *testing.T) {
				r := &cliReply{}
				m.execute(context.Background(), h, line, r)
				assert.Equal(t, []string{want}, r.lines)
			})
		}
		fh.Close()
	}
}

// BenchmarkAnnounceRoute measures the helper line path of the hot command.
func BenchmarkAnnounceRoute(b *testing.B) {
	n := neighbor("127.0.0.1", 1, 1, "p")
	n.PeerAddress = netip.MustParseAddr("127.0.0.1")
	cfg := &config.Config{Processes: []*config.Process{{Name: "p"}}, Neighbors: []*config.Neighbor{n}}
	m := New(cfg, config.Env{APIAck: true}, nopCtl{}, testLog(&testing.T{}), Options{})
	h := m.helperNamed("p")
	q := newOutQueue(1<<30, m.log)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		m.runLine(ctx, h, "announce route 10.0.0.0/24 next-hop 1.2.3.4 med 100", q)
		q.buf = q.buf[:0]
	}
}

// countCtl counts announced routes.
type countCtl struct {
	nopCtl
	n chan int
}

func (c countCtl) Announce(_ context.Context, _ string, _ session.Selector, rs []config.Route) error {
	c.n <- len(rs)
	return nil
}

// BenchmarkHelperLines measures a real helper printing b.N "announce
// route" lines, from its stdout to the controller.
func BenchmarkHelperLines(b *testing.B) {
	dir := b.TempDir()
	body := `awk -v n=` + strconv.Itoa(b.N) + ` 'BEGIN { for (i = 0; i < n; i++) printf "announce route 10.%d.%d.0/24 next-hop 1.2.3.4\n", i/256%256, i%256 }'
exec sleep 100
`
	require.NoError(b, os.WriteFile(filepath.Join(dir, "flood.sh"), []byte("#!/bin/sh\n"+body), 0o755))
	p := &config.Process{Name: "flood", Run: "./flood.sh", Dir: dir}
	n := neighbor("127.0.0.1", 1, 1, "flood")
	ctl := countCtl{n: make(chan int, 1024)}
	cfg := &config.Config{Processes: []*config.Process{p}, Neighbors: []*config.Neighbor{n}}
	m := New(cfg, config.Env{APIAck: true}, ctl, testLog(&testing.T{}), Options{StopGrace: 100 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	b.ResetTimer()
	go func() { _ = m.Run(ctx); close(done) }()
	for got := 0; got < b.N; {
		got += <-ctl.n
	}
	b.StopTimer()
	cancel()
	<-done
}
