package session

import (
	"context"
	"encoding/hex"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// ribInLines lists the adj-RIB-in of every neighbor as "NLRI next-hop NH
// (N attributes)".
func ribInLines(t *testing.T, r *Reactor) []string {
	t.Helper()
	var out []string
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, r.AdjRIBIn(ctx, nil, func(_ *config.Neighbor, rt ReceivedRoute) {
		s := rt.NLRI.String() + " next-hop " + rt.NextHop.String()
		for _, a := range rt.Attributes {
			s += " " + a.Code().String()
		}
		out = append(out, s)
	}))
	return out
}

// waitRIBIn waits until the adj-RIB-in lists want.
func waitRIBIn(t *testing.T, r *Reactor, want []string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	var got []string
	for time.Now().Before(deadline) {
		if got = ribInLines(t, r); assert.ObjectsAreEqual(want, got) {
			// the count monitoring reads, kept on each insert and delete,
			// agrees with the RIB
			var counted int64
			for _, s := range r.Stats() {
				require.True(t, s.AdjRIBIn)
				counted += s.RoutesIn
			}
			assert.Equal(t, int64(len(want)), counted, "PeerStats.RoutesIn")
			return
		}
		// the peer's goroutine has not read the messages yet
		<-tick.C
	}
	assert.Equal(t, want, got)
	t.FailNow()
}

// TestAdjRIBInOverTCP: what the peer announces is in the adj-RIB-in, a
// re-announce replaces it, a withdrawal (classic and MP_UNREACH) and a
// treat-as-withdraw UPDATE (RFC 7606) remove it, "clear adj-rib in" empties
// it and the end of the session (without graceful restart) too.
func TestAdjRIBInOverTCP(t *testing.T) {
	tp := newTestPeer(t)
	n := ipself4()
	n.Routes = nil
	n.AdjRIBIn = true
	n.Families = []codec.Family{codec.IPv4Unicast, codec.IPv6Unicast}
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}},
		config.Env{TCPPort: tp.port()}, nil, testLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	c := tp.accept()
	handshake(t, c)
	send := func(h string) {
		t.Helper()
		b, err := hex.DecodeString(qaHex(h))
		require.NoError(t, err)
		_, err = c.Write(b)
		require.NoError(t, err)
	}
	// ORIGIN igp, empty AS_PATH, NEXT_HOP 127.0.0.1, LOCAL_PREF 100:
	// 10.0.0.0/24 and 10.1.0.0/24.
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0034:02:0000:0015:40010100:400200:4003047F000001:40050400000064:180A0000:180A0100")
	// MP_REACH_NLRI IPv6 unicast, next hop 2001:db8::1, 2001:db8:1::/48,
	// ORIGIN igp, empty AS_PATH.
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:003D:02:0000:0026:40010100:400200:" +
		"800E1C:0002:01:10:20010DB8000000000000000000000001:00:30:20010DB80001")
	waitRIBIn(t, r, []string{
		"10.0.0.0/24 next-hop 127.0.0.1 origin as-path local-preference",
		"10.1.0.0/24 next-hop 127.0.0.1 origin as-path local-preference",
		"2001:db8:1::/48 next-hop 2001:db8::1 origin as-path",
	})
	// 10.0.0.0/24 again with next hop 127.0.0.9 and no LOCAL_PREF
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0029:02:0000:000E:40010100:400200:4003047F000009:180A0000")
	// withdraw 10.1.0.0/24 (Withdrawn Routes field)
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001B:02:0004:180A0100:0000")
	waitRIBIn(t, r, []string{
		"10.0.0.0/24 next-hop 127.0.0.9 origin as-path",
		"2001:db8:1::/48 next-hop 2001:db8::1 origin as-path",
	})
	// MP_UNREACH_NLRI IPv6 unicast 2001:db8:1::/48
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0024:02:0000:000D:800F0A:0002:01:30:20010DB80001")
	// ORIGIN 5 on 10.0.0.0/24: treat-as-withdraw (RFC 7606 section 7.1)
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:0000:0015:40010105:400200:4003047F000001:40050400000064:180A0000")
	// and 10.2.0.0/24 announced, proving the session stayed up
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0029:02:0000:000E:40010100:400200:4003047F000001:180A0200")
	waitRIBIn(t, r, []string{"10.2.0.0/24 next-hop 127.0.0.1 origin as-path"})

	require.NoError(t, r.ClearAdjRIBIn(ctx, nil))
	assert.Empty(t, ribInLines(t, r), "clear adj-rib in")

	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0029:02:0000:000E:40010100:400200:4003047F000001:180A0300")
	waitRIBIn(t, r, []string{"10.3.0.0/24 next-hop 127.0.0.1 origin as-path"})
	// the session ends: its routes go
	c.Close()
	waitRIBIn(t, r, nil)
	cancel()
	require.NoError(t, <-done)
}

