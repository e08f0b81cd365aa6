package session

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// splitConf is a multi-session neighbor with two families and a static
// route of each.
const splitConf = `neighbor 127.0.0.1 { router-id 1.2.3.4; local-address 127.0.0.1;
	local-as 1; peer-as 1; capability { multi-session; } family { ipv4 unicast; ipv6 unicast; }
	static { route 10.0.0.0/24 next-hop 127.0.0.1; route 2001:db8::/32 next-hop 2001:db8::1; } }`

// openFamilies are the Multiprotocol families of an OPEN message and how
// many multisession (68) capabilities it carries.
func openFamilies(t *testing.T, raw []byte) ([]codec.Family, int) {
	t.Helper()
	require.Equal(t, byte(codec.MsgOpen), raw[18])
	o, err := codec.DecodeOpenAnyHoldTime(raw[codec.HeaderLen:])
	require.NoError(t, err)
	var fams []codec.Family
	multi := 0
	for _, c := range o.Capabilities {
		switch c := c.(type) {
		case codec.CapMultiprotocol:
			fams = append(fams, codec.Family(c))
		case codec.CapMultiSession:
			if !c.Cisco {
				multi++
			}
		}
	}
	return fams, multi
}

// updateFamily is the family of an UPDATE: that of its MP_REACH or
// MP_UNREACH attribute, else IPv4 unicast; eor is set for an End-of-RIB.
func updateFamily(t *testing.T, raw []byte) (f codec.Family, eor bool) {
	t.Helper()
	require.Equal(t, byte(codec.MsgUpdate), raw[18], "an UPDATE")
	b := raw[codec.HeaderLen:]
	wl := int(binary.BigEndian.Uint16(b))
	al := int(binary.BigEndian.Uint16(b[2+wl:]))
	attrs := b[4+wl : 4+wl+al]
	nlri := b[4+wl+al:]
	f = codec.IPv4Unicast
	if wl == 0 && al == 0 && len(nlri) == 0 {
		return f, true
	}
	for len(attrs) > 0 {
		flags, code := attrs[0], attrs[1]
		var l, h int
		if flags&0x10 != 0 {
			l, h = int(binary.BigEndian.Uint16(attrs[2:])), 4
		} else {
			l, h = int(attrs[2]), 3
		}
		v := attrs[h : h+l]
		if code == 14 || code == 15 {
			f = codec.Family{AFI: codec.AFI(binary.BigEndian.Uint16(v)), SAFI: codec.SAFI(v[2])}
			eor = code == 15 && l == 3 && al == h+l
		}
		attrs = attrs[h+l:]
	}
	return f, eor
}

// splitSession is one per-family session seen by the test peer.
type splitSession struct {
	c      net.Conn
	family codec.Family
}

// readUntilEOR reads UPDATEs on s up to its family's End-of-RIB and
// returns how many carried routes; every one must be of s's family.
func (s splitSession) readUntilEOR(t *testing.T) int {
	t.Helper()
	n := 0
	for {
		raw := readMsg(t, s.c)
		if raw[18] == byte(codec.MsgKeepalive) {
			continue
		}
		f, eor := updateFamily(t, raw)
		require.Equal(t, s.family, f, "UPDATE %X on the %s session", raw, s.family)
		if eor {
			return n
		}
		n++
	}
}

// readUpdate reads the next UPDATE on s (KEEPALIVEs skipped) and checks
// its family.
func (s splitSession) readUpdate(t *testing.T) []byte {
	t.Helper()
	for {
		raw := readMsg(t, s.c)
		if raw[18] == byte(codec.MsgKeepalive) {
			continue
		}
		f, eor := updateFamily(t, raw)
		require.False(t, eor)
		require.Equal(t, s.family, f, "UPDATE %X on the %s session", raw, s.family)
		return raw
	}
}

