package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/api"
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

type fakeHelpers []api.HelperStats

func (f fakeHelpers) HelperStats() []api.HelperStats { return f }

// TestScrapeDuringSession runs a real reactor against the QA sink peer
// over loopback and scrapes the endpoint until the session is up and its
// routes were sent.
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
	static {
		route 192.0.2.0/24 next-hop 127.0.0.1;
		route 198.51.100.0/24 next-hop 127.0.0.1;
		route 203.0.113.0/24 next-hop 127.0.0.1;
	}
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
	// wait for the event (three routes sent), scraping, with a deadline
	var fams map[string]*dto.MetricFamily
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		fams = scrape(t, url)
		if v, _ := value(fams, "exago_neighbor_prefixes_sent_total", map[string]string{"peer": "127.0.0.1", "action": "announce"}); v == 3 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the three routes were never reported sent")
		case <-tick.C:
		}
	}
	v, ok := value(fams, "exago_neighbor_up", p)
	require.True(t, ok)
	assert.Equal(t, 1.0, v)
	v, _ = value(fams, "exago_neighbor_state", map[string]string{"peer": "127.0.0.1", "state": "established"})
	assert.Equal(t, 1.0, v)
	v, _ = value(fams, "exago_neighbor_state", map[string]string{"peer": "127.0.0.1", "state": "idle"})
	assert.Equal(t, 0.0, v)
	v, _ = value(fams, "exago_neighbor_adj_rib_out_routes", p)
	assert.Equal(t, 3.0, v)
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
