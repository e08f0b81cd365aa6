package session

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// testPeer is a scripted BGP speaker on 127.0.0.1, in the spirit of the QA
// test peer: it echoes our OPEN with its router id plus one and sends a
// KEEPALIVE.
type testPeer struct {
	t  *testing.T
	ln net.Listener
}

func newTestPeer(t *testing.T) *testPeer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	return &testPeer{t: t, ln: ln}
}

func (tp *testPeer) port() uint16 { return uint16(tp.ln.Addr().(*net.TCPAddr).Port) }

func (tp *testPeer) accept() net.Conn {
	tp.t.Helper()
	tp.ln.(*net.TCPListener).SetDeadline(time.Now().Add(10 * time.Second))
	c, err := tp.ln.Accept()
	require.NoError(tp.t, err)
	tp.t.Cleanup(func() { c.Close() })
	return c
}

func readMsg(t *testing.T, c net.Conn) []byte {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	hdr := make([]byte, codec.HeaderLen)
	_, err := io.ReadFull(c, hdr)
	require.NoError(t, err)
	n := int(binary.BigEndian.Uint16(hdr[16:]))
	raw := make([]byte, n)
	copy(raw, hdr)
	_, err = io.ReadFull(c, raw[codec.HeaderLen:])
	require.NoError(t, err)
	return raw
}

// handshake reads our OPEN, echoes it with router id + 1 and a KEEPALIVE,
// and reads our KEEPALIVE. It returns our OPEN.
func handshake(t *testing.T, c net.Conn) []byte {
	t.Helper()
	open := readMsg(t, c)
	require.Equal(t, byte(codec.MsgOpen), open[18])
	echo := append([]byte(nil), open...)
	echo[27]++ // last byte of the router id
	_, err := c.Write(echo)
	require.NoError(t, err)
	_, err = c.Write(appendKeepalive(nil))
	require.NoError(t, err)
	ka := readMsg(t, c)
	require.Equal(t, byte(codec.MsgKeepalive), ka[18])
	return open
}

func hexUpper(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }

type recorder struct {
	mu     sync.Mutex
	states []string
}

func (r *recorder) StateChanged(n *config.Neighbor, p PeerInfo, s State, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.states = append(r.states, string(s)+" "+reason)
}

func (r *recorder) Message(*config.Neighbor, PeerInfo, Direction, codec.Message, []byte) {}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.states...)
}

func ipself4() *config.Neighbor {
	return &config.Neighbor{
		PeerAddress:  netip.MustParseAddr("127.0.0.1"),
		LocalAddress: netip.MustParseAddr("127.0.0.1"),
		RouterID:     netip.MustParseAddr("127.0.0.2"),
		LocalAS:      12345,
		PeerAS:       12345,
		HoldTime:     180,
		GroupUpdates: true,
		Families:     []codec.Family{codec.IPv4Unicast},
		Capabilities: config.Capabilities{ASN4: true},
		Routes:       []config.Route{{NLRI: prefix("10.0.0.0/32"), NextHopSelf: true}},
	}
}

// TestConfIPSelf4 runs conf-ipself4 end to end in once mode: the configured
// route reaches the peer as the bytes ExaBGP sends, then End-of-RIB; when
// the peer closes, Run returns.
func TestConfIPSelf4(t *testing.T) {
	tp := newTestPeer(t)
	rec := &recorder{}
	r := New(&config.Config{Neighbors: []*config.Neighbor{ipself4()}},
		config.Env{TCPPort: tp.port(), TCPOnce: true}, rec, testLogger(t))
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()

	c := tp.accept()
	open := handshake(t, c)
	assert.Equal(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"+"002D"+"01"+"04"+"3039"+"00B4"+"7F000002"+"10"+
		"0206010400010001"+"02064104"+"00003039", hexUpper(open))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0031:02:00000015400101004002004003047F00000140050400000064200A000000"),
		hexUpper(readMsg(t, c)))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000"), hexUpper(readMsg(t, c)))
	c.Close()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return in once mode")
	}
	states := rec.get()
	require.Len(t, states, 3)
	assert.Equal(t, "connected ", states[0])
	assert.Equal(t, "up ", states[1])
	assert.True(t, strings.HasPrefix(states[2], "down peer reset, message [closing connection]"), states[2])
}

