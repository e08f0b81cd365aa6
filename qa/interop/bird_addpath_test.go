package interop

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nextHops lists the BGP.next_hop of each path of prefix, sorted.
func nextHops(paths map[string][]birdRoute, prefix string) []string {
	var nhs []string
	for _, p := range paths[prefix] {
		nhs = append(nhs, p.Attrs["BGP.next_hop"])
	}
	slices.Sort(nhs)
	return nhs
}

// TestBirdIPv6TransportAddPath runs an iBGP session over IPv6 (::1 on
// both sides, distinct ports) with ADD-PATH (exago sends, BIRD receives)
// and extended next hop (IPv4 routes with IPv6 next hops): several paths
// of a prefix reach BIRD, and withdrawing one path id leaves the others.
func TestBirdIPv6TransportAddPath(t *testing.T) {
	s := newBirdSession(t, "::1", "::1")
	b := s.startBird(s.ibgpProtocol(`	ipv4 { import all; export none; extended next hop on; add paths rx; };
	ipv6 { import all; export none; add paths rx; };
`))
	s.writeScript("feed.sh", stagedHelper(s.dir, []string{
		"announce route 192.0.5.0/24 next-hop 2001:db8::9 path-information 3",
		"announce route 192.0.5.0/24 next-hop 2001:db8::a path-information 4 med 4",
	}, []string{
		"withdraw route 192.0.2.0/24 path-information 2",
		"withdraw route 192.0.5.0/24 next-hop 2001:db8::9 path-information 3",
		"withdraw route 2001:db8:7::/48 path-information 5",
	}))
	s.startExago(feedProcess + s.ibgpNeighbor(`	family { ipv4 unicast; ipv6 unicast; }
	nexthop { ipv4 unicast ipv6; }
	capability { add-path send; }
	api { processes [ feed ]; }
	static {
		route 192.0.2.0/24 next-hop 2001:db8::1 path-information 1;
		route 192.0.2.0/24 next-hop 2001:db8::2 path-information 2 med 7;
		route 192.0.4.0/24 next-hop 10.0.0.1;
		route 2001:db8:7::/48 next-hop 2001:db8::3 path-information 5;
		route 2001:db8:7::/48 next-hop 2001:db8::4 path-information 6;
		route 2001:db8:8::/48 next-hop self;
	}
`))
	out, err := b.show("protocols", "all", "exago")
	require.NoError(t, err)
	assert.Contains(t, out, "Session:          internal multihop AS4")
	assert.Contains(t, out, "Neighbor address: ::1")

	want := map[string][]string{
		"192.0.2.0/24":    {"2001:db8::1", "2001:db8::2"},
		"192.0.4.0/24":    {"10.0.0.1"},
		"192.0.5.0/24":    {"2001:db8::9", "2001:db8::a"},
		"2001:db8:7::/48": {"2001:db8::3", "2001:db8::4"},
		"2001:db8:8::/48": {"::1"},
	}
	check := func(want map[string][]string) func() (bool, string) {
		return func() (bool, string) {
			out, err := b.show("route", "all")
			if err != nil {
				return false, out + err.Error()
			}
			paths := parseBirdPaths(out)
			got := map[string][]string{}
			for p := range paths {
				got[p] = nextHops(paths, p)
			}
			return assert.ObjectsAreEqual(want, got), fmt.Sprintf("want %v\ngot %v\n%s", want, got, out)
		}
	}
	eventually(t, testTimeout, "every path in bird", check(want))

	startStage(t, s.dir, 1)
	want = map[string][]string{
		"192.0.2.0/24":    {"2001:db8::1"},
		"192.0.4.0/24":    {"10.0.0.1"},
		"192.0.5.0/24":    {"2001:db8::a"},
		"2001:db8:7::/48": {"2001:db8::4"},
		"2001:db8:8::/48": {"::1"},
	}
	eventually(t, testTimeout, "one path of each withdrawn", check(want))
	waitAcks(t, s.dir, 5)

	s.stopExago()
	b.stop(t)
}
