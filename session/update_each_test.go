package session

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// TestUpdateEachRouteErrors checks that a route the adj-RIB-out refuses
// fails alone when errors are reported route by route.
func TestUpdateEachRouteErrors(t *testing.T) {
	n := &config.Neighbor{PeerAddress: netip.MustParseAddr("192.0.2.9"), LocalAS: 1, PeerAS: 1}
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{}, nil, nil)
	p := r.peers[0]
	nh := netip.MustParseAddr("192.0.2.1")
	routes := []config.Route{
		{NLRI: codec.NewPrefix(netip.MustParsePrefix("10.0.0.0/24")), NextHop: nh},
		{NLRI: codec.Prefix{Fam: codec.IPv4Unicast}, NextHop: nh}, // no prefix: cannot be encoded
		{NLRI: codec.NewPrefix(netip.MustParsePrefix("10.0.1.0/24")), NextHop: nh},
	}
	for _, each := range []bool{false, true} {
		req := request{op: opAnnounce, routes: routes, done: make(chan error, 1)}
		if each {
			req.errs = make([]error, len(routes))
		}
		p.handle(req)
		err := <-req.done
		if !each {
			assert.Error(t, err, "without errs the first error fails the request")
			continue
		}
		require.NoError(t, err)
		assert.NoError(t, req.errs[0])
		assert.ErrorContains(t, req.errs[1], "neighbor 192.0.2.9")
		assert.NoError(t, req.errs[2])
	}
	assert.Equal(t, 2, p.rib.len())
}
