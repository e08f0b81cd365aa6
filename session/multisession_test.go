package session

import (
	"context"
	"net/netip"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// TestMultiSessionMandatory: with multi-session configured, a peer whose
// OPEN has no multisession capability is refused as ExaBGP 4.2 does
// (2/9 "multisession is mandatory with this peer"); one echoing ours
// establishes.
func TestMultiSessionMandatory(t *testing.T) {
	for _, echo := range []bool{true, false} {
		name := "peer without multisession"
		if echo {
			name = "peer with multisession"
		}
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := ipself4()
				n.Routes = nil
				n.Capabilities.MultiSession = true
				r, c := pipeReactor(t, n, nil)
				done := make(chan error, 1)
				go func() { done <- r.Run(context.Background()) }()
				msgs := pipeReader(c)
				open := <-msgs
				var peer []byte
				if echo {
					peer = append([]byte(nil), open...)
					peer[27]++
				} else {
					var err error
					o := codec.NewOpen(12345, 180, netip.MustParseAddr("127.0.0.3"),
						[]codec.Capability{codec.CapMultiprotocol(codec.IPv4Unicast), codec.CapASN4(12345)})
					peer, err = codec.AppendMessage(nil, o, codec.Options{})
					require.NoError(t, err)
				}
				if echo {
					peer = appendKeepalive(peer)
				}
				// refused, exago closes the pipe once it has read the OPEN:
				// a KEEPALIVE written with it would fail the write
				_, err := c.Write(peer)
				require.NoError(t, err)
				got := <-msgs
				if echo {
					assert.Equal(t, hexUpper(appendKeepalive(nil)), hexUpper(got))
					c.Close()
				} else {
					assert.Equal(t, wantNotif(2, 9, "multisession is mandatory with this peer"), hexUpper(got))
				}
				require.NoError(t, <-done)
			})
		})
	}
}
