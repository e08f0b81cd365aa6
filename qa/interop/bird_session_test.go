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
	needDaemon(t, "bird", "birdc")
	bin := exagoBin(t)
	dir := tempDir(t)
	birdPort := freePort(t, "127.0.0.2")
	exagoPort := freePort(t, "127.0.0.1")

	b := startBird(t, dir, fmt.Sprintf(`
protocol bgp exago {
	local 127.0.0.2 port %d as 65000;
	neighbor 127.0.0.1 port %d as 65000;
	passive on;
	hold time 3;
	ipv4 { import all; export none; };
}
`, birdPort, exagoPort))
	writeFile(t, dir, "feed.sh", "#!/bin/sh\n"+
		"echo 'announce route 198.51.100.0/24 next-hop 10.0.0.2 med 9'\n"+
		"while read -r line; do :; done\n", 0o755)
	conf := writeFile(t, dir, "exago.conf", `
process feed {
	run ./feed.sh;
	encoder json;
}
neighbor 127.0.0.2 {
	router-id 127.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	family { ipv4 unicast; }
	capability { route-refresh; }
	api { processes [ feed ]; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 med 10;
	}
}
`, 0o644)
	ex := start(t, dir, "exago", exagoEnv(birdPort), bin, conf)
	b.waitEstablished(t, "exago")

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
		_, err := run(b.birdc, "-s", b.sock, "reload", "in", "exago")
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
		_, err := run(b.birdc, "-s", b.sock, "disable", "exago")
		require.NoError(t, err)
		eventually(t, testTimeout, "exago sees bird's Cease", func() (bool, string) {
			out := ex.output()
			return strings.Contains(out, "notification received (6,2)"), out
		})
		_, err = run(b.birdc, "-s", b.sock, "enable", "exago")
		require.NoError(t, err)
		b.waitEstablished(t, "exago")
		eventually(t, testTimeout, "both routes in bird again", bothRoutes)
	})

	ex.stop(t)
	eventually(t, testTimeout, "bird sees the Cease", func() (bool, string) {
		log := b.logText()
		return strings.Contains(log, "exago: Received: Administrative shutdown"), tail([]byte(log), 2000)
	})
	stopPID(t, b.pid)
}
