package metrics

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/api"
	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/qa/peer"
	"github.com/exago/exago/session"
)

// scrape fetches /metrics over HTTP and parses the text exposition format.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	require.NoError(t, err)
	return fams
}

// value finds the sample of family name whose labels include want; ok is
// false when there is none.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		}
	}
	return 0, false
}

// waitValue scrapes until the sample of name with labels want is v, and
// returns that scrape; it fails the test when ctx ends first.
func waitValue(ctx context.Context, t *testing.T, url, name string, want map[string]string, v float64) map[string]*dto.MetricFamily {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		fams := scrape(t, url)
		if got, ok := value(fams, name, want); ok && got == v {
			return fams
		}
		select {
		case <-ctx.Done():
			got, ok := value(fams, name, want)
			t.Fatalf("%s %v never reached %v (last: %v, present %v)", name, want, v, got, ok)
		case <-tick.C:
		}
	}
}

// announcer is a neighbor that sends routes to exago: it takes the
// daemon's session on ln, answers its OPEN with the same OPEN (router id
// + 1) and a KEEPALIVE, and drops whatever the daemon sends after.
type announcer struct {
	t    *testing.T
	conn net.Conn
}

func acceptAnnouncer(t *testing.T, ln net.Listener) *announcer {
	t.Helper()
	require.NoError(t, ln.(*net.TCPListener).SetDeadline(time.Now().Add(10*time.Second)))
	c, err := ln.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
	hdr := make([]byte, codec.HeaderLen)
	_, err = io.ReadFull(c, hdr)
	require.NoError(t, err)
	open := make([]byte, binary.BigEndian.Uint16(hdr[16:]))
	copy(open, hdr)
	_, err = io.ReadFull(c, open[codec.HeaderLen:])
	require.NoError(t, err)
	require.Equal(t, byte(codec.MsgOpen), open[18])
	open[27]++ // last byte of the router id
	require.NoError(t, c.SetReadDeadline(time.Time{}))
	go func() { _, _ = io.Copy(io.Discard, c) }()
	a := &announcer{t: t, conn: c}
	a.send(string(open))
	a.send(hexMsg("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0013:04"))
	return a
}

// hexMsg turns hex split by colons into bytes (as a string).
func hexMsg(h string) string {
	b, err := hex.DecodeString(strings.ReplaceAll(h, ":", ""))
	if err != nil {
		panic(err)
	}
	return string(b)
}

func (a *announcer) send(m string) {
	a.t.Helper()
	_, err := a.conn.Write([]byte(m))
	require.NoError(a.t, err)
}

type fakeHelpers []api.HelperStats

func (f fakeHelpers) HelperStats() []api.HelperStats { return f }

