package interop

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestBirdConnectsToExago has exago listen (tcp.bind, passive neighbor)
// and BIRD connect to it; then both sides listen and dial (exago with
// "connect PORT"), with exago's router-id above and below BIRD's: one
// session must come up and stay up. (BIRD's 1 s connect delay means
// exago's connection usually wins without a collision.)
func TestBirdConnectsToExago(t *testing.T) {
	for _, tc := range []struct {
		name     string
		passive  string
		routerID string
	}{
		{"exago passive", "passive true;", "127.0.0.1"},
		{"both active, exago higher router-id", "", "127.0.0.9"},
		{"both active, exago lower router-id", "", "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newLoopbackBirdSession(t)
			b := s.startBird(fmt.Sprintf(`
protocol bgp exago {
	local 127.0.0.2 port %d as 65000;
	neighbor 127.0.0.1 port %d as 65000;
	connect retry time 1;
	connect delay time 1;
	ipv4 { import all; export none; };
}
`, s.birdPort, s.exagoPort))
			// exago listens on its own port (tcp.bind) and dials bird's
			s.startExago(fmt.Sprintf(`
neighbor 127.0.0.2 {
	router-id %s;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	connect %d;
	%s
	family { ipv4 unicast; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 med 10;
	}
}
`, tc.routerID, s.birdPort, tc.passive),
				"exabgp_tcp_port="+strconv.Itoa(int(s.exagoPort)), "exabgp_tcp_bind=127.0.0.1")
			eventually(t, testTimeout, "route in bird", func() (bool, string) {
				routes, out := b.routes(t)
				return routes["192.0.2.0/24"].Attrs["BGP.med"] == "10", out
			})
			// the session stays up: no second session, no flap, for 1.5 s
			deadline := time.Now().Add(1500 * time.Millisecond)
			tick := time.NewTicker(pollInterval)
			defer tick.Stop()
			for time.Now().Before(deadline) {
				<-tick.C
				out, err := b.show("protocols", "exago")
				if err != nil || !strings.Contains(out, "Established") {
					t.Fatalf("session not established any more: %s %v\n%s", out, err, b.logText())
				}
			}
			log := b.logText()
			assert.Equal(t, 1, strings.Count(log, "exago: BGP session established"), "one session:\n%s", tail([]byte(log), 3000))

			s.stopExago()
			b.stop(t)
		})
	}
}
