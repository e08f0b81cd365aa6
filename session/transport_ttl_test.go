//go:build linux

package session

import (
	"context"
	"net"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// absent is how long a test waits for a connection that must never come:
// a SYN below the minimum TTL is dropped by the kernel, silently.
const absent = time.Second

// ttlNeighbor is ipself4 over IPv4 or IPv6 loopback.
func ttlNeighbor(v6 bool) *config.Neighbor {
	n := ipself4()
	n.Routes = nil
	if v6 {
		n.PeerAddress = netip.MustParseAddr("::1")
		n.LocalAddress = netip.MustParseAddr("::1")
	}
	return n
}

// TestOutgoingTTL: exago's SYN carries the TTL (hop limit) of
// outgoing-ttl, or 255 with ttl-security (RFC 5082): a peer listening with
// that minimum accepts it; without the option the kernel default (64) is
// dropped, the connection never comes.
func TestOutgoingTTL(t *testing.T) {
	tests := []struct {
		name      string
		v6        bool
		set       func(n *config.Neighbor)
		peerMin   int
		establish bool
	}{
		{"ttl-security ipv4", false, func(n *config.Neighbor) { n.TTLSecurity = 1 }, 255, true},
		{"ttl-security ipv6", true, func(n *config.Neighbor) { n.TTLSecurity = 1 }, 255, true},
		{"outgoing-ttl ipv4", false, func(n *config.Neighbor) { n.OutgoingTTL = 200 }, 200, true},
		{"outgoing-ttl ipv6", true, func(n *config.Neighbor) { n.OutgoingTTL = 200 }, 200, true},
		{"outgoing-ttl below the peer's minimum", false, func(n *config.Neighbor) { n.OutgoingTTL = 100 }, 200, false},
		{"no option ipv4", false, func(*config.Neighbor) {}, 255, false},
		{"no option ipv6", true, func(*config.Neighbor) {}, 255, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := ttlNeighbor(tt.v6)
			tt.set(n)
			// the peer sends with 255, as a GTSM peer does (exago drops less)
			lc := net.ListenConfig{Control: ttlOptions{out: 255, min: tt.peerMin}.control(nil)}
			ln, err := lc.Listen(context.Background(), "tcp", net.JoinHostPort(n.PeerAddress.String(), "0"))
			require.NoError(t, err)
			defer ln.Close()
			r := New(&config.Config{Neighbors: []*config.Neighbor{n}},
				config.Env{TCPPort: uint16(ln.Addr().(*net.TCPAddr).Port), TCPOnce: true}, nil, testLogger(t))
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- r.Run(ctx) }()
			defer func() {
				cancel()
				require.NoError(t, <-done)
			}()
			wait := 10 * time.Second
			if !tt.establish {
				wait = absent
			}
			require.NoError(t, ln.(*net.TCPListener).SetDeadline(time.Now().Add(wait)))
			c, err := ln.Accept()
			if !tt.establish {
				require.Error(t, err, "a SYN under the minimum TTL must be dropped")
				return
			}
			require.NoError(t, err)
			defer c.Close()
			handshake(t, c)
			assert.Equal(t, qaHex(marker16+":0017:02:00000000"), hexUpper(readMsg(t, c)), "End-of-RIB: established")
		})
	}
}

// TestIncomingTTL: a passive exago with incoming-ttl or ttl-security
// accepts a peer sending with a TTL at least the minimum and never sees
// one sending with less.
func TestIncomingTTL(t *testing.T) {
	tests := []struct {
		name      string
		v6        bool
		set       func(n *config.Neighbor)
		peerTTL   int
		establish bool
	}{
		{"ttl-security ipv4 at 255", false, func(n *config.Neighbor) { n.TTLSecurity = 1 }, 255, true},
		{"ttl-security ipv4 at 254", false, func(n *config.Neighbor) { n.TTLSecurity = 1 }, 254, false},
		{"ttl-security 2 hops at 254", false, func(n *config.Neighbor) { n.TTLSecurity = 2 }, 254, true},
		{"ttl-security ipv6 at 255", true, func(n *config.Neighbor) { n.TTLSecurity = 1 }, 255, true},
		{"ttl-security ipv6 at 64", true, func(n *config.Neighbor) { n.TTLSecurity = 1 }, 64, false},
		{"incoming-ttl ipv4 at 200", false, func(n *config.Neighbor) { n.IncomingTTL = 200 }, 200, true},
		{"incoming-ttl ipv4 at 64", false, func(n *config.Neighbor) { n.IncomingTTL = 200 }, 64, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := ttlNeighbor(tt.v6)
			n.Passive = true
			tt.set(n)
			port := freePortOn(t, n.LocalAddress)
			n.Listen = port
			// not once: the listener stays after the probe connection below
			r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{}, nil, testLogger(t))
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- r.Run(ctx) }()
			defer func() {
				cancel()
				require.NoError(t, <-done)
			}()
			addr := net.JoinHostPort(n.LocalAddress.String(), strconv.Itoa(int(port)))
			spec := dialSpec{addr: addr, ttl: ttlOptions{out: tt.peerTTL}}
			if !tt.establish {
				// the listener must be up first: a connection with the
				// right TTL gets through, then one with too low a TTL
				// times out
				c := dialUntil(t, dialSpec{addr: addr, ttl: ttlOptions{out: 255}})
				c.Close()
				dctx, dcancel := context.WithTimeout(context.Background(), absent)
				defer dcancel()
				_, err := dialTCP(dctx, spec)
				require.Error(t, err, "a SYN under the minimum TTL must be dropped")
				var ne net.Error
				require.ErrorAs(t, err, &ne)
				assert.True(t, ne.Timeout(), "want a timeout, got %v", err)
				return
			}
			c := dialUntil(t, spec)
			defer c.Close()
			handshake(t, c)
			assert.Equal(t, byte(codec.MsgUpdate), readMsg(t, c)[18], "End-of-RIB: established")
		})
	}
}

// dialUntil dials s until the listener answers (bounded).
func dialUntil(t *testing.T, s dialSpec) net.Conn {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		c, err := dialTCP(ctx, s)
		cancel()
		if err == nil {
			return c
		}
		require.True(t, time.Now().Before(deadline), "dial %s: %v", s.addr, err)
		// the reactor has not listened yet: the next attempt comes after
		// the kernel refused this one
	}
}

// freePortOn is a TCP port free on a at the time of the call.
func freePortOn(t *testing.T, a netip.Addr) uint16 {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(a.String(), "0"))
	require.NoError(t, err)
	defer ln.Close()
	return uint16(ln.Addr().(*net.TCPAddr).Port)
}
