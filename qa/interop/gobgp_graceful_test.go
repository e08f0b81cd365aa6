package interop

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestGoBGPGracefulRestart runs exago against gobgpd with graceful
// restart (RFC 4724): exago stopping sends no Cease and gobgpd keeps the
// route (stale); the restarted exago sends its table and End-of-RIB and the
// route is fresh again. (gobgpd's soft reset in sends no ROUTE-REFRESH: it
// reuses its own adj-RIB-in; route refresh is tested against BIRD.)
func TestGoBGPGracefulRestart(t *testing.T) {
	dir := tempDir(t)
	bgpPort := freePort(t, "127.0.0.2")
	g := startGoBGP(t, dir, bgpPort, gobgpNeighbor{
		addr:         "127.0.0.1",
		afiSafis:     []string{"ipv4-unicast"},
		extra:        "  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = 120\n",
		afiSafiExtra: "    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n",
	})
	conf := writeFile(t, dir, "exago.conf", `
neighbor 127.0.0.2 {
	router-id 127.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65001;
	family { ipv4 unicast; }
	capability { graceful-restart 120; route-refresh; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 med 10;
	}
}
`, 0o644)
	// stale reports whether gobgpd has the route, and whether it is stale
	route := func() (have, stale bool, out string) {
		out, err := g.cli("global", "rib", "-a", "ipv4", "-j")
		if err != nil {
			return false, false, out + err.Error()
		}
		var rib map[string][]struct {
			Stale bool `json:"stale"`
		}
		if json.Unmarshal([]byte(out), &rib) != nil {
			return false, false, out
		}
		ps := rib["192.0.2.0/24"]
		return len(ps) > 0, len(ps) > 0 && ps[0].Stale, out
	}
	fresh := func() (bool, string) {
		have, stale, out := route()
		return have && !stale, out
	}

	ex := start(t, dir, "exago", exagoEnv(bgpPort), exagoBin(t), conf)
	eventually(t, testTimeout, "route in gobgpd", fresh)

	ex.stop(t)
	eventually(t, testTimeout, "gobgpd keeps the route, stale", func() (bool, string) {
		have, stale, out := route()
		return have && stale, out + g.d.output()
	})
	assert.NotContains(t, g.d.output(), gobgpCeaseLog, "no Cease with graceful restart")

	ex = start(t, dir, "exago", exagoEnv(bgpPort), exagoBin(t), conf)
	eventually(t, testTimeout, "the route fresh after the restart", fresh)
	ex.stop(t)
	g.stop(t)
}