// TestAdjRIBInOff: with adj-rib-in off nothing is kept.
func TestAdjRIBInOff(t *testing.T) {
	tp := newTestPeer(t)
	n := ipself4()
	n.Routes = nil
	n.AdjRIBIn = false
	rec := &updateRecorder{got: make(chan struct{}, 4)}
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}},
		config.Env{TCPPort: tp.port(), TCPOnce: true}, rec, testLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	c := tp.accept()
	handshake(t, c)
	b, err := hex.DecodeString(qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0029:02:0000:000E:40010100:400200:4003047F000001:180A0200"))
	require.NoError(t, err)
	_, err = c.Write(b)
	require.NoError(t, err)
	// the observer hears of the UPDATE before the peer's goroutine serves
	// the listing below
	select {
	case <-rec.got:
	case <-time.After(5 * time.Second):
		t.Fatal("the UPDATE was not received")
	}
	assert.Empty(t, ribInLines(t, r))
	assert.Zero(t, r.peerList()[0].ribIn.len())
	st := r.Stats()[0]
	assert.False(t, st.AdjRIBIn)
	assert.Zero(t, st.RoutesIn)
	cancel()
	require.NoError(t, <-done)
}

// TestRIBInMemory reports the heap the adj-RIB-in holds per route for
// 100,000 IPv4 /32 routes received with one attribute set: the same
// class as the adj-RIB-out (TestRIBMemory).
func TestRIBInMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("memory measurement")
	}
	const n = 100_000
	rs := routes32(n)
	ns := make([]codec.NLRI, n)
	for i := range rs {
		ns[i] = rs[i].NLRI
	}
	u := codec.Update{
		Attributes: []codec.Attribute{codec.OriginIGP, codec.NextHop(rs[0].NextHop)},
		NLRI:       ns,
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rib := newAdjRIBIn()
	require.NoError(t, rib.apply(&u, codec.Options{}))
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
	t.Logf("adj-RIB-in: %.1f bytes/route for %d routes", per, rib.len())
	runtime.KeepAlive(rib)
	runtime.KeepAlive(ns)
	require.Equal(t, n, rib.len())
	require.Equal(t, int64(n), rib.size.Load())
	if per > 64 {
		t.Errorf("adj-RIB-in uses %.1f bytes/route, want at most 64 (the adj-RIB-out's class)", per)
	}
}

// TestAdjRIBInStale: with graceful restart negotiated the routes of a
// session that ended stay (stale) until the peer's End-of-RIB after it
// reconnected, which drops those not announced again (RFC 4724 4.2); an
// enhanced route refresh from the peer (BoRR ... EoRR, RFC 7313) drops
// the routes it did not announce again.
func TestAdjRIBInStale(t *testing.T) {
	tp := newTestPeer(t)
	n := ipself4()
	n.Routes = nil
	n.AdjRIBIn = true
	n.Capabilities.GracefulRestart = true
	n.Capabilities.RouteRefresh = true
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{TCPPort: tp.port()}, nil, testLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	send := func(c net.Conn, h string) {
		t.Helper()
		b, err := hex.DecodeString(qaHex(h))
		require.NoError(t, err)
		_, err = c.Write(b)
		require.NoError(t, err)
	}
	both := []string{"10.0.0.0/24 next-hop 127.0.0.1 origin as-path", "10.1.0.0/24 next-hop 127.0.0.1 origin as-path"}
	announce := func(c net.Conn, nlri string) {
		send(c, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0029:02:0000:000E:40010100:400200:4003047F000001:"+nlri)
	}
	c := tp.accept()
	handshake(t, c)
	announce(c, "180A0000")
	announce(c, "180A0100")
	waitRIBIn(t, r, both)

	c.Close()
	c = tp.accept()
	assert.Equal(t, both, ribInLines(t, r), "kept while the peer restarts")
	handshake(t, c)
	assert.Equal(t, both, ribInLines(t, r), "stale until End-of-RIB")
	announce(c, "180A0000")
	send(c, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000") // End-of-RIB
	waitRIBIn(t, r, both[:1])

	announce(c, "180A0100")
	waitRIBIn(t, r, both)
	// BoRR ipv4 unicast, 10.1.0.0/24 again, EoRR
	send(c, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:05:0001:01:01")
	announce(c, "180A0100")
	send(c, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:05:0001:02:01")
	waitRIBIn(t, r, both[1:])
	cancel()
	require.NoError(t, <-done)
}
