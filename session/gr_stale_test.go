package session

import (
	"context"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/netip"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// pipeDialer hands the reactor one net.Pipe per connection attempt and
// the test the other end, or refuses while refuse is set.
type pipeDialer struct {
	mu     sync.Mutex
	refuse bool
	conns  chan net.Conn
}

func (d *pipeDialer) dial(context.Context, dialSpec) (net.Conn, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.refuse {
		return nil, errors.New("connection refused")
	}
	ours, theirs := net.Pipe()
	d.conns <- theirs
	return ours, nil
}

func (d *pipeDialer) setRefuse(v bool) {
	d.mu.Lock()
	d.refuse = v
	d.mu.Unlock()
}

// grPeerUp answers our OPEN with edit applied to its graceful restart
// capability, completes the handshake and then reads (and drops) what we
// send until the connection closes.
func grPeerUp(t *testing.T, c net.Conn, edit func(*codec.CapGracefulRestart)) {
	t.Helper()
	_, err := c.Write(appendKeepalive(grPeerOpen(t, c, edit)))
	require.NoError(t, err)
	ka := readMsg(t, c)
	require.Equal(t, byte(codec.MsgKeepalive), ka[18])
	go func() { _, _ = io.Copy(io.Discard, c) }()
}

// grPeerOpen reads our OPEN and returns the peer's: ours with another
// router id and edit applied to the graceful restart capability.
func grPeerOpen(t *testing.T, c net.Conn, edit func(*codec.CapGracefulRestart)) []byte {
	t.Helper()
	m, err := codec.DecodeMessage(readMsg(t, c), codec.Options{})
	require.NoError(t, err)
	open, ok := m.(codec.Open)
	require.True(t, ok, "first message %s", m.Type())
	id := open.RouterID.As4()
	id[3]++
	open.RouterID = netip.AddrFrom4(id)
	for i, cp := range open.Capabilities {
		if gr, ok := cp.(codec.CapGracefulRestart); ok && edit != nil {
			edit(&gr)
			open.Capabilities[i] = gr
		}
	}
	b, err := codec.AppendMessage(nil, open, codec.Options{})
	require.NoError(t, err)
	return b
}

// TestGRStaleClock: the stale routes of a peer that restarted (graceful
// restart negotiated, adj-rib-in on) go when its restart time passes
// without the session coming back, or, once it is back, when the stale
// time passes without its End-of-RIB; the routes of families its
// capability does not list go at once (RFC 4724 4.2). Fake clock.
func TestGRStaleClock(t *testing.T) {
	const restart = 30 * time.Second
	const staleTime = 100 * time.Second
	both := []string{"10.0.0.0/24 next-hop 127.0.0.1 origin as-path", "10.1.0.0/24 next-hop 127.0.0.1 origin as-path"}
	announce := func(t *testing.T, c net.Conn, nlri string) {
		t.Helper()
		b := mustHex(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0029:02:0000:000E:40010100:400200:4003047F000001:"+nlri)
		_, err := c.Write(b)
		require.NoError(t, err)
	}
	run := func(t *testing.T, body func(t *testing.T, r *Reactor, d *pipeDialer)) {
		synctest.Test(t, func(t *testing.T) {
			n := ipself4()
			n.Routes = nil
			n.HoldTime = 0
			n.AdjRIBIn = true
			n.Capabilities.GracefulRestart = true
			n.Capabilities.RestartTime = uint16(restart / time.Second)
			r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{GRStaleTime: staleTime}, nil, nil)
			d := &pipeDialer{conns: make(chan net.Conn, 4)}
			r.dial = d.dial
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- r.Run(ctx) }()
			body(t, r, d)
			cancel()
			require.NoError(t, <-done)
		})
	}
	// firstSession brings a session up, learns both routes and ends it.
	// With refuse, no connection succeeds after it.
	firstSession := func(t *testing.T, r *Reactor, d *pipeDialer, edit func(*codec.CapGracefulRestart), refuse bool) {
		c := <-d.conns
		d.setRefuse(refuse)
		grPeerUp(t, c, edit)
		announce(t, c, "180A0000")
		announce(t, c, "180A0100")
		synctest.Wait()
		require.Equal(t, both, ribInLines(t, r))
		c.Close()
		synctest.Wait()
	}

	t.Run("restart time expires", func(t *testing.T) {
		run(t, func(t *testing.T, r *Reactor, d *pipeDialer) {
			firstSession(t, r, d, nil, true)
			time.Sleep(restart - time.Second)
			assert.Equal(t, both, ribInLines(t, r), "kept during the restart time")
			time.Sleep(2 * time.Second)
			assert.Empty(t, ribInLines(t, r), "deleted once the restart time passed")
		})
	})
	t.Run("stale time after the session is back", func(t *testing.T) {
		run(t, func(t *testing.T, r *Reactor, d *pipeDialer) {
			firstSession(t, r, d, nil, false)
			c := <-d.conns
			grPeerUp(t, c, nil)
			announce(t, c, "180A0000")
			synctest.Wait()
			time.Sleep(restart + time.Second)
			assert.Equal(t, both, ribInLines(t, r), "the restart time no longer counts once the session is back")
			time.Sleep(staleTime - restart - 2*time.Second)
			assert.Equal(t, both, ribInLines(t, r), "stale until the stale time")
			time.Sleep(2 * time.Second)
			assert.Equal(t, both[:1], ribInLines(t, r), "the route not announced again went with the stale time")
			c.Close()
		})
	})
	t.Run("End-of-RIB stops the clock", func(t *testing.T) {
		run(t, func(t *testing.T, r *Reactor, d *pipeDialer) {
			firstSession(t, r, d, nil, false)
			c := <-d.conns
			grPeerUp(t, c, nil)
			announce(t, c, "180A0000")
			announce(t, c, "180A0100")
			_, err := c.Write(mustHex(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000"))
			require.NoError(t, err)
			synctest.Wait()
			time.Sleep(2 * staleTime)
			assert.Equal(t, both, ribInLines(t, r), "fresh routes outlive the stale time")
			c.Close()
		})
	})
	t.Run("family not in the capability", func(t *testing.T) {
		run(t, func(t *testing.T, r *Reactor, d *pipeDialer) {
			firstSession(t, r, d, func(gr *codec.CapGracefulRestart) { gr.Families = nil }, true)
			assert.Empty(t, ribInLines(t, r), "routes of a family the peer does not keep go with the session")
		})
	})
	t.Run("restart time zero", func(t *testing.T) {
		run(t, func(t *testing.T, r *Reactor, d *pipeDialer) {
			firstSession(t, r, d, func(gr *codec.CapGracefulRestart) { gr.Time = 0 }, true)
			assert.Empty(t, ribInLines(t, r))
		})
	})
	t.Run("failed reconnection does not restart the clock", func(t *testing.T) {
		run(t, func(t *testing.T, r *Reactor, d *pipeDialer) {
			firstSession(t, r, d, nil, false)
			time.Sleep(restart - 10*time.Second)
			// the peer connects, answers our OPEN and closes before its
			// KEEPALIVE (OpenConfirm), then a bad OPEN: neither session
			// comes up
			c := <-d.conns
			_, err := c.Write(grPeerOpen(t, c, nil))
			require.NoError(t, err)
			go func() { _, _ = io.Copy(io.Discard, c) }()
			synctest.Wait()
			c.Close()
			synctest.Wait()
			time.Sleep(2 * time.Second)
			c = <-d.conns
			d.setRefuse(true)
			readMsg(t, c)
			bad := mustHex(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001D:01:04:FFFF:0000:7F000003:00")
			_, err = c.Write(bad)
			require.NoError(t, err)
			go func() { _, _ = io.Copy(io.Discard, c) }()
			synctest.Wait()
			assert.Equal(t, both, ribInLines(t, r), "a failed connection keeps the stale routes")
			time.Sleep(9 * time.Second)
			assert.Empty(t, ribInLines(t, r), "deleted at the first session's restart time")
		})
	})
}

func mustHex(t *testing.T, qa string) []byte {
	t.Helper()
	b, err := hex.DecodeString(qaHex(qa))
	require.NoError(t, err)
	return b
}
