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

// TestCollision: a second connection from the peer while the first is in
// OpenSent or OpenConfirm, with exago active or passive. The connection
// kept is the one initiated by the speaker with the higher BGP identifier
// (exago's is 127.0.0.2): the peer's new one when the peer's identifier
// is higher, else the first; the other gets Cease 7 (RFC 4271 6.8, RFC
// 4486), and the session comes up on the one kept.
func TestCollision(t *testing.T) {
	higher, lower := netip.MustParseAddr("127.0.0.3"), netip.MustParseAddr("127.0.0.1")
	tests := []struct {
		name    string
		passive bool
		// confirmed: the second connection arrives in OpenConfirm (the
		// peer's OPEN already received), else in OpenSent
		confirmed bool
		peerID    netip.Addr
	}{
		{"opensent peer higher", false, false, higher},
		{"opensent peer lower", false, false, lower},
		{"openconfirm peer higher", false, true, higher},
		{"openconfirm peer lower", false, true, lower},
		{"passive opensent peer higher", true, false, higher},
		{"passive opensent peer lower", true, false, lower},
		{"passive openconfirm peer higher", true, true, higher},
		{"passive openconfirm peer lower", true, true, lower},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := newTestPeer(t)
			listen := freeLoopbackPort(t)
			n := ipself4()
			n.Routes = nil
			n.Passive = tt.passive
			n.Connect = tp.port()
			n.Listen = listen
			rec := &recorder{}
			r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{TCPOnce: true}, rec, testLogger(t))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- r.Run(ctx) }()

			dial := func() net.Conn {
				t.Helper()
				var c net.Conn
				require.Eventually(t, func() bool {
					var err error
					c, err = net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(int(listen)), time.Second)
					return err == nil
				}, 5*time.Second, 10*time.Millisecond, "dial exago's listener")
				t.Cleanup(func() { c.Close() })
				return c
			}
			peerOpen := func(ours []byte) []byte {
				o := append([]byte(nil), ours...)
				copy(o[24:28], tt.peerID.AsSlice())
				return o
			}
			var a net.Conn
			if tt.passive {
				a = dial()
			} else {
				a = tp.accept()
			}
			openA := readMsg(t, a)
			require.Equal(t, byte(codec.MsgOpen), openA[18])
			if tt.confirmed {
				_, err := a.Write(peerOpen(openA))
				require.NoError(t, err)
				require.Equal(t, byte(codec.MsgKeepalive), readMsg(t, a)[18])
			}
			b := dial()
			if !tt.confirmed {
				_, err := a.Write(peerOpen(openA))
				require.NoError(t, err)
				require.Equal(t, byte(codec.MsgKeepalive), readMsg(t, a)[18])
			}
			kept, closed, text := a, b, collisionKeepOld
			if tt.peerID == higher {
				kept, closed, text = b, a, collisionKeepNew
			}
			assert.Equal(t, wantNotif(6, 7, text), hexUpper(readMsg(t, closed)), "Cease 7 on the connection closed")
			if kept == b {
				openB := readMsg(t, b)
				require.Equal(t, byte(codec.MsgOpen), openB[18])
				_, err := b.Write(peerOpen(openB))
				require.NoError(t, err)
				require.Equal(t, byte(codec.MsgKeepalive), readMsg(t, b)[18])
			}
			_, err := kept.Write(appendKeepalive(nil))
			require.NoError(t, err)
			assert.Equal(t, qaHex(marker16+":0017:02:00000000"), hexUpper(readMsg(t, kept)), "End-of-RIB on the connection kept")
			cancel()
			require.NoError(t, <-done)
		})
	}
}

// freeLoopbackPort is a TCP port free on 127.0.0.1 at the time of the call.
func freeLoopbackPort(t *testing.T) uint16 {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return uint16(ln.Addr().(*net.TCPAddr).Port)
}
