package interop

import (
	"cmp"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// volatileJSON matches the members of an ExaBGP JSON message (and the
// text shutdown line) that change from run to run.
var volatileJSON = regexp.MustCompile(`"time": [0-9.e+]+|"host" : "[^"]*"|"pid" : \d+|"ppid" : \d+|"counter": \d+|^shutdown \d+ \d+$`)

// normalizedLines reads path and returns its lines with the volatile
// members blanked and the local address replaced, sorted.
func normalizedLines(path, local string) ([]string, string) {
	b, _ := os.ReadFile(path)
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l == "" {
			continue
		}
		l = volatileJSON.ReplaceAllStringFunc(l, func(m string) string {
			if strings.HasPrefix(m, "shutdown ") {
				return "shutdown PID PPID"
			}
			name, _, _ := strings.Cut(m, ":")
			return name + ": X"
		})
		l = strings.ReplaceAll(l, `"local": "`+local+`"`, `"local": "LOCAL"`)
		lines = append(lines, l)
	}
	slices.Sort(lines)
	return lines, string(b)
}

// receiveComparison is one run of exago and ExaBGP receiving the same
// routes from gobgpd.
type receiveComparison struct {
	// afiSafis are gobgpd's afi-safi-name of the families.
	afiSafis []string
	// families is the family block of both neighbors.
	families string
	// adds are "gobgp global rib" arguments adding a route each.
	adds [][]string
	// del are "gobgp global rib" arguments deleting one of them.
	del []string
	// updates is how many update messages each helper must get before
	// the deletion (announces and end-of-rib markers).
	updates int
	// encoder is the helper's encoder, json when empty.
	encoder string
	// api is more of the api block ("neighbor-changes;", "receive {
	// open; }"...); receive { parsed; update; } is always there.
	api string
	// peerTOML is appended to each of gobgpd's neighbors.
	peerTOML string
	// neighborExtra goes in both neighbor blocks (capability ...).
	neighborExtra string
	// routerID is both neighbors' router-id; their local address when
	// empty.
	routerID string
}

// compareReceiveWithExaBGP has gobgpd (AS 65001) send the same routes to
// exago (from 127.0.0.1) and to ExaBGP 4.2 (from 127.0.0.3), each with a
// helper process receiving "parsed update" JSON: the lines must be the
// same, byte for byte, but for time, pid, counter and local address, for
// the announces, a withdrawal, and the shutdown message.
func compareReceiveWithExaBGP(t *testing.T, c receiveComparison) {
	t.Helper()
	if c.encoder == "" {
		c.encoder = "json"
	}
	updateMark := `"type": "update"`
	if c.encoder == "text" {
		updateMark = " update "
	}
	dir := tempDir(t)
	bgpPort := freePort(t, "127.0.0.2")
	var afiSafiExtra string
	if strings.Contains(c.peerTOML, "graceful-restart") {
		afiSafiExtra += "    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n"
	}
	if strings.Contains(c.neighborExtra, "add-path") {
		afiSafiExtra += "    [neighbors.afi-safis.add-paths.config]\n      send-max = 4\n      receive = true\n"
	}
	var neighbors []gobgpNeighbor
	for _, addr := range []string{exagoLocal, exabgpLocal} {
		neighbors = append(neighbors, gobgpNeighbor{
			addr: addr, extra: c.peerTOML, afiSafis: c.afiSafis, afiSafiExtra: afiSafiExtra,
		})
	}
	g := startGoBGP(t, dir, bgpPort, neighbors...)
	for _, r := range c.adds {
		out, err := g.cli(append([]string{"global", "rib"}, r...)...)
		require.NoError(t, err, out)
	}

	sbs := startSideBySide(t, dir, bgpPort, func(local string) string {
		return fmt.Sprintf(`
process sink {
	run ./sink.sh;
	encoder %[3]s;
}
neighbor 127.0.0.2 {
	router-id %[6]s;
	local-address %[1]s;
	local-as 65000;
	peer-as 65001;
	family { %[2]s }
	%[5]s
	api {
		processes [ sink ];
		receive { parsed; update; }
		%[4]s
	}
}
`, local, c.families, c.encoder, c.api, c.neighborExtra, cmp.Or(c.routerID, local))
	})
	exagoOut, exabgpOut := sbs.exagoOut, sbs.exabgpOut

	updates := func(path string, n int) func() (bool, string) {
		return func() (bool, string) {
			b, _ := os.ReadFile(path)
			return strings.Count(string(b), updateMark) >= n, string(b)
		}
	}
	eventually(t, testTimeout, "exabgp's helper gets the updates", updates(exabgpOut, c.updates))
	eventually(t, testTimeout, "exago's helper gets the updates", updates(exagoOut, c.updates))

	out, err := g.cli(append([]string{"global", "rib"}, c.del...)...)
	require.NoError(t, err, out)
	eventually(t, testTimeout, "exabgp's helper gets the withdrawal", updates(exabgpOut, c.updates+1))
	eventually(t, testTimeout, "exago's helper gets the withdrawal", updates(exagoOut, c.updates+1))

	sbs.stop(t)
	g.stop(t)

	got, raw := normalizedLines(exagoOut, exagoLocal)
	want, rawWant := normalizedLines(exabgpOut, exabgpLocal)
	if os.Getenv("EXAGO_INTEROP_DUMP") != "" {
		t.Logf("exago:\n%s\nexabgp:\n%s", raw, rawWant)
	}
	assert.Equal(t, want, got, "exago:\n%s\nexabgp:\n%s", raw, rawWant)
}