// TestScrapeDuringSession runs a real reactor against the QA sink peer
// over loopback and scrapes the endpoint until the session is up and its
// routes were sent. A second neighbor announces routes to exago and
// withdraws one: its adj-RIB-in size follows.
func TestScrapeDuringSession(t *testing.T) {
	lns, port, err := peer.Listen(0)
	require.NoError(t, err)
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// the announcer listens on another loopback address, same port
	annLn, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.3", strconv.Itoa(port)))
	require.NoError(t, err)
	defer annLn.Close()
	sinkDone := make(chan struct{})
	go func() {
		defer close(sinkDone)
		_, _ = peer.Sink(ctx, peer.SinkConfig{}, lns...)
	}()

	conf := filepath.Join(t.TempDir(), "exago.conf")
	require.NoError(t, os.WriteFile(conf, []byte(`neighbor 127.0.0.1 {
	description "sink";
	router-id 127.0.0.2;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	adj-rib-in false;
	static {
		route 192.0.2.0/24 next-hop 127.0.0.1;
		route 198.51.100.0/24 next-hop 127.0.0.1;
		route 203.0.113.0/24 next-hop 127.0.0.1;
	}
}
neighbor 127.0.0.3 {
	description "announcer";
	router-id 127.0.0.2;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	adj-rib-in true;
}
`), 0o644))
	cfg, err := config.Load(conf)
	require.NoError(t, err)
	env := config.DefaultEnv()
	env.TCPPort, env.TCPBind = uint16(port), nil
	reactor := session.New(cfg, env, nil, nil)

	reg := NewRegistry("1.2.3")
	remove := reg.Add(reactor, fakeHelpers{{Name: "watch", Running: true, Commands: 10, Errors: 3, Restarts: 1, Queued: 42}})
	ln, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- reg.Serve(ctx, ln, slog.New(slog.DiscardHandler)) }()
	url := "http://" + ln.Addr().String() + "/metrics"

	runCtx, stopRun := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- reactor.Run(runCtx) }()

	p := map[string]string{"peer": "127.0.0.1"}
	// the announcer: ORIGIN igp, empty AS_PATH, NEXT_HOP 127.0.0.3,
	// LOCAL_PREF 100 for 10.0.0.0/24 and 10.1.0.0/24, then 10.2.0.0/24
	ann := acceptAnnouncer(t, annLn)
	ann.send(hexMsg("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0034:02:0000:0015:40010100:400200:4003047F000003:40050400000064:180A0000:180A0100"))
	ann.send(hexMsg("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0029:02:0000:000E:40010100:400200:4003047F000003:180A0200"))
	a := map[string]string{"peer": "127.0.0.3"}
	waitValue(ctx, t, url, "exago_neighbor_adj_rib_in_routes", a, 3)
	// withdraw 10.1.0.0/24
	ann.send(hexMsg("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001B:02:0004:180A0100:0000"))
	waitValue(ctx, t, url, "exago_neighbor_adj_rib_in_routes", a, 2)

	// wait for the event (three routes sent), scraping, with a deadline
	fams := waitValue(ctx, t, url, "exago_neighbor_prefixes_sent_total", map[string]string{"peer": "127.0.0.1", "action": "announce"}, 3)
	v, ok := value(fams, "exago_neighbor_up", p)
	require.True(t, ok)
	assert.Equal(t, 1.0, v)
	v, _ = value(fams, "exago_neighbor_state", map[string]string{"peer": "127.0.0.1", "state": "established"})
	assert.Equal(t, 1.0, v)
	v, _ = value(fams, "exago_neighbor_state", map[string]string{"peer": "127.0.0.1", "state": "idle"})
	assert.Equal(t, 0.0, v)
	v, _ = value(fams, "exago_neighbor_adj_rib_out_routes", p)
	assert.Equal(t, 3.0, v)
	_, ok = value(fams, "exago_neighbor_adj_rib_in_routes", p)
	assert.False(t, ok, "adj-rib-in off: no series (the count is unknown, not 0)")
	v, _ = value(fams, "exago_neighbor_adj_rib_in_routes", a)
	assert.Equal(t, 2.0, v)
	v, _ = value(fams, "exago_neighbor_adj_rib_out_routes", a)
	assert.Equal(t, 0.0, v)
	v, _ = value(fams, "exago_neighbor_messages_sent_total", map[string]string{"peer": "127.0.0.1", "type": "open"})
	assert.Equal(t, 1.0, v)
	v, _ = value(fams, "exago_neighbor_messages_received_total", map[string]string{"peer": "127.0.0.1", "type": "open"})
	assert.Equal(t, 1.0, v)
	v, _ = value(fams, "exago_neighbor_updates_sent_total", p)
	assert.GreaterOrEqual(t, v, 2.0, "the routes and End-of-RIB")
	v, _ = value(fams, "exago_neighbor_info", map[string]string{"peer": "127.0.0.1", "peer_as": "65000", "description": "sink"})
	assert.Equal(t, 1.0, v)
	_, ok = value(fams, "exago_neighbor_last_notification_info", p)
	assert.False(t, ok, "no NOTIFICATION yet")
	v, _ = value(fams, "exago_build_info", map[string]string{"version": "1.2.3"})
	assert.Equal(t, 1.0, v)
	_, ok = value(fams, "go_goroutines", nil)
	assert.True(t, ok)

	v, _ = value(fams, "exago_helper_commands_total", map[string]string{"process": "watch", "result": "done"})
	assert.Equal(t, 7.0, v)
	v, _ = value(fams, "exago_helper_commands_total", map[string]string{"process": "watch", "result": "error"})
	assert.Equal(t, 3.0, v)
	v, _ = value(fams, "exago_helper_queue_bytes", map[string]string{"process": "watch"})
	assert.Equal(t, 42.0, v)
	v, _ = value(fams, "exago_helper_restarts_total", map[string]string{"process": "watch"})
	assert.Equal(t, 1.0, v)

	// stopping sends a Cease (6,2): the last NOTIFICATION, sent
	stopRun()
	require.NoError(t, <-ran)
	fams = scrape(t, url)
	v, ok = value(fams, "exago_neighbor_last_notification_info", map[string]string{"peer": "127.0.0.1", "direction": "sent", "code": "6", "subcode": "2"})
	require.True(t, ok)
	assert.Equal(t, 1.0, v)
	v, _ = value(fams, "exago_neighbor_up", p)
	assert.Equal(t, 0.0, v)
	v, ok = value(fams, "exago_neighbor_adj_rib_in_routes", a)
	require.True(t, ok)
	assert.Equal(t, 0.0, v, "the routes went with the session")

	remove()
	fams = scrape(t, url)
	_, ok = value(fams, "exago_neighbor_up", p)
	assert.False(t, ok, "a removed source is no longer reported")

	cancel()
	require.NoError(t, <-served)
	<-sinkDone
	_, err = http.Get(url)
	assert.Error(t, err, "the endpoint is closed with its context")
}

