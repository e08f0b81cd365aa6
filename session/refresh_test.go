package session

import (
	"context"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// TestRouteRefreshAnswered: a ROUTE-REFRESH from the peer is answered
// from the adj-RIB-out with the routes of the family asked for only;
// with enhanced route refresh negotiated (RFC 7313) they come between a
// BoRR and an EoRR of that family.
func TestRouteRefreshAnswered(t *testing.T) {
	for _, enhanced := range []bool{true, false} {
		name := "enhanced"
		if !enhanced {
			name = "plain"
		}
		t.Run(name, func(t *testing.T) {
			tp := newTestPeer(t)
			n := ipself4()
			n.Capabilities.RouteRefresh = enhanced
			n.Families = []codec.Family{codec.IPv4Unicast, codec.IPv6Unicast}
			n.Routes = []config.Route{
				{NLRI: prefix("10.0.0.0/24"), NextHop: netip.MustParseAddr("127.0.0.1")},
				{NLRI: prefix("10.1.0.0/24"), NextHop: netip.MustParseAddr("127.0.0.1")},
				{NLRI: prefix("2001:db8::/32"), NextHop: netip.MustParseAddr("::1")},
			}
			r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{TCPPort: tp.port(), TCPOnce: true}, nil, testLogger(t))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- r.Run(ctx) }()
			c := tp.accept()
			handshake(t, c)
			// the table and the End-of-RIB of both families
			eors := 0
			for eors < 2 {
				raw := readMsg(t, c)
				require.Equal(t, byte(codec.MsgUpdate), raw[18])
				if u, err := codec.DecodeMessage(raw, codec.Options{ASN4: true}); err == nil {
					if _, ok := u.(codec.Update).EOR(); ok {
						eors++
					}
				}
			}
			rr, err := codec.AppendMessage(nil, codec.RouteRefresh{Family: codec.IPv4Unicast}, codec.Options{})
			require.NoError(t, err)
			_, err = c.Write(rr)
			require.NoError(t, err)

			var got []string
			for {
				raw := readMsg(t, c)
				m, err := codec.DecodeMessage(raw, codec.Options{ASN4: true})
				require.NoError(t, err)
				switch v := m.(type) {
				case codec.RouteRefresh:
					got = append(got, v.String())
				case codec.Update:
					for _, x := range v.NLRI {
						got = append(got, "update "+x.String())
					}
				}
				if !enhanced && len(got) == 2 || enhanced && len(got) == 4 {
					break
				}
			}
			want := []string{"update 10.0.0.0/24", "update 10.1.0.0/24"}
			if enhanced {
				want = append(append([]string{"route refresh ipv4/1/unicast"}, want...), "route refresh ipv4/2/unicast")
			}
			assert.Equal(t, want, got)
			cancel()
			require.NoError(t, <-done)
		})
	}
}