// TestGoBGPReceiveMatchesExaBGP compares the JSON of IPv4 and IPv6
// unicast routes received from gobgpd.
func TestGoBGPReceiveMatchesExaBGP(t *testing.T) {
	compareReceiveWithExaBGP(t, receiveComparison{
		afiSafis: []string{"ipv4-unicast", "ipv6-unicast"},
		families: "ipv4 unicast; ipv6 unicast;",
		adds: [][]string{
			{"add", "203.0.113.0/24", "nexthop", "10.0.0.1", "origin", "egp", "med", "10",
				"community", "65001:1,no-export", "large-community", "65001:1:1,65001:2:2", "-a", "ipv4"},
			{"add", "203.0.114.0/24", "nexthop", "10.0.0.1", "aggregator", "65001:10.0.0.9", "-a", "ipv4"},
			{"add", "203.0.116.0/24", "nexthop", "10.0.0.1", "aspath", "64512,64513", "origin", "incomplete", "-a", "ipv4"},
			{"add", "2001:db8:99::/48", "nexthop", "2001:db8::2", "med", "5", "community", "65001:7", "-a", "ipv6"},
			{"add", "2001:db8:98::/48", "nexthop", "2001:db8::2", "large-community", "65001:0:4294967295", "-a", "ipv6"},
		},
		del:     []string{"del", "203.0.113.0/24", "-a", "ipv4"},
		updates: 5,
	})
}

// TestGoBGPReceiveFamiliesMatchExaBGP compares the JSON of flowspec, MPLS
// VPN and EVPN routes received from gobgpd.
func TestGoBGPReceiveFamiliesMatchExaBGP(t *testing.T) {
	compareReceiveWithExaBGP(t, receiveComparison{
		afiSafis: []string{"ipv4-flowspec", "ipv6-flowspec", "l3vpn-ipv4-unicast", "l3vpn-ipv6-unicast", "l2vpn-evpn"},
		families: "ipv4 flow; ipv6 flow; ipv4 mpls-vpn; ipv6 mpls-vpn; l2vpn evpn;",
		adds: [][]string{
			{"-a", "ipv4-flowspec", "add", "match", "destination", "10.0.0.0/24", "source", "10.1.0.0/16",
				"protocol", "tcp", "destination-port", "==80", "then", "discard"},
			{"-a", "ipv4-flowspec", "add", "match", "destination", "10.2.0.0/24", "packet-length", ">=100&<=200",
				"tcp-flags", "S", "fragment", "is-fragment", "then", "rate-limit", "1000"},
			{"-a", "ipv6-flowspec", "add", "match", "destination", "2001:db8:1::/48", "then", "redirect", "65001:100"},
			{"-a", "vpnv4", "add", "10.10.0.0/24", "label", "10", "rd", "65001:100", "rt", "65001:200",
				"nexthop", "10.0.0.1"},
			{"-a", "vpnv6", "add", "2001:db8:10::/48", "label", "11", "rd", "10.0.0.1:5", "rt", "65001:200",
				"nexthop", "2001:db8::1"},
			{"-a", "evpn", "add", "macadv", "aa:bb:cc:dd:ee:ff", "10.0.0.7", "esi", "0", "etag", "0", "label", "100",
				"rd", "65001:1", "rt", "65001:1", "nexthop", "10.0.0.1"},
			{"-a", "evpn", "add", "multicast", "10.0.0.8", "etag", "5", "rd", "65001:2", "rt", "65001:2",
				"nexthop", "10.0.0.1"},
		},
		del:     []string{"-a", "vpnv4", "del", "10.10.0.0/24", "label", "10", "rd", "65001:100"},
		updates: 7,
	})
}

// unicastAdds are gobgp commands adding IPv4 and IPv6 unicast routes.
var unicastAdds = [][]string{
	{"add", "203.0.113.0/24", "nexthop", "10.0.0.1", "origin", "egp", "med", "10",
		"community", "65001:1,no-export", "large-community", "65001:1:1,65001:2:2", "-a", "ipv4"},
	{"add", "203.0.114.0/24", "nexthop", "10.0.0.1", "aggregator", "65001:10.0.0.9", "-a", "ipv4"},
	{"add", "2001:db8:99::/48", "nexthop", "2001:db8::2", "med", "5", "community", "65001:7", "-a", "ipv6"},
}

