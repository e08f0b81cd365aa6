package interop

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBirdManyRoutes has a helper announce 6000 IPv4 and 3000 IPv6
// routes (one "announce route" each, plus one "announce attributes ...
// nlri" line of 500 prefixes, and a route with 1200 communities, larger
// than 4096 bytes), over a session with extended messages, then
// withdraw half of them; BIRD must count exactly what is left.
func TestBirdManyRoutes(t *testing.T) {
	s := newLoopbackBirdSession(t)
	b := s.startBird(s.ibgpProtocol(`	enable extended messages on;
	ipv4 {
		import filter { if net = 192.0.2.0/24 then bgp_local_pref = bgp_community.len; accept; };
		export none;
	};
	ipv6 { import all; export none; };
`))

	var nlri strings.Builder
	for i := range 500 {
		fmt.Fprintf(&nlri, " 172.16.%d.%d/30", i/64, (i%64)*4)
	}
	// 1200 communities (4800 bytes): only an extended message carries it
	var comms strings.Builder
	for i := range 1200 {
		fmt.Fprintf(&comms, " 65002:%d", i)
	}
	s.writeScript("feed.sh", fmt.Sprintf(`#!/bin/sh
i=0
while [ $i -lt 5500 ]; do
	echo "announce route 10.$((i / 256)).$((i %% 256)).0/24 next-hop 10.0.0.1 community [ 65000:$((i %% 7)) ] med $((i %% 3))"
	i=$((i + 1))
done
i=0
while [ $i -lt 3000 ]; do
	echo "announce route 2001:db8:$(printf %%x $i)::/48 next-hop 2001:db8::1 large-community [ 65000:$i:1 ]"
	i=$((i + 1))
done
echo "announce attributes next-hop 10.0.0.3 med 3 nlri%s"
echo "announce route 192.0.2.0/24 next-hop 10.0.0.9 community [%s ]"
while [ ! -e '%s' ]; do sleep 0.05; done
i=0
while [ $i -lt 5500 ]; do
	echo "withdraw route 10.$((i / 256)).$((i %% 256)).0/24"
	i=$((i + 2))
done
i=1
while [ $i -lt 3000 ]; do
	echo "withdraw route 2001:db8:$(printf %%x $i)::/48"
	i=$((i + 2))
done
while read -r line; do :; done
`, nlri.String(), comms.String(), stageFile(s.dir, 1)))
	ex := s.startExago(feedProcess + s.ibgpNeighbor(`	family { ipv4 unicast; ipv6 unicast; }
	api { processes [ feed ]; }
`))
	out, err := b.show("protocols", "all", "exago")
	require.NoError(t, err)
	require.Contains(t, out, "Extended message", "both sides must announce extended messages")

	want := map[string]int{"master4": 6001, "master6": 3000}
	eventually(t, testTimeout, "9000 routes in bird", func() (bool, string) {
		got, out := b.routeCounts()
		return assert.ObjectsAreEqual(want, got), out
	})
	routes, out := b.routes(t)
	assert.Equal(t, "(65000,6)", routes["10.0.6.0/24"].Attrs["BGP.community"], out)
	assert.Equal(t, "0", routes["10.0.6.0/24"].Attrs["BGP.med"])
	assert.Equal(t, "(65000, 2999, 1)", routes["2001:db8:bb7::/48"].Attrs["BGP.large_community"])
	assert.Equal(t, "10.0.0.3", routes["172.16.7.204/30"].Attrs["BGP.next_hop"])
	assert.Equal(t, "3", routes["172.16.7.204/30"].Attrs["BGP.med"])
	// birdc cuts long attribute lines: bird's import filter counts them
	assert.Equal(t, "1200", routes["192.0.2.0/24"].Attrs["BGP.local_pref"], "communities of 192.0.2.0/24")

	startStage(t, s.dir, 1)
	want = map[string]int{"master4": 2750 + 500 + 1, "master6": 1500}
	eventually(t, testTimeout, "half the routes withdrawn", func() (bool, string) {
		got, out := b.routeCounts()
		return assert.ObjectsAreEqual(want, got), out
	})
	routes, out = b.routes(t)
	assert.Contains(t, routes, "10.21.123.0/24", out)
	assert.NotContains(t, routes, "10.21.122.0/24")
	assert.Contains(t, routes, "2001:db8::/48")
	assert.NotContains(t, routes, "2001:db8:1::/48")

	ex.stop(t)
	b.stop(t)
}
