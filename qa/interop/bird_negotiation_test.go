package interop

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBirdNegotiation checks what exago sends after negotiation: a
// 4-byte local AS (eBGP to BIRD), an IPv6 family BIRD does not announce
// (exago must not send those routes), and a hold time lower than BIRD's.
func TestBirdNegotiation(t *testing.T) {
	s := newLoopbackBirdSession(t)
	b := s.startBird(fmt.Sprintf(`
protocol bgp exago {
	local 127.0.0.2 port %d as 65001;
	neighbor 127.0.0.1 port %d as 4200000001;
	passive on;
	multihop;
	ipv4 { import all; export none; };
}
`, s.birdPort, s.exagoPort))
	ex := s.startExago(`
neighbor 127.0.0.2 {
	router-id 127.0.0.1;
	local-address 127.0.0.1;
	local-as 4200000001;
	peer-as 65001;
	hold-time 9;
	family { ipv4 unicast; ipv6 unicast; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1;
		route 192.0.3.0/24 next-hop 10.0.0.1 as-path [ 4200000001 4200000002 65010 ] aggregator ( 4200000003:10.0.0.9 );
		route 2001:db8::/48 next-hop 2001:db8::1;
	}
}
`)
	eventually(t, testTimeout, "IPv4 routes in bird", func() (bool, string) {
		routes, out := b.routes(t)
		return len(routes) == 2, out
	})
	routes, out := b.routes(t)
	assert.Equal(t, "4200000001", routes["192.0.2.0/24"].Attrs["BGP.as_path"], out)
	assert.Equal(t, "4200000001 4200000002 65010", routes["192.0.3.0/24"].Attrs["BGP.as_path"], out)
	assert.Equal(t, "10.0.0.9 AS4200000003", routes["192.0.3.0/24"].Attrs["BGP.aggregator"], out)

	proto, err := b.show("protocols", "all", "exago")
	assert.NoError(t, err)
	assert.Contains(t, proto, "Hold timer:       ")
	assert.Contains(t, proto, "/9\n", "negotiated hold time is exago's 9 s:\n%s", proto)

	log := b.logText()
	for _, bad := range []string{"Error", "error", "Malformed", "Invalid"} {
		assert.NotContains(t, log, bad, "bird log:\n%s", tail([]byte(log), 3000))
	}
	assert.Equal(t, 1, strings.Count(log, "exago: BGP session established"))

	ex.stop(t)
	b.stop(t)
}