func TestListenBadAddress(t *testing.T) {
	_, err := Listen("127.0.0.1:notaport")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "metrics endpoint 127.0.0.1:notaport")
}

type fakePeers []session.PeerStats

func (f fakePeers) Stats() []session.PeerStats { return f }

// TestSamePeerTwice: two daemons (or two local addresses) with the same
// peer keep the scrape valid, each with its own series.
func TestSamePeerTwice(t *testing.T) {
	reg := NewRegistry("x")
	p := session.PeerStats{PeerAddress: netip.MustParseAddr("192.0.2.1"), LocalAddress: netip.MustParseAddr("192.0.2.2"), State: "established"}
	q := p
	q.LocalAddress = netip.MustParseAddr("192.0.2.3")
	reg.Add(fakePeers{p, q}, nil)
	reg.Add(fakePeers{p}, nil)
	srv := httptest.NewServer(reg.Handler())
	defer srv.Close()
	fams := scrape(t, srv.URL)
	for _, peer := range []string{"192.0.2.1", "192.0.2.1@192.0.2.3", "192.0.2.1@192.0.2.2"} {
		v, ok := value(fams, "exago_neighbor_up", map[string]string{"peer": peer})
		assert.True(t, ok, peer)
		assert.Equal(t, 1.0, v, peer)
	}
	assert.Len(t, fams["exago_neighbor_up"].GetMetric(), 3)
}

// TestREADMEListsMetrics: every exago_ metric is named in the README's
// "Operating it" section, so the documentation follows the code.
func TestREADMEListsMetrics(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	ch := make(chan *prometheus.Desc, 64)
	(&collector{}).Describe(ch)
	close(ch)
	name := regexp.MustCompile(`fqName: "(exago_\w+)"`)
	n := 0
	for d := range ch {
		m := name.FindStringSubmatch(d.String())
		require.NotNil(t, m, d.String())
		assert.True(t, strings.Contains(string(readme), "`"+m[1]+"`"), "README.md does not name %s", m[1])
		n++
	}
	assert.Equal(t, 17, n, "the metrics described")
}

// TestHelperMetricsFromManager scrapes the figures of a real helper run by
// api.Manager: it exits once (a restart), then sends a good and a bad
// command and stays.
func TestHelperMetricsFromManager(t *testing.T) {
	dir := t.TempDir()
	helper := filepath.Join(dir, "helper.sh")
	require.NoError(t, os.WriteFile(helper, []byte(`#!/bin/sh
if [ ! -e "$0.ran" ]; then
	: > "$0.ran"
	exit 0
fi
echo "announce route 10.9.0.0/24 next-hop 127.0.0.1"
echo "announce route nonsense"
exec cat >/dev/null
`), 0o755))
	conf := filepath.Join(dir, "exago.conf")
	require.NoError(t, os.WriteFile(conf, []byte(`process watch {
	run `+helper+`;
	encoder text;
}
neighbor 127.0.0.1 {
	router-id 127.0.0.2;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	api { processes [ watch ]; }
}
`), 0o644))
	cfg, err := config.Load(conf)
	require.NoError(t, err)
	env := config.DefaultEnv()
	env.TCPPort, env.TCPBind = 1, nil // nothing listens: the session stays down
	log := slog.New(slog.DiscardHandler)
	reactor := session.New(cfg, env, nil, log)
	mgr := api.New(cfg, env, reactor, log, api.Options{})

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	reg := NewRegistry("x")
	reg.Add(reactor, mgr)
	srv := httptest.NewServer(reg.Handler())
	defer srv.Close()

	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 2)
	go func() { ran <- reactor.Run(runCtx) }()
	go func() { ran <- mgr.Run(runCtx) }()

	w := map[string]string{"process": "watch"}
	waitValue(ctx, t, srv.URL, "exago_helper_commands_total", map[string]string{"process": "watch", "result": "error"}, 1)
	fams := waitValue(ctx, t, srv.URL, "exago_helper_commands_total", map[string]string{"process": "watch", "result": "done"}, 1)
	v, _ := value(fams, "exago_helper_restarts_total", w)
	assert.Equal(t, 1.0, v)
	v, _ = value(fams, "exago_helper_running", w)
	assert.Equal(t, 1.0, v)
	_, ok := value(fams, "exago_helper_queue_bytes", w)
	assert.True(t, ok)
	v, _ = value(fams, "exago_neighbor_adj_rib_out_routes", map[string]string{"peer": "127.0.0.1"})
	assert.Equal(t, 1.0, v, "the helper's route")

	stop()
	require.NoError(t, <-ran)
	require.NoError(t, <-ran)
	fams = scrape(t, srv.URL)
	v, _ = value(fams, "exago_helper_running", w)
	assert.Equal(t, 0.0, v, "stopped with the manager")
}