// TestMultiSessionSplit: with exago.bgp.multisession = split, the
// multi-session neighbor with two families opens two TCP sessions to the
// peer; each OPEN lists one family and capability 68; each session carries
// only its family's static route and End-of-RIB, and a route announced by
// the API for the neighbor goes to the session of its family only.
func TestMultiSessionSplit(t *testing.T) {
	cfg, err := config.Parse("t.conf", []byte(splitConf))
	require.NoError(t, err)
	tp := newTestPeer(t)
	r := New(cfg, config.Env{TCPPort: tp.port(), TCPOnce: true, MultiSessionSplit: true}, nil, testLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	// the API sees one neighbor per family, with the neighbor's address
	ns := r.Neighbors("", nil)
	require.Len(t, ns, 2)
	for i, f := range []codec.Family{codec.IPv4Unicast, codec.IPv6Unicast} {
		assert.Equal(t, netip.MustParseAddr("127.0.0.1"), ns[i].PeerAddress)
		assert.Equal(t, []codec.Family{f}, ns[i].Families)
	}

	sessions := map[codec.Family]splitSession{}
	for range 2 {
		c := tp.accept()
		open := handshake(t, c)
		fams, multi := openFamilies(t, open)
		require.Len(t, fams, 1, "one family per session")
		assert.Equal(t, 2, multi, "capability 68 twice, as ExaBGP 4.2 encodes it")
		require.NotContains(t, sessions, fams[0], "one session per family")
		s := splitSession{c: c, family: fams[0]}
		sessions[fams[0]] = s
		assert.Equal(t, 1, s.readUntilEOR(t), "the static route of %s", fams[0])
	}
	require.Contains(t, sessions, codec.IPv4Unicast)
	require.Contains(t, sessions, codec.IPv6Unicast)

	// show neighbor: the configured neighbor, established with both
	assert.Equal(t, []*config.Neighbor{cfg.Neighbors[0]}, r.Established())
	st := r.Status(cfg.Neighbors[0])
	assert.Equal(t, "established", st.State)
	assert.Equal(t, uint64(4), st.UpdatesSent, "a route and an End-of-RIB per session")

	// no third connection
	require.NoError(t, tp.ln.(*net.TCPListener).SetDeadline(time.Now().Add(200*time.Millisecond)))
	_, err = tp.ln.Accept()
	require.Error(t, err)

	// API: one route of each family for the neighbor, then an IPv6 one
	var routes []config.Route
	for _, line := range []string{"route 10.9.0.0/24 next-hop 127.0.0.1", "route 2001:db8:9::/48 next-hop 2001:db8::1"} {
		rs, err := config.ParseUpdateCommand(strings.Fields(line))
		require.NoError(t, err)
		routes = append(routes, rs...)
	}
	sel := Selector{{PeerAddress: netip.MustParseAddr("127.0.0.1")}}
	require.NoError(t, r.Announce(ctx, "", sel, routes))
	v4 := sessions[codec.IPv4Unicast].readUpdate(t)
	assert.Contains(t, hexUpper(v4), "180A0900", "10.9.0.0/24 on the IPv4 session")
	v6 := sessions[codec.IPv6Unicast].readUpdate(t)
	assert.Contains(t, hexUpper(v6), "3020010DB80009", "2001:db8:9::/48 on the IPv6 session")
	// End-of-RIB for ipv6 only reaches the IPv6 session
	require.NoError(t, r.AnnounceEOR(ctx, "", sel, []codec.Family{codec.IPv6Unicast}))
	require.NoError(t, r.Withdraw(ctx, "", sel, routes[:1]))
	f, eor := updateFamily(t, sessions[codec.IPv6Unicast].nextUpdate(t))
	assert.True(t, eor)
	assert.Equal(t, codec.IPv6Unicast, f)
	w := sessions[codec.IPv4Unicast].nextUpdate(t)
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001B:02:0004:180A0900:0000"), hexUpper(w),
		"the withdrawal, and no End-of-RIB before it, on the IPv4 session")

	// each session ends on its own: closing the IPv4 one leaves the IPv6 one
	sessions[codec.IPv4Unicast].c.Close()
	require.Eventually(t, func() bool { return r.Status(cfg.Neighbors[0]).State != "established" },
		5*time.Second, 5*time.Millisecond, "one family down: the neighbor is not established")
	assert.Equal(t, []*config.Neighbor{cfg.Neighbors[0]}, r.Established(), "the IPv6 session still is")
	more, err := config.ParseUpdateCommand(strings.Fields("route 2001:db8:7::/48 next-hop 2001:db8::1"))
	require.NoError(t, err)
	require.NoError(t, r.Announce(ctx, "", sel, more))
	assert.Contains(t, hexUpper(sessions[codec.IPv6Unicast].readUpdate(t)), "3020010DB80007")
	sessions[codec.IPv6Unicast].c.Close()
	require.NoError(t, <-done)
}

// nextUpdate reads the next message on s that is not a KEEPALIVE.
func (s splitSession) nextUpdate(t *testing.T) []byte {
	t.Helper()
	for {
		raw := readMsg(t, s.c)
		if raw[18] != byte(codec.MsgKeepalive) {
			return raw
		}
	}
}

// peerOpen is the OPEN of a peer (AS 1, router id 127.0.0.9) for fams,
// with capability 68 as ExaBGP 4.2 encodes it.
func peerOpen(t *testing.T, fams ...codec.Family) []byte {
	t.Helper()
	var caps []codec.Capability
	for _, f := range fams {
		caps = append(caps, codec.CapMultiprotocol(f))
	}
	caps = append(caps, codec.CapASN4(1))
	caps = append(caps, codec.ExaBGPMultiSession()...)
	b, err := codec.AppendMessage(nil, codec.NewOpen(1, 180, netip.MustParseAddr("127.0.0.9"), caps), codec.Options{})
	require.NoError(t, err)
	return b
}

