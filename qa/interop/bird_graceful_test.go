package interop

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBirdGracefulRestart: with graceful restart negotiated (RFC 4724)
// exago stops without a NOTIFICATION, as ExaBGP does; BIRD keeps the
// route (stale) through the restart; the restarted exago sends its table
// again then End-of-RIB, and BIRD ends the restart with the route kept.
// Enhanced route refresh (RFC 7313): a "reload in" from BIRD is answered
// between a BoRR and an EoRR.
func TestBirdGracefulRestart(t *testing.T) {
	s := newLoopbackBirdSession(t)
	b := s.startBird(s.ibgpProtocol(`	graceful restart on;
	ipv4 { import all; export none; };
`))
	conf := s.ibgpNeighbor(`	family { ipv4 unicast; }
	capability { graceful-restart 120; route-refresh; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 med 10;
	}
`)
	route := func() (bool, string) {
		routes, out := b.routes(t)
		return routes["192.0.2.0/24"].Attrs["BGP.med"] == "10", out
	}
	s.startExago(conf)
	eventually(t, testTimeout, "route in bird", route)

	t.Run("enhanced route refresh", func(t *testing.T) {
		_, err := b.ctl("reload", "in", "exago")
		assert.NoError(t, err)
		b.waitLog(t, "BIRD gets the end of the refreshed table", "exago: Got END-OF-RR")
		log := b.logText()
		assert.Contains(t, log, "exago: Got BEGIN-OF-RR")
		begin := strings.LastIndex(log, "exago: Got BEGIN-OF-RR")
		end := strings.LastIndex(log, "exago: Got END-OF-RR")
		assert.Contains(t, log[begin:end], "exago: Got UPDATE", "the route between BoRR and EoRR")
	})

	// stop: no Cease with graceful restart, BIRD keeps the route
	s.exago.stop(t)
	b.waitLog(t, "BIRD starts the graceful restart", "exago: Neighbor graceful restart detected")
	assert.NotContains(t, b.logText(), birdCeaseLog)
	ok, out := route()
	assert.True(t, ok, "route kept while exago restarts:\n%s", out)

	s.startExago(conf)
	b.waitLog(t, "BIRD ends the graceful restart on End-of-RIB", "exago: Neighbor graceful restart done")
	eventually(t, testTimeout, "route in bird after the restart", route)
	s.exago.stop(t)
	b.stop(t)
}
