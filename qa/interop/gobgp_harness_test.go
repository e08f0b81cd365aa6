package interop

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// gobgpCeaseLog is what gobgpd logs when a peer closes with a Cease
// (administrative shutdown), as exago and ExaBGP do on SIGTERM.
const gobgpCeaseLog = "notification-received code 6(cease) subcode 2(administrative shutdown)"

// gobgpNeighbor is one [[neighbors]] entry of gobgpd.toml: an eBGP peer
// in AS 65000 that gobgpd waits for (passive mode).
type gobgpNeighbor struct {
	// addr is the peer's address.
	addr string
	// remotePort is the peer's port, when not the default.
	remotePort uint16
	// extra is more TOML for the neighbor (graceful-restart...).
	extra string
	// afiSafis are gobgpd's afi-safi-name of the families.
	afiSafis []string
	// afiSafiExtra is more TOML for each of the families.
	afiSafiExtra string
}

// toml is the neighbor's entry in gobgpd.toml.
func (n gobgpNeighbor) toml() string {
	var s strings.Builder
	fmt.Fprintf(&s, `
[[neighbors]]
  [neighbors.config]
    neighbor-address = %q
    peer-as = 65000
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.2"
`, n.addr)
	if n.remotePort != 0 {
		fmt.Fprintf(&s, "    remote-port = %d\n", n.remotePort)
	}
	s.WriteString(n.extra)
	for _, f := range n.afiSafis {
		fmt.Fprintf(&s, "  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = %q\n", f)
		s.WriteString(n.afiSafiExtra)
	}
	return s.String()
}

// gobgpPeer is a gobgpd run by a test: AS 65001, BGP on 127.0.0.2, its
// gRPC API on 127.0.0.1.
type gobgpPeer struct {
	d     *daemon
	gobgp string
	api   string
}

// startGoBGP skips the test without gobgpd (or in -short mode), writes
// gobgpd.toml into dir with BGP on port and the neighbors, starts gobgpd
// and waits until its API answers.
func startGoBGP(t *testing.T, dir string, port uint16, neighbors ...gobgpNeighbor) *gobgpPeer {
	t.Helper()
	bins := needDaemon(t, "gobgpd", "gobgp")
	var toml strings.Builder
	fmt.Fprintf(&toml, "[global.config]\n  as = 65001\n  router-id = \"127.0.0.2\"\n  port = %d\n"+
		"  local-address-list = [\"127.0.0.2\"]\n", port)
	for _, n := range neighbors {
		toml.WriteString(n.toml())
	}
	path := writeFile(t, dir, "gobgpd.toml", toml.String(), 0o644)
	g := &gobgpPeer{gobgp: bins[1], api: strconv.Itoa(int(freePort(t, "127.0.0.1")))}
	g.d = start(t, dir, "gobgpd", nil, bins[0], "-f", path, "-t", "toml", "-l", "debug", "-p",
		"--pprof-disable", "--api-hosts", "127.0.0.1:"+g.api)
	eventually(t, testTimeout, "gobgpd API up", func() (bool, string) {
		out, err := g.cli("global")
		return err == nil, out + fmt.Sprint(err) + "\n" + g.d.output()
	})
	return g
}

// cli runs "gobgp ARGS" against gobgpd's API and returns its output.
func (g *gobgpPeer) cli(args ...string) (string, error) {
	return run(g.gobgp, append([]string{"-p", g.api}, args...)...)
}

// rib returns the global RIB of family ("ipv4", "ipv6") by prefix.
func (g *gobgpPeer) rib(family string) (map[string][]gobgpPath, string, error) {
	out, err := g.cli("global", "rib", "-a", family, "-j")
	if err != nil {
		return nil, out, err
	}
	rib := map[string][]gobgpPath{}
	if err := json.Unmarshal([]byte(out), &rib); err != nil {
		return nil, out, fmt.Errorf("gobgp rib json: %w", err)
	}
	return rib, out, nil
}

// waitCeases waits until gobgpd has logged, for each of peers, the
// peer going down on a Cease (administrative shutdown).
func (g *gobgpPeer) waitCeases(t *testing.T, peers ...string) {
	t.Helper()
	eventually(t, testTimeout, fmt.Sprintf("gobgpd sees the Cease of %v", peers), func() (bool, string) {
		out := g.d.output()
		for _, p := range peers {
			if !slices.ContainsFunc(strings.Split(out, "\n"), func(l string) bool {
				return strings.Contains(l, `msg="Peer Down" Key=`+p+" ") && strings.Contains(l, gobgpCeaseLog)
			}) {
				return false, tail([]byte(out), 3000)
			}
		}
		return true, ""
	})
}

// stop ends gobgpd with SIGTERM.
func (g *gobgpPeer) stop(t *testing.T) {
	t.Helper()
	g.d.stop(t)
}
