package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// stagedHelper is a helper process script printing stages[0] at once and
// each later stage once the file dir/stage-N exists; it appends what it
// reads (acks) to dir/acks.
func stagedHelper(dir string, stages [][]string) string {
	var s strings.Builder
	s.WriteString("#!/bin/sh\n")
	for i, st := range stages {
		if i > 0 {
			fmt.Fprintf(&s, "while [ ! -e '%s' ]; do sleep 0.05; done\n", filepath.Join(dir, fmt.Sprintf("stage-%d", i)))
		}
		for _, l := range st {
			fmt.Fprintf(&s, "echo '%s'\n", l)
		}
	}
	fmt.Fprintf(&s, "while read -r line; do printf '%%s\\n' \"$line\" >> '%s'; done\n", filepath.Join(dir, "acks"))
	return s.String()
}

// TestBirdAPICommands drives exago's session to BIRD through helper
// commands: neighbor-prefixed announce, route-refresh and eor, watchdog
// withdraw and announce, clear adj-rib out, and teardown (Cease subcode
// 4, then a new session).
func TestBirdAPICommands(t *testing.T) {
	needDaemon(t, "bird", "birdc")
	bin := exagoBin(t)
	dir := tempDir(t)
	birdPort := freePort(t, "127.0.0.2")
	exagoPort := freePort(t, "127.0.0.1")

	b := startBird(t, dir, fmt.Sprintf(`
protocol static st4 { ipv4; route 203.0.113.0/24 blackhole; }
protocol bgp exago {
	local 127.0.0.2 port %d as 65000;
	neighbor 127.0.0.1 port %d as 65000;
	passive on;
	ipv4 { import all; export where proto = "st4"; };
}
`, birdPort, exagoPort))
	writeFile(t, dir, "feed.sh", stagedHelper(dir, [][]string{
		{
			"neighbor 127.0.0.2 announce route 192.0.2.0/24 next-hop 10.0.0.1 med 1",
			"announce route 198.51.100.0/24 next-hop 10.0.0.2 watchdog dog1",
		},
		// as in ExaBGP, only established peers take these
		{"announce route-refresh ipv4 unicast", "announce eor ipv4 unicast"},
		{"withdraw watchdog dog1"},
		{"announce watchdog dog1"},
		{"clear adj-rib out"},
		{"neighbor 127.0.0.2 teardown 4"},
	}), 0o755)
	stage := func(n int) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("stage-%d", n)), nil, 0o644))
	}
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
}
`, 0o644)
	ex := start(t, dir, "exago", exagoEnv(birdPort), bin, conf)
	b.waitEstablished(t, "exago")

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
	logHas := func(s string, n int) func() (bool, string) {
		return func() (bool, string) {
			log := b.logText()
			return strings.Count(log, s) >= n, tail([]byte(log), 3000)
		}
	}
	eventually(t, testTimeout, "both routes in bird", has("192.0.2.0/24", "198.51.100.0/24"))
	stage(1)
	eventually(t, testTimeout, "bird gets the ROUTE-REFRESH", logHas("exago: Got ROUTE-REFRESH", 1))
	// one End-of-RIB after the initial routes, one asked for
	eventually(t, testTimeout, "bird gets two END-OF-RIB", logHas("exago: Got END-OF-RIB", 2))

	stage(2)
	eventually(t, testTimeout, "watchdog route withdrawn", has("192.0.2.0/24"))
	stage(3)
	eventually(t, testTimeout, "watchdog route announced again", has("192.0.2.0/24", "198.51.100.0/24"))
	stage(4)
	eventually(t, testTimeout, "adj-rib-out cleared", has())
	stage(5)
	eventually(t, testTimeout, "bird gets Cease subcode 4", logHas("exago: Received: Administrative reset", 1))
	eventually(t, testTimeout, "a second session", logHas("exago: BGP session established", 2))
	b.waitEstablished(t, "exago")
	eventually(t, testTimeout, "eight acks", func() (bool, string) {
		b, _ := os.ReadFile(filepath.Join(dir, "acks"))
		return strings.Count(string(b), "done\n") == 8, string(b)
	})

	ex.stop(t)
	eventually(t, testTimeout, "bird sees the Cease", logHas("exago: Received: Administrative shutdown", 1))
	stopPID(t, b.pid)
}
