package interop

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBirdAnnounce runs exago as an iBGP peer of BIRD: static and helper
// routes (IPv4 and IPv6) reach BIRD with their attributes, a route the
// helper withdraws disappears, and SIGTERM sends BIRD a Cease.
func TestBirdAnnounce(t *testing.T) {
	s := newLoopbackBirdSession(t)
	b := s.startBird(s.ibgpProtocol(`	ipv4 { import all; export none; };
	ipv6 { import all; export none; };
`))
	s.writeScript("feed.sh", stagedHelper(s.dir, []string{
		"announce route 198.51.100.0/25 next-hop self local-preference 200 community [ 65000:300 ]",
		"announce route 198.51.100.128/25 next-hop self",
		"announce route 2001:db8:1::/48 next-hop 2001:db8::1 large-community [ 65000:7:8 ] med 5",
		"announce route 2001:db8:2::/48 next-hop 2001:db8::2",
	}, []string{
		"withdraw route 198.51.100.128/25",
		"withdraw route 2001:db8:2::/48",
	}))
	s.startExago(feedProcess + s.ibgpNeighbor(`	family { ipv4 unicast; ipv6 unicast; }
	api { processes [ feed ]; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 origin egp med 10 local-preference 300 as-path [ 64999 64998 ] community [ 65000:100 65000:200 ] large-community [ 65000:1:2 ];
		route 2001:db8::/32 next-hop 2001:db8::ff med 20 community [ no-export ];
		route 192.0.6.0/24 next-hop 10.0.0.6 originator-id 10.9.9.9 cluster-list [ 10.8.8.8 10.7.7.7 ] extended-community [ target:65000:1 origin:10.0.0.1:5 ] atomic-aggregate aggregator ( 65010:10.0.0.10 ) origin incomplete;
	}
`))

	want := map[string]map[string]string{
		"192.0.2.0/24": {
			"BGP.origin": "EGP", "BGP.as_path": "64999 64998", "BGP.next_hop": "10.0.0.1",
			"BGP.med": "10", "BGP.local_pref": "300", "BGP.community": "(65000,100) (65000,200)",
			"BGP.large_community": "(65000, 1, 2)",
		},
		"2001:db8::/32": {
			"BGP.origin": "IGP", "BGP.as_path": "", "BGP.next_hop": "2001:db8::ff",
			"BGP.med": "20", "BGP.local_pref": "100", "BGP.community": "(65535,65281)",
		},
		"198.51.100.0/25": {
			"BGP.origin": "IGP", "BGP.as_path": "", "BGP.next_hop": "127.0.0.1",
			"BGP.local_pref": "200", "BGP.community": "(65000,300)",
		},
		"198.51.100.128/25": {"BGP.next_hop": "127.0.0.1", "BGP.local_pref": "100"},
		"192.0.6.0/24": {
			"BGP.origin": "Incomplete", "BGP.next_hop": "10.0.0.6", "BGP.originator_id": "10.9.9.9",
			"BGP.cluster_list": "10.8.8.8 10.7.7.7",
			// ExaBGP 4.2 encodes origin:IP:N with the 2-octet-AS type (0x0003),
			// so BIRD reads AS 2560 (10.0) and 65541 (0.1 and 5); exago does too
			"BGP.ext_community": "(rt, 65000, 1) (ro, 2560, 65541)",
			"BGP.atomic_aggr":   "", "BGP.aggregator": "10.0.0.10 AS65010",
		},
		"2001:db8:1::/48": {
			"BGP.next_hop": "2001:db8::1", "BGP.med": "5", "BGP.large_community": "(65000, 7, 8)",
		},
		"2001:db8:2::/48": {"BGP.next_hop": "2001:db8::2"},
	}
	b.waitRoutes(t, "every route in bird", slices.Collect(maps.Keys(want))...)
	routes, out := b.routes(t)
	for p, attrs := range want {
		for name, v := range attrs {
			assert.Equal(t, v, routes[p].Attrs[name], "%s %s in:\n%s", p, name, out)
		}
	}
	// no attribute bird did not expect to see on the plain routes
	_, hasMED := routes["198.51.100.0/25"].Attrs["BGP.med"]
	assert.False(t, hasMED, "198.51.100.0/25 has no MED:\n%s", out)

	startStage(t, s.dir, 1)
	eventually(t, testTimeout, "helper's withdrawn routes gone from bird", func() (bool, string) {
		routes, out := b.routes(t)
		_, v4 := routes["198.51.100.128/25"]
		_, v6 := routes["2001:db8:2::/48"]
		_, kept := routes["198.51.100.0/25"]
		return !v4 && !v6 && kept, out
	})
	waitAcks(t, s.dir, 6)

	s.stopExago()
	out, err := b.show("protocols", "all", "exago")
	require.NoError(t, err)
	assert.Contains(t, out, "Last error:       Received: Administrative shutdown")
	b.stop(t)
}
