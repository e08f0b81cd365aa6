package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAdjRIBInMatchesExaBGP has gobgpd send the same table to exago and to
// ExaBGP 4.2; a helper of each asks "show adj-rib in" (plain, extensive,
// filtered), again after gobgpd withdrew a route, and after "clear
// adj-rib in". The answers must be the same, byte for byte, but for the
// local address in the neighbor's name; the table shown must be what
// gobgpd sent.
func TestAdjRIBInMatchesExaBGP(t *testing.T) {
	exabgp := needDaemon(t, "exabgp")[0]
	bin := exagoBin(t)
	dir := tempDir(t)
	bgpPort := freePort(t, "127.0.0.2")
	var neighbors []gobgpNeighbor
	for _, addr := range []string{exagoLocal, exabgpLocal} {
		neighbors = append(neighbors, gobgpNeighbor{addr: addr, afiSafis: []string{"ipv4-unicast", "ipv6-unicast"}})
	}
	g := startGoBGP(t, dir, bgpPort, neighbors...)
	for _, r := range [][]string{
		{"10.0.0.0/24", "nexthop", "127.0.0.2", "community", "65001:1", "med", "20", "-a", "ipv4"},
		{"10.0.1.0/24", "-a", "ipv4"},
		{"2001:db8::/32", "nexthop", "2001:db8::1", "-a", "ipv6"},
	} {
		out, err := g.cli(append([]string{"global", "rib", "add"}, r...)...)
		require.NoError(t, err, out)
	}

	stages := [][]string{
		nil,
		{"show adj-rib in", "show adj-rib in extensive", "show adj-rib in 127.0.0.2 inet"},
		{"show adj-rib in"},
		{"clear adj-rib in", "show adj-rib in"},
	}
	type speaker struct {
		name, dir, local string
		d                *daemon
	}
	var sp []*speaker
	for _, s := range []*speaker{{name: "exago", local: exagoLocal}, {name: "exabgp", local: exabgpLocal}} {
		s.dir = filepath.Join(dir, s.name)
		require.NoError(t, os.Mkdir(s.dir, 0o755))
		writeFile(t, s.dir, "sink.sh", sinkScript, 0o755)
		writeFile(t, s.dir, "show.sh", answeringHelper(s.dir, stages...), 0o755)
		conf := writeFile(t, s.dir, "exabgp.conf", fmt.Sprintf(`
process show {
	run ./show.sh;
	encoder text;
}
process sink {
	run ./sink.sh;
	encoder text;
}
neighbor 127.0.0.2 {
	router-id %[1]s;
	local-address %[1]s;
	local-as 65000;
	peer-as 65001;
	family { ipv4 unicast; ipv6 unicast; }
	api { processes [ show ]; }
	api { processes [ sink ]; receive { parsed; update; } }
}
`, s.local), 0o644)
		env := append(exagoEnv(bgpPort), "OUT="+filepath.Join(s.dir, "updates"), "exabgp_daemon_user=root",
			"exabgp_api_cli=false", "exabgp_log_level=ERR")
		b := bin
		if s.name == "exabgp" {
			b = exabgp
		}
		s.d = start(t, s.dir, s.name, env, b, conf)
		sp = append(sp, s)
	}
	received := func(s *speaker, text string, n int) func() (bool, string) {
		return func() (bool, string) {
			b, _ := os.ReadFile(filepath.Join(s.dir, "updates"))
			return strings.Count(string(b), text) >= n, string(b) + s.d.output()
		}
	}
	for _, s := range sp {
		eventually(t, testTimeout, s.name+" receives the table", received(s, " announced ", 3))
	}
	acks := 0
	for stage, cmds := range stages[1:] {
		if stage == 1 {
			out, err := g.cli("global", "rib", "del", "10.0.1.0/24", "-a", "ipv4")
			require.NoError(t, err, out)
			for _, s := range sp {
				eventually(t, testTimeout, s.name+" receives the withdrawal", received(s, " withdrawn ", 1))
			}
		}
		acks += len(cmds)
		for _, s := range sp {
			startStage(t, s.dir, stage+1)
			waitAcks(t, s.dir, acks)
		}
	}
	answers := map[string]string{}
	for _, s := range sp {
		s.d.stop(t)
		b, err := os.ReadFile(filepath.Join(s.dir, "acks"))
		require.NoError(t, err)
		text := strings.ReplaceAll(string(b), "local-ip "+s.local, "local-ip LOCAL")
		text = strings.ReplaceAll(text, "router-id "+s.local, "router-id LOCAL")
		answers[s.name] = sortedAnswers(text)
	}
	g.stop(t)
	name := "neighbor 127.0.0.2 local-ip LOCAL local-as 65000 peer-as 65001 router-id LOCAL family-allowed in-open"
	want := strings.Join([]string{
		"neighbor 127.0.0.2 ipv4 unicast 10.0.0.0/24 next-hop 127.0.0.2",
		"neighbor 127.0.0.2 ipv4 unicast 10.0.1.0/24 next-hop 127.0.0.2",
		"neighbor 127.0.0.2 ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1",
		"done",
		name + " ipv4 unicast 10.0.0.0/24 next-hop 127.0.0.2 origin incomplete as-path [ 65001 ] med 20 community 65001:1",
		name + " ipv4 unicast 10.0.1.0/24 next-hop 127.0.0.2 origin incomplete as-path [ 65001 ]",
		name + " ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1 origin incomplete as-path [ 65001 ]",
		"done",
		"neighbor 127.0.0.2 ipv4 unicast 10.0.0.0/24 next-hop 127.0.0.2",
		"neighbor 127.0.0.2 ipv4 unicast 10.0.1.0/24 next-hop 127.0.0.2",
		"neighbor 127.0.0.2 ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1",
		"done",
		// after gobgpd withdrew 10.0.1.0/24
		"neighbor 127.0.0.2 ipv4 unicast 10.0.0.0/24 next-hop 127.0.0.2",
		"neighbor 127.0.0.2 ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1",
		"done",
		// clear adj-rib in, show adj-rib in
		"done",
		"done",
		"",
	}, "\n")
	require.Equal(t, want, sortedAnswers(want))
	assert.Equal(t, want, answers["exabgp"], "ExaBGP 4.2's answers (the reference)")
	assert.Equal(t, answers["exabgp"], answers["exago"], "exago answers as ExaBGP 4.2")
}