// TestAnnounceWithdraw sends routes through the API while the session is
// up and checks the UPDATEs.
func TestAnnounceWithdraw(t *testing.T) {
	tp := newTestPeer(t)
	n := ipself4()
	n.Routes = nil
	n.APIs = []config.API{{Processes: []string{"p"}}}
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{TCPPort: tp.port(), TCPOnce: true}, nil, testLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	c := tp.accept()
	handshake(t, c)
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000"), hexUpper(readMsg(t, c)))

	rt := []config.Route{{NLRI: prefix("1.1.0.0/24"), NextHop: netip.MustParseAddr("101.1.101.1")}}
	require.NoError(t, r.Announce(ctx, "p", nil, rt))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:0000:0015:40010100:400200:40030465016501:4005040000006418010100"),
		hexUpper(readMsg(t, c)))
	require.NoError(t, r.Withdraw(ctx, "p", Selector{{PeerAddress: n.PeerAddress}}, rt))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001B:02:0004180101000000"), hexUpper(readMsg(t, c)))
	require.NoError(t, r.AnnounceEOR(ctx, "p", nil, []codec.Family{codec.IPv6Unicast}))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001E:02:00000007900F0003000201"), hexUpper(readMsg(t, c)))

	// a process the neighbor is not bound to reaches nobody
	require.NoError(t, r.Announce(ctx, "other", nil, rt))

	cancel()
	// shutdown: Cease, administrative shutdown
	assert.Equal(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"+"002D"+"03"+"0602"+"17"+hexUpper([]byte("Administrative Shutdown")),
		hexUpper(readMsg(t, c)))
	require.NoError(t, <-done)
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestReconnect: without tcp.once a session that ends is established
// again and the adj-RIB-out is sent again.
func TestReconnect(t *testing.T) {
	tp := newTestPeer(t)
	rec := &recorder{}
	r := New(&config.Config{Neighbors: []*config.Neighbor{ipself4()}}, config.Env{TCPPort: tp.port()}, rec, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	route := qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0031:02:00000015400101004002004003047F00000140050400000064200A000000")
	for range 2 {
		c := tp.accept()
		handshake(t, c)
		assert.Equal(t, route, hexUpper(readMsg(t, c)))
		assert.Equal(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001702"+"00000000", hexUpper(readMsg(t, c)))
		// a NOTIFICATION from the peer ends the session
		_, err := c.Write(appendNotification(nil, notification{code: 6, subcode: 4}))
		require.NoError(t, err)
		c.Close()
	}
	c := tp.accept()
	handshake(t, c)
	cancel()
	require.NoError(t, <-done)
	states := rec.get()
	require.GreaterOrEqual(t, len(states), 7)
	assert.Equal(t, "down peer reset, message [notification received (6,4)] error[Cease / Administrative Reset / Shutdown Communication: \"Administrative Reset\"]", states[2])
	assert.Equal(t, "down stop, message [shutting down]", states[len(states)-1])
}

// runPassive runs a reactor for the passive neighbor n listening on a free
// port of 127.0.0.1 in once mode; it returns the address to dial and where
// Run's result arrives.
func runPassive(t *testing.T, n *config.Neighbor) (string, <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := uint16(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}},
		config.Env{TCPPort: port, TCPBind: []string{"127.0.0.1"}, TCPOnce: true}, nil, nil)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()
	return netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), port).String(), done
}

// TestPassive: a passive neighbor only accepts; tcp.bind makes the
// reactor listen.
func TestPassive(t *testing.T) {
	n := ipself4()
	n.Passive = true
	addr, done := runPassive(t, n)
	var c net.Conn
	var err error
	for range 50 {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}}
		if c, err = d.Dial("tcp", addr); err == nil {
			break
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		<-ctx.Done()
		cancel()
	}
	require.NoError(t, err)
	defer c.Close()
	handshake(t, c)
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0031:02:00000015400101004002004003047F00000140050400000064200A000000"),
		hexUpper(readMsg(t, c)))
	c.Close()
	require.NoError(t, <-done)
}

// TestTeardown follows the QA api-teardown case: "neighbor 127.0.0.1
// teardown 4" sends Cease/Administrative Reset with its RFC 8203 text, and
// the session comes back (even in once mode) with the routes announced so
// far.
func TestTeardown(t *testing.T) {
	tp := newTestPeer(t)
	n := ipself4()
	n.Routes = nil
	n.APIs = []config.API{{Processes: []string{"p"}}}
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{TCPPort: tp.port(), TCPOnce: true}, nil, nil)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()
	ctx := context.Background()
	sel := Selector{{PeerAddress: n.PeerAddress}}
	r1 := qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:002F:02:0000:0015:4001:0100:4002:0040:0304:0101:0101:4005:0400:0000:6410:0101")
	r2 := qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:002F:02:0000:0015:4001:0100:4002:0040:0304:0202:0202:4005:0400:0000:6410:0202")
	eor := "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001702" + "00000000"
	notify := qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:002A:03:0604:14:41646D696E697374726174697665205265736574")

	c := tp.accept()
	handshake(t, c)
	assert.Equal(t, eor, hexUpper(readMsg(t, c)))
	require.NoError(t, r.Announce(ctx, "p", nil, []config.Route{{NLRI: prefix("1.1.0.0/16"), NextHop: netip.MustParseAddr("1.1.1.1")}}))
	assert.Equal(t, r1, hexUpper(readMsg(t, c)))
	assert.Equal(t, []*config.Neighbor{n}, r.Established())
	require.NoError(t, r.Teardown(ctx, sel, 4))
	assert.Equal(t, notify, hexUpper(readMsg(t, c)))
	c.Close()

	c = tp.accept()
	handshake(t, c)
	assert.Equal(t, r1, hexUpper(readMsg(t, c)))
	assert.Equal(t, eor, hexUpper(readMsg(t, c)))
	require.NoError(t, r.Announce(ctx, "p", nil, []config.Route{{NLRI: prefix("2.2.0.0/16"), NextHop: netip.MustParseAddr("2.2.2.2")}}))
	assert.Equal(t, r2, hexUpper(readMsg(t, c)))

	var listed []string
	require.NoError(t, r.AdjRIBOut(ctx, sel, func(_ *config.Neighbor, rt config.Route) {
		listed = append(listed, rt.NLRI.String()+" next-hop "+rt.NextHop.String())
	}))
	assert.Equal(t, []string{"1.1.0.0/16 next-hop 1.1.1.1", "2.2.0.0/16 next-hop 2.2.2.2"}, listed)
	st := r.Status(n)
	assert.Equal(t, "established", st.State)
	assert.Equal(t, uint64(5), st.UpdatesSent) // EOR, r1, then r1, EOR, r2

	c.Close() // once mode: the peer going away ends the daemon
	require.NoError(t, <-done)
}
