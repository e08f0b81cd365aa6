package interop

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// announcedRoutes flattens the helper's JSON updates into sorted
// "family next-hop nlri attributes" lines, one per announced NLRI.
func announcedRoutes(path string) ([]string, error) {
	ups, _, err := readUpdates(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range ups {
		m := u.Neighbor.Message.Update
		attrs, _ := json.Marshal(m.Attribute)
		for fam, byNH := range m.Announce {
			for nh, nlris := range byNH {
				for _, n := range nlris {
					out = append(out, fam+" "+nh+" "+string(n)+" "+string(attrs))
				}
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// TestBirdReceiveManyMatchesExaBGP has BIRD export 8001 IPv4 and 2000
// IPv6 static routes, with varied attributes (one with 1500 communities,
// over extended messages), to exago and to ExaBGP 4.2
// (a second BGP protocol, from 127.0.0.3): both helpers must get every
// route, with the same attributes, and the same OPEN and state messages.
func TestBirdReceiveManyMatchesExaBGP(t *testing.T) {
	needDaemon(t, "bird", "birdc", "exabgp")
	dir := tempDir(t)
	birdPort := freePort(t, "127.0.0.2")

	var static strings.Builder
	static.WriteString("protocol static st4 { ipv4;\n")
	for i := range 8000 {
		fmt.Fprintf(&static, "\troute 10.%d.%d.0/24 blackhole;\n", i/256, i%256)
	}
	static.WriteString("\troute 192.0.2.0/24 blackhole;\n}\nprotocol static st6 { ipv6;\n")
	for i := range 2000 {
		fmt.Fprintf(&static, "\troute 2001:db8:%x::/48 blackhole;\n", i)
	}
	static.WriteString("}\n")
	// 1500 communities (6000 bytes) on 192.0.2.0/24: an UPDATE only an
	// extended message (RFC 8654) can carry
	var many strings.Builder
	for i := range 1500 {
		fmt.Fprintf(&many, "\t\tbgp_community.add((65002, %d));\n", i)
	}
	b := startBird(t, dir, static.String()+fmt.Sprintf(`
filter to_peer {
	if net = 192.0.2.0/24 then {
%s	}
	bgp_med = net.len;
	if net ~ [ 10.0.0.0/12+ ] then bgp_community.add((65001, 1));
	if net ~ [ 10.16.0.0/12+ ] then bgp_large_community.add((65001, 2, 3));
	if net ~ [ 2001:db8:100::/40+ ] then bgp_path.prepend(64999);
	accept;
}
template bgp peer {
	local 127.0.0.2 port %d as 65001;
	passive on;
	multihop;
	enable extended messages on;
	ipv4 { import none; export filter to_peer; };
	ipv6 { import none; export filter to_peer; next hop address 2001:db8::2; };
}
protocol bgp exago from peer { neighbor 127.0.0.1 as 65000; }
protocol bgp exabgp from peer { neighbor 127.0.0.3 as 65000; }
`, many.String(), birdPort))

	sbs := startSideBySide(t, dir, birdPort, func(local string) string {
		return fmt.Sprintf(`
process sink {
	run ./sink.sh;
	encoder json;
}
neighbor 127.0.0.2 {
	router-id %[1]s;
	local-address %[1]s;
	local-as 65000;
	peer-as 65001;
	family { ipv4 unicast; ipv6 unicast; }
	api {
		processes [ sink ];
		receive { parsed; update; open; }
		neighbor-changes;
	}
}
`, local)
	})
	exagoOut, exabgpOut := sbs.exagoOut, sbs.exabgpOut

	const total = 10001
	eorsIn := func(path string) func() (bool, string) {
		return func() (bool, string) {
			b, _ := os.ReadFile(path)
			n := strings.Count(string(b), `"eor": {`)
			return n == 2, fmt.Sprintf("%d end-of-rib markers in %d bytes", n, len(b))
		}
	}
	eventually(t, testTimeout, "exago's helper gets both End-of-RIB", eorsIn(exagoOut))
	eventually(t, testTimeout, "exabgp's helper gets both End-of-RIB", eorsIn(exabgpOut))

	got, err := announcedRoutes(exagoOut)
	require.NoError(t, err)
	want, err := announcedRoutes(exabgpOut)
	require.NoError(t, err)
	assert.Len(t, want, total)
	assert.Len(t, got, total)
	for _, frag := range []string{`"community"`, `"large-community"`, "64999", `"med":48`, `"med":24`} {
		assert.True(t, slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, frag) }),
			"no route with %s", frag)
	}
	big := slices.IndexFunc(got, func(l string) bool { return strings.Contains(l, `"192.0.2.0/24"`) })
	if assert.GreaterOrEqual(t, big, 0, "192.0.2.0/24 received") {
		assert.Equal(t, 1500, strings.Count(got[big], "[65002,"), "communities of 192.0.2.0/24")
	}
	if !slices.Equal(want, got) {
		for i := 0; i < min(len(want), len(got)); i++ {
			if want[i] != got[i] {
				t.Errorf("first difference at %d:\nexabgp: %s\nexago:  %s", i, want[i], got[i])
				break
			}
		}
	}

	sbs.stop(t)
	b.stop(t)

	// the other messages (OPEN with BIRD's capabilities, state changes)
	// are the same too
	others := func(path, local string) []string {
		lines, _ := normalizedLines(path, local)
		return slices.DeleteFunc(lines, func(l string) bool { return strings.Contains(l, `"type": "update"`) })
	}
	got = others(exagoOut, exagoLocal)
	assert.True(t, slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, `"type": "open"`) }),
		"no open message in %v", got)
	assert.Equal(t, others(exabgpOut, exabgpLocal), got)
}