// answeringHelper is stagedHelper reading the answers as they come: what
// it reads is appended to dir/acks from the start, so that a stage can
// wait for the answers of the one before.
func answeringHelper(dir string, stages ...[]string) string {
	var s strings.Builder
	// an asynchronous list of a script reads /dev/null: keep stdin on 3
	fmt.Fprintf(&s, "#!/bin/sh\nexec 3<&0\nwhile read -r line; do printf '%%s\\n' \"$line\" >> '%s'; done <&3 &\n",
		filepath.Join(dir, "acks"))
	for i, st := range stages {
		if i > 0 {
			fmt.Fprintf(&s, "while [ ! -e '%s' ]; do sleep 0.05; done\n", stageFile(dir, i))
		}
		for _, l := range st {
			fmt.Fprintf(&s, "echo '%s'\n", l)
		}
	}
	s.WriteString("wait\n")
	return s.String()
}

// sortedAnswers is text without the shutdown message and blank lines,
// with the lines of each answer (up to its "done") sorted: ExaBGP lists a
// neighbor's routes in the order they arrived, which gobgpd varies.
func sortedAnswers(text string) string {
	var out, block []string
	for _, l := range strings.Split(text, "\n") {
		switch {
		case l == "" || strings.HasPrefix(l, "shutdown "):
		case l == "done" || l == "error":
			slices.Sort(block)
			out = append(append(out, block...), l)
			block = block[:0]
		default:
			block = append(block, l)
		}
	}
	return strings.Join(append(out, block...), "\n") + "\n"
}