// TestGoBGPReceiveTextMatchesExaBGP compares the text encoder's lines.
func TestGoBGPReceiveTextMatchesExaBGP(t *testing.T) {
	compareReceiveWithExaBGP(t, receiveComparison{
		afiSafis: []string{"ipv4-unicast", "ipv6-unicast", "ipv4-flowspec", "l3vpn-ipv4-unicast"},
		families: "ipv4 unicast; ipv6 unicast; ipv4 flow; ipv4 mpls-vpn;",
		adds: append(slices.Clone(unicastAdds),
			[]string{"-a", "ipv4-flowspec", "add", "match", "destination", "10.0.0.0/24", "protocol", "tcp",
				"then", "discard"},
			[]string{"-a", "vpnv4", "add", "10.10.0.0/24", "label", "10", "rd", "65001:100", "rt", "65001:200",
				"nexthop", "10.0.0.1"}),
		del:     []string{"del", "203.0.113.0/24", "-a", "ipv4"},
		updates: 5,
		encoder: "text",
		api:     "neighbor-changes;\n\t\treceive { open; notification; }\n\t\tsend { parsed; update; }",
	})
}

// TestGoBGPReceiveEventsMatchExaBGP compares the JSON of OPEN messages and
// neighbor state changes along with the updates.
func TestGoBGPReceiveEventsMatchExaBGP(t *testing.T) {
	compareReceiveWithExaBGP(t, receiveComparison{
		afiSafis: []string{"ipv4-unicast", "ipv6-unicast"},
		families: "ipv4 unicast; ipv6 unicast;",
		adds:     unicastAdds,
		del:      []string{"del", "203.0.113.0/24", "-a", "ipv4"},
		updates:  3,
		// gobgpd sends the FQDN capability (code 73, "02766D00": host
		// "vm"), which ExaBGP 4.2 prints as an unknown capability.
		api: "neighbor-changes;\n\t\treceive { open; notification; refresh; }",
	})
}

// TestGoBGPReceiveAddPathMatchesExaBGP compares the JSON of OPEN messages
// with graceful restart and ADD-PATH, and of several paths of a prefix
// (path-information), one of them withdrawn.
func TestGoBGPReceiveAddPathMatchesExaBGP(t *testing.T) {
	compareReceiveWithExaBGP(t, receiveComparison{
		afiSafis: []string{"ipv4-unicast", "ipv6-unicast"},
		families: "ipv4 unicast; ipv6 unicast;",
		adds: [][]string{
			{"add", "203.0.113.0/24", "identifier", "1", "nexthop", "10.0.0.1", "med", "1", "-a", "ipv4"},
			{"add", "203.0.113.0/24", "identifier", "2", "nexthop", "10.0.0.2", "med", "2", "-a", "ipv4"},
			{"add", "2001:db8:99::/48", "identifier", "7", "nexthop", "2001:db8::7", "-a", "ipv6"},
			{"add", "2001:db8:99::/48", "identifier", "8", "nexthop", "2001:db8::8", "-a", "ipv6"},
		},
		del:           []string{"del", "203.0.113.0/24", "identifier", "2", "-a", "ipv4"},
		updates:       4,
		api:           "receive { open; }",
		peerTOML:      "  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = 120\n",
		neighborExtra: "capability { add-path send/receive; graceful-restart 90; }",
	})
}

// TestSentMessagesMatchExaBGP compares the JSON of the OPEN and UPDATE
// messages exago and ExaBGP send ("send { parsed; open; update; }") for
// the same static routes.
func TestSentMessagesMatchExaBGP(t *testing.T) {
	compareReceiveWithExaBGP(t, receiveComparison{
		afiSafis: []string{"ipv4-unicast", "ipv6-unicast"},
		families: "ipv4 unicast; ipv6 unicast;",
		adds:     unicastAdds[:1],
		del:      []string{"del", "203.0.113.0/24", "-a", "ipv4"},
		// 4 sent updates and 2 sent End-of-RIB, 1 received update
		updates:  7,
		api:      "send { parsed; open; update; }",
		routerID: "10.255.0.1",
		neighborExtra: `static {
		route 192.0.2.0/24 next-hop 10.0.0.1 med 10 community [ 65000:1 ];
		route 192.0.3.0/24 next-hop 10.0.0.1 med 10 community [ 65000:1 ];
		route 192.0.4.0/24 next-hop 10.0.0.2 origin egp large-community [ 65000:1:1 ];
		route 2001:db8:1::/48 next-hop 2001:db8::1 med 20;
		route 2001:db8:2::/48 next-hop 2001:db8::1 med 20;
	}`,
	})
}
