package interop

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFSMNegotiatedSignalMatchExaBGP runs exago and ExaBGP 4.2 toward
// gobgpd with an api block asking for "negotiated", "fsm" and "signal"
// (JSON and text helpers): the messages must be the same, byte for byte
// but for time, pid, counter and local address, from the first
// connection to the SIGTERM that stops them. ExaBGP writes none of them
// with the text encoder.
func TestFSMNegotiatedSignalMatchExaBGP(t *testing.T) {
	dir := tempDir(t)
	bgpPort := freePort(t, "127.0.0.2")
	var neighbors []gobgpNeighbor
	for _, addr := range []string{exagoLocal, exabgpLocal} {
		neighbors = append(neighbors, gobgpNeighbor{addr: addr, afiSafis: []string{"ipv4-unicast", "ipv6-unicast"}})
	}
	g := startGoBGP(t, dir, bgpPort, neighbors...)
	sbs := startSideBySide(t, dir, bgpPort, func(local string) string {
		return fmt.Sprintf(`
process sink {
	run ./sink.sh;
	encoder json;
}
process sinktext {
	run ./sink.sh;
	encoder text;
}
neighbor 127.0.0.2 {
	router-id %[1]s;
	local-address %[1]s;
	local-as 65000;
	peer-as 65001;
	capability { route-refresh; }
	family { ipv4 unicast; ipv6 unicast; }
	api { processes [ sink, sinktext ]; negotiated; fsm; signal; }
}
`, local)
	})
	established := func(path string) func() (bool, string) {
		return func() (bool, string) {
			b, _ := os.ReadFile(path)
			return strings.Contains(string(b), `"state": "ESTABLISHED"`), string(b)
		}
	}
	eventually(t, testTimeout, "exabgp's helper hears ESTABLISHED", established(sbs.exabgpOut))
	eventually(t, testTimeout, "exago's helper hears ESTABLISHED", established(sbs.exagoOut))
	sbs.stop(t)
	g.stop(t)

	got, raw := normalizedLines(sbs.exagoOut, exagoLocal)
	want, rawWant := normalizedLines(sbs.exabgpOut, exabgpLocal)
	for _, l := range []string{`"type": "negotiated"`, `"type": "signal"`, `"state": "OPENSENT"`, `"state": "IDLE"`} {
		assert.Contains(t, rawWant, l, "ExaBGP 4.2 sends it (the reference)")
	}
	assert.Equal(t, want, got, "exago:\n%s\nexabgp:\n%s", raw, rawWant)
	if os.Getenv("EXAGO_INTEROP_DUMP") != "" {
		t.Logf("exago:\n%s\nexabgp:\n%s", raw, rawWant)
	}
}
