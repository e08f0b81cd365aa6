package interop

import (
	"strings"
	"testing"
)

// TestBirdAPICommands drives exago's session to BIRD through helper
// commands: neighbor-prefixed announce, route-refresh and eor, watchdog
// withdraw and announce, clear adj-rib out, and teardown (Cease subcode
// 4, then a new session).
func TestBirdAPICommands(t *testing.T) {
	s := newLoopbackBirdSession(t)
	b := s.startBird(`
protocol static st4 { ipv4; route 203.0.113.0/24 blackhole; }
` + s.ibgpProtocol(`	ipv4 { import all; export where proto = "st4"; };
`))
	s.writeScript("feed.sh", stagedHelper(s.dir,
		[]string{
			"neighbor 127.0.0.2 announce route 192.0.2.0/24 next-hop 10.0.0.1 med 1",
			"announce route 198.51.100.0/24 next-hop 10.0.0.2 watchdog dog1",
		},
		// as in ExaBGP, only established peers take these
		[]string{"announce route-refresh ipv4 unicast", "announce eor ipv4 unicast"},
		[]string{"withdraw watchdog dog1"},
		[]string{"announce watchdog dog1"},
		[]string{"clear adj-rib out"},
		[]string{"neighbor 127.0.0.2 teardown 4"},
	))
	stage := func(n int) { startStage(t, s.dir, n) }
	s.startExago(feedProcess + s.ibgpNeighbor(`	family { ipv4 unicast; }
	capability { route-refresh; }
	api { processes [ feed ]; }
`))

	has := func(want ...string) func() (bool, string) {
		return func() (bool, string) {
			routes, out := b.routes(t)
			var got []string
			for p, r := range routes {
				if strings.Contains(r.Line, "[exago ") {
					got = append(got, p)
				}
			}
			if len(got) != len(want) {
				return false, out
			}
			for _, w := range want {
				if _, ok := routes[w]; !ok {
					return false, out
				}
			}
			return true, out
		}
	}
	eventually(t, testTimeout, "both routes in bird", has("192.0.2.0/24", "198.51.100.0/24"))
	stage(1)
	eventually(t, testTimeout, "bird gets the ROUTE-REFRESH", b.logHas("exago: Got ROUTE-REFRESH", 1))
	// one End-of-RIB after the initial routes, one asked for
	eventually(t, testTimeout, "bird gets two END-OF-RIB", b.logHas("exago: Got END-OF-RIB", 2))

	stage(2)
	eventually(t, testTimeout, "watchdog route withdrawn", has("192.0.2.0/24"))
	stage(3)
	eventually(t, testTimeout, "watchdog route announced again", has("192.0.2.0/24", "198.51.100.0/24"))
	stage(4)
	eventually(t, testTimeout, "adj-rib-out cleared", has())
	stage(5)
	eventually(t, testTimeout, "bird gets Cease subcode 4", b.logHas("exago: Received: Administrative reset", 1))
	eventually(t, testTimeout, "a second session", b.logHas("exago: BGP session established", 2))
	b.waitEstablished(t, "exago")
	waitAcks(t, s.dir, 8)

	s.stopExago()
	b.stop(t)
}
