package interop

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBirdSessionLifecycle checks exago's session handling against BIRD:
// a 3 s hold time kept alive by exago's KEEPALIVEs, a ROUTE-REFRESH
// answered with the routes again, a Cease from BIRD ("birdc disable")
// followed by a reconnection that sends every route again (static and
// helper), and a Cease on SIGTERM.
func TestBirdSessionLifecycle(t *testing.T) {
	s := newLoopbackBirdSession(t)
	b := s.startBird(s.ibgpProtocol(`	hold time 3;
	ipv4 { import all; export none; };
`))
	s.writeScript("feed.sh", "#!/bin/sh\n"+
		"echo 'announce route 198.51.100.0/24 next-hop 10.0.0.2 med 9'\n"+
		"while read -r line; do :; done\n")
	ex := s.startExago(feedProcess + s.ibgpNeighbor(`	family { ipv4 unicast; }
	capability { route-refresh; }
	api { processes [ feed ]; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 med 10;
	}
`))

	bothRoutes := func() (bool, string) {
		routes, out := b.routes(t)
		_, s := routes["192.0.2.0/24"]
		_, h := routes["198.51.100.0/24"]
		return s && h && routes["198.51.100.0/24"].Attrs["BGP.med"] == "9", out
	}
	eventually(t, testTimeout, "both routes in bird", bothRoutes)

	t.Run("hold time 3 s kept alive", func(t *testing.T) {
		start := strings.Count(b.logText(), "exago: Got KEEPALIVE")
		eventually(t, testTimeout, "4 more KEEPALIVEs from exago", func() (bool, string) {
			n := strings.Count(b.logText(), "exago: Got KEEPALIVE")
			return n >= start+4, fmt.Sprintf("%d keepalives", n)
		})
		log := b.logText()
		assert.NotContains(t, log, "Hold timer expired")
		assert.Equal(t, 1, strings.Count(log, "exago: BGP session established"), "one session only:\n%s", log)
	})

	t.Run("route refresh", func(t *testing.T) {
		before := strings.Count(b.logText(), "exago: Got UPDATE")
		_, err := b.ctl("reload", "in", "exago")
		require.NoError(t, err)
		eventually(t, testTimeout, "UPDATEs sent again after ROUTE-REFRESH", func() (bool, string) {
			log := b.logText()
			return strings.Count(log, "exago: Got UPDATE") >= before+2, tail([]byte(log), 3000)
		})
		assert.Contains(t, b.logText(), "exago: Sending ROUTE-REFRESH")
		ok, out := bothRoutes()
		assert.True(t, ok, out)
	})

	t.Run("cease from bird, reconnect", func(t *testing.T) {
		_, err := b.ctl("disable", "exago")
		require.NoError(t, err)
		eventually(t, testTimeout, "exago sees bird's Cease", func() (bool, string) {
			out := ex.output()
			return strings.Contains(out, "notification received (6,2)"), out
		})
		_, err = b.ctl("enable", "exago")
		require.NoError(t, err)
		b.waitEstablished(t, "exago")
		eventually(t, testTimeout, "both routes in bird again", bothRoutes)
	})

	s.stopExago()
	b.stop(t)
}
