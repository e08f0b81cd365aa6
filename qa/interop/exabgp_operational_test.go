package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// operationalCommands are the operational messages the sender's helper
// asks for (ADM and ASM cannot be sent by ExaBGP 4.2 under Python 3: its
// advisory parser fails).
var operationalCommands = []string{
	"announce operational rpcq afi ipv4 safi unicast sequence 7",
	"announce operational rpcp afi ipv4 safi unicast sequence 7 counter 42",
	"announce operational apcq afi ipv6 safi unicast sequence 8",
	"announce operational apcp afi ipv6 safi unicast sequence 8 counter 3",
	"announce operational lpcq afi ipv4 safi unicast sequence 9",
	"announce operational lpcp afi ipv4 safi unicast sequence 9 counter 5",
}

// operationalReceived runs sender (exago or exabgp, from addr) toward
// receiver (the other one, passive on 127.0.0.2) with the operational
// capability; the sender's helper sends operationalCommands once the
// session is up. It returns what the receiver's JSON and text helpers
// got, volatile fields blanked and the sender's address as SENDER.
func operationalReceived(t *testing.T, sender, receiver, addr string) (jsonLines, textLines, sentLines []string) {
	t.Helper()
	bins := map[string]string{"exago": exagoBin(t), "exabgp": needDaemon(t, "exabgp")[0]}
	dir := tempDir(t)
	port := freePort(t, "127.0.0.2")
	rdir, sdir := filepath.Join(dir, "receiver"), filepath.Join(dir, "sender")
	require.NoError(t, os.Mkdir(rdir, 0o755))
	require.NoError(t, os.Mkdir(sdir, 0o755))
	for _, n := range []string{"json", "text"} {
		writeFile(t, rdir, n+".sh", fmt.Sprintf("#!/bin/sh\nwhile read -r line; do printf '%%s\\n' \"$line\" >> '%s'; done\n",
			filepath.Join(rdir, n)), 0o755)
	}
	rconf := writeFile(t, rdir, "receiver.conf", fmt.Sprintf(`
process rj { run ./json.sh; encoder json; }
process rt { run ./text.sh; encoder text; }
neighbor %s {
	router-id 127.0.0.2;
	local-address 127.0.0.2;
	local-as 65002;
	peer-as 65001;
	passive;
	family { ipv4 unicast; ipv6 unicast; }
	capability { operational; }
	api { processes [ rj, rt ]; neighbor-changes; receive { parsed; operational; } }
}
`, addr), 0o644)
	writeFile(t, sdir, "send.sh", answeringHelper(sdir, nil, operationalCommands), 0o755)
	writeFile(t, sdir, "sent.sh", fmt.Sprintf("#!/bin/sh\nwhile read -r line; do printf '%%s\\n' \"$line\" >> '%s'; done\n",
		filepath.Join(sdir, "sent")), 0o755)
	sconf := writeFile(t, sdir, "sender.conf", fmt.Sprintf(`
process send { run ./send.sh; encoder text; }
process sent { run ./sent.sh; encoder json; }
neighbor 127.0.0.2 {
	router-id %[1]s;
	local-address %[1]s;
	local-as 65001;
	peer-as 65002;
	family { ipv4 unicast; ipv6 unicast; }
	capability { operational; }
	api { processes [ send ]; }
	api { processes [ sent ]; send { parsed; operational; } }
}
`, addr), 0o644)
	common := []string{"exabgp_daemon_user=root", "exabgp_api_cli=false", "exabgp_log_level=ERR",
		"exabgp_tcp_port=" + fmt.Sprint(port), "exabgp_tcp_once=false"}
	r := start(t, rdir, receiver, append(common, "exabgp_tcp_bind=127.0.0.2"), bins[receiver], rconf)
	s := start(t, sdir, sender, append(common, "exabgp_tcp_bind="), bins[sender], sconf)
	eventually(t, testTimeout, "session up at the receiver", func() (bool, string) {
		b, _ := os.ReadFile(filepath.Join(rdir, "text"))
		return strings.Contains(string(b), " up"), string(b) + r.output() + s.output()
	})
	startStage(t, sdir, 1)
	eventually(t, testTimeout, "the operational messages received", func() (bool, string) {
		b, _ := os.ReadFile(filepath.Join(rdir, "text"))
		return strings.Count(string(b), " operational ") == len(operationalCommands), string(b)
	})
	waitAcks(t, sdir, len(operationalCommands))
	s.stop(t)
	r.stop(t)
	read := func(name string) []string {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.Contains(l, "operational") {
				continue
			}
			l = operationalVolatile.ReplaceAllString(l, "X")
			out = append(out, strings.ReplaceAll(l, addr, "SENDER"))
		}
		return out
	}
	return read(filepath.Join(rdir, "json")), read(filepath.Join(rdir, "text")), read(filepath.Join(sdir, "sent"))
}

var operationalVolatile = regexp.MustCompile(`"time": [0-9.]+|"host" : "[^"]*"|"pid" : \d+|"ppid" : \d+`)

// TestOperationalMatchesExaBGP: the OPERATIONAL messages (RPCQ/RPCP,
// APCQ/APCP, LPCQ/LPCP) exago sends are received by ExaBGP 4.2 as ExaBGP's
// own, and exago reports those ExaBGP sends to its helpers byte for byte
// as ExaBGP does (JSON and text).
func TestOperationalMatchesExaBGP(t *testing.T) {
	wantText := []string{
		"neighbor SENDER receive operational RPCQ afi ipv4 safi unicast",
		"neighbor SENDER receive operational RPCP afi ipv4 safi unicast router-id SENDER sequence 7 counter 42",
		"neighbor SENDER receive operational APCQ afi ipv6 safi unicast",
		"neighbor SENDER receive operational APCP afi ipv6 safi unicast router-id SENDER sequence 8 counter 3",
		"neighbor SENDER receive operational LPCQ afi ipv4 safi unicast",
		"neighbor SENDER receive operational LPCP afi ipv4 safi unicast router-id SENDER sequence 9 counter 5",
	}
	refJSON, refText, refSent := operationalReceived(t, "exabgp", "exabgp", exabgpLocal)
	require.Equal(t, wantText, refText, "ExaBGP to ExaBGP (the reference)")
	require.Len(t, refJSON, len(wantText))
	assert.Contains(t, refJSON[1], `"operational": { "name": ""RPCP"", "afi": ""ipv4"", "safi": ""unicast"", "router-id": "SENDER", "sequence": 7, "counter": 42 }`)
	require.Len(t, refSent, len(wantText))
	assert.Contains(t, refSent[1], `"direction": "send", "operational": { "name": ""RPCP"", "afi": ""ipv4"", "safi": ""unicast"", "router-id": "None", "sequence": 7, "counter": 42 }`)

	t.Run("exago sends", func(t *testing.T) {
		j, txt, sent := operationalReceived(t, "exago", "exabgp", exagoLocal)
		assert.Equal(t, refText, txt)
		assert.Equal(t, refJSON, j)
		assert.Equal(t, refSent, sent, "what exago's helper hears it sent")
	})
	t.Run("exago receives", func(t *testing.T) {
		j, txt, _ := operationalReceived(t, "exabgp", "exago", exabgpLocal)
		assert.Equal(t, refText, txt)
		assert.Equal(t, refJSON, j)
	})
}