// TestMultiSessionSplitIncoming: a passive split neighbor; the peer opens
// one connection per family, sending its OPEN first, the IPv6 one first.
// Each connection goes to the session of the family its OPEN lists
// (not a collision of the other), gets an OPEN for that family and only
// that family's routes; a connection whose OPEN lists both families goes
// to the first family's session, which refuses it as ExaBGP 4.2 refuses
// a peer with other families (2/8).
func TestMultiSessionSplitIncoming(t *testing.T) {
	cfg, err := config.Parse("t.conf", []byte(splitConf))
	require.NoError(t, err)
	n := cfg.Neighbors[0]
	n.Passive = true
	addr, stop := runSplitPassive(t, n)

	// both families at once: refused by the IPv4 session
	both := dialRetry(t, addr)
	_, err = both.Write(peerOpen(t, codec.IPv4Unicast, codec.IPv6Unicast))
	require.NoError(t, err)
	fams, _ := openFamilies(t, readMsg(t, both))
	assert.Equal(t, []codec.Family{codec.IPv4Unicast}, fams)
	assert.Equal(t, wantNotif(2, 8, "when checking session id, capability multiprotocol did not match"),
		hexUpper(readMsg(t, both)))
	both.Close()

	sessions := map[codec.Family]splitSession{}
	for _, f := range []codec.Family{codec.IPv6Unicast, codec.IPv4Unicast} {
		c := dialRetry(t, addr)
		_, err := c.Write(append(peerOpen(t, f), appendKeepalive(nil)...))
		require.NoError(t, err)
		fams, multi := openFamilies(t, readMsg(t, c))
		require.Equal(t, []codec.Family{f}, fams, "the session of the OPEN's family answers")
		assert.Equal(t, 2, multi)
		assert.Equal(t, byte(codec.MsgKeepalive), readMsg(t, c)[18])
		sessions[f] = splitSession{c: c, family: f}
	}
	for _, f := range []codec.Family{codec.IPv6Unicast, codec.IPv4Unicast} {
		assert.Equal(t, 1, sessions[f].readUntilEOR(t), "the static route of %s", f)
	}
	for _, s := range sessions {
		s.c.Close()
	}
	// a connection that never sends its OPEN waits for it; stopping the
	// reactor closes it, and Run waits for that
	silent := dialRetry(t, addr)
	require.NoError(t, stop())
	require.NoError(t, silent.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err = silent.Read(make([]byte, 1))
	require.Error(t, err)
	var ne net.Error
	assert.False(t, errors.As(err, &ne) && ne.Timeout(), "closed by exago, not timed out: %v", err)
}

// runSplitPassive runs a reactor with multi-session split for n on a free
// port of 127.0.0.1 (tcp.bind), not in once mode: the refused connection
// does not end it. stop ends it and returns Run's result.
func runSplitPassive(t *testing.T, n *config.Neighbor) (string, func() error) {
	t.Helper()
	port := freeLoopbackPort(t)
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}},
		config.Env{TCPPort: port, TCPBind: []string{"127.0.0.1"}, MultiSessionSplit: true}, nil, testLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	stop := func() error {
		cancel()
		return <-done
	}
	return netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), port).String(), stop
}

// dialRetry connects to addr from 127.0.0.1, retrying while the reactor
// starts listening (at most 1 s).
func dialRetry(t *testing.T, addr string) net.Conn {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}}
		c, err := d.Dial("tcp", addr)
		if err == nil {
			t.Cleanup(func() { c.Close() })
			return c
		}
		require.True(t, time.Now().Before(deadline), "dial %s: %v", addr, err)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		<-ctx.Done()
		cancel()
	}
}

// TestMultiSessionSplitReload: Reload matches the per-family peers by
// address and family: the same configuration keeps them, one without
// multi-session replaces them by a single peer; without the setting a
// multi-session neighbor is one peer (ExaBGP 4.2).
func TestMultiSessionSplitReload(t *testing.T) {
	cfg, err := config.Parse("t.conf", []byte(splitConf))
	require.NoError(t, err)
	single := New(cfg, config.Env{}, nil, nil)
	require.Len(t, single.peerList(), 1, "no split without exago.bgp.multisession")

	r := New(cfg, config.Env{MultiSessionSplit: true}, nil, nil)
	before := r.peerList()
	require.Len(t, before, 2)
	again, err := config.Parse("t.conf", []byte(splitConf))
	require.NoError(t, err)
	require.NoError(t, r.Reload(context.Background(), again))
	after := r.peerList()
	require.Len(t, after, 2)
	assert.Same(t, before[0], after[0])
	assert.Same(t, before[1], after[1])
	assert.Equal(t, codec.IPv6Unicast, after[1].family)
	assert.Same(t, again.Neighbors[0], after[1].origin.Load())

	plain, err := config.Parse("t.conf", []byte(strings.Replace(splitConf, "multi-session;", "", 1)))
	require.NoError(t, err)
	require.NoError(t, r.Reload(context.Background(), plain))
	require.Len(t, r.peerList(), 1)
	assert.False(t, r.peerList()[0].isSplit())
}
