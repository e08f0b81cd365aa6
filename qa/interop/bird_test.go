package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// birdPeer is a BIRD 2 daemon run by a test, all its state in dir.
type birdPeer struct {
	dir, sock, pid, log string
	birdc               string
}

// startBird writes bird.conf (body after the common header) into dir and
// starts bird there, in the background, with its own control socket.
func startBird(t *testing.T, dir, body string) *birdPeer {
	t.Helper()
	bins := needDaemon(t, "bird", "birdc")
	b := &birdPeer{
		dir:   dir,
		sock:  filepath.Join(dir, "bird.ctl"),
		pid:   filepath.Join(dir, "bird.pid"),
		log:   filepath.Join(dir, "bird.log"),
		birdc: bins[1],
	}
	conf := fmt.Sprintf("log %q all;\nrouter id 127.0.0.2;\ndebug protocols { states, routes, events, packets };\n"+
		"protocol device {}\n%s", b.log, body)
	path := writeFile(t, dir, "bird.conf", conf, 0o644)
	_, err := run(bins[0], "-c", path, "-s", b.sock, "-P", b.pid)
	require.NoError(t, err, "start bird")
	t.Cleanup(func() {
		if _, err := os.Stat(b.pid); err == nil {
			_, _ = run(b.birdc, "-s", b.sock, "down")
		}
		if t.Failed() {
			out, _ := os.ReadFile(b.log)
			t.Logf("bird log:\n%s", tail(out, 6000))
		}
	})
	eventually(t, testTimeout, "bird control socket", func() (bool, string) {
		out, err := run(b.birdc, "-s", b.sock, "show", "status")
		return err == nil && strings.Contains(out, "Daemon is up"), out + fmt.Sprint(err)
	})
	return b
}

// show runs "birdc show ARGS" and returns its output.
func (b *birdPeer) show(args ...string) (string, error) {
	return run(b.birdc, append([]string{"-s", b.sock, "show"}, args...)...)
}

// waitEstablished waits until protocol name is up and Established.
func (b *birdPeer) waitEstablished(t *testing.T, name string) {
	t.Helper()
	eventually(t, testTimeout, "bird session "+name+" Established", func() (bool, string) {
		out, err := b.show("protocols", "all", name)
		return err == nil && strings.Contains(out, "BGP state:          Established"), out + fmt.Sprint(err)
	})
}

// routes returns the routes of the bird tables.
func (b *birdPeer) routes(t *testing.T) (map[string]birdRoute, string) {
	t.Helper()
	out, err := b.show("route", "all")
	if err != nil {
		return nil, out + err.Error()
	}
	return parseBirdRoutes(out), out
}

// logText is bird's log file so far.
func (b *birdPeer) logText() string {
	out, _ := os.ReadFile(b.log)
	return string(out)
}

// announceHelper is a helper process script: it announces routes, waits
// for the file trigger, withdraws, then appends what it reads (the acks)
// to acks.
func announceHelper(announce, withdraw []string, trigger, acks string) string {
	var s strings.Builder
	s.WriteString("#!/bin/sh\n")
	for _, a := range announce {
		fmt.Fprintf(&s, "echo '%s'\n", a)
	}
	fmt.Fprintf(&s, "while [ ! -e '%s' ]; do sleep 0.05; done\n", trigger)
	for _, w := range withdraw {
		fmt.Fprintf(&s, "echo '%s'\n", w)
	}
	fmt.Fprintf(&s, "while read -r line; do printf '%%s\\n' \"$line\" >> '%s'; done\n", acks)
	return s.String()
}

// TestBirdAnnounce runs exago as an iBGP peer of BIRD: static and helper
// routes (IPv4 and IPv6) reach BIRD with their attributes, a route the
// helper withdraws disappears, and SIGTERM sends BIRD a Cease.
func TestBirdAnnounce(t *testing.T) {
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
	ipv4 { import all; export none; };
	ipv6 { import all; export none; };
}
`, birdPort, exagoPort))

	trigger := filepath.Join(dir, "withdraw-now")
	acks := filepath.Join(dir, "acks")
	writeFile(t, dir, "feed.sh", announceHelper([]string{
		"announce route 198.51.100.0/25 next-hop self local-preference 200 community [ 65000:300 ]",
		"announce route 198.51.100.128/25 next-hop self",
		"announce route 2001:db8:1::/48 next-hop 2001:db8::1 large-community [ 65000:7:8 ] med 5",
		"announce route 2001:db8:2::/48 next-hop 2001:db8::2",
	}, []string{
		"withdraw route 198.51.100.128/25",
		"withdraw route 2001:db8:2::/48",
	}, trigger, acks), 0o755)
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
	family { ipv4 unicast; ipv6 unicast; }
	api { processes [ feed ]; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 origin egp med 10 local-preference 300 as-path [ 64999 64998 ] community [ 65000:100 65000:200 ] large-community [ 65000:1:2 ];
		route 2001:db8::/32 next-hop 2001:db8::ff med 20 community [ no-export ];
		route 192.0.6.0/24 next-hop 10.0.0.6 originator-id 10.9.9.9 cluster-list [ 10.8.8.8 10.7.7.7 ] extended-community [ target:65000:1 origin:10.0.0.1:5 ] atomic-aggregate aggregator ( 65010:10.0.0.10 ) origin incomplete;
	}
}
`, 0o644)
	ex := start(t, dir, "exago", exagoEnv(birdPort), bin, conf)

	b.waitEstablished(t, "exago")

	want := map[string]map[string]string{
		"192.0.2.0/24": {
			"BGP.origin": "EGP", "BGP.as_path": "64999 64998", "BGP.next_hop": "10.0.0.1",
			"BGP.med": "10", "BGP.local_pref": "300", "BGP.community": "(65000,100) (65000,200)",
			"BGP.large_community": "(65000, 1, 2)",
		},
		"2001:db8::/32": {
			"BGP.origin": "IGP", "BGP.as_path": "", "BGP.next_hop": "2001:db8::ff",
			"BGP.med": "20", "BGP.local_pref": "100", "BGP.community": "(65535,65281)",
		},
		"198.51.100.0/25": {
			"BGP.origin": "IGP", "BGP.as_path": "", "BGP.next_hop": "127.0.0.1",
			"BGP.local_pref": "200", "BGP.community": "(65000,300)",
		},
		"198.51.100.128/25": {"BGP.next_hop": "127.0.0.1", "BGP.local_pref": "100"},
		"192.0.6.0/24": {
			"BGP.origin": "Incomplete", "BGP.next_hop": "10.0.0.6", "BGP.originator_id": "10.9.9.9",
			"BGP.cluster_list": "10.8.8.8 10.7.7.7",
			// ExaBGP 4.2 encodes origin:IP:N with the 2-octet-AS type (0x0003),
			// so BIRD reads AS 2560 (10.0) and 65541 (0.1 and 5); exago does too
			"BGP.ext_community": "(rt, 65000, 1) (ro, 2560, 65541)",
			"BGP.atomic_aggr":   "", "BGP.aggregator": "10.0.0.10 AS65010",
		},
		"2001:db8:1::/48": {
			"BGP.next_hop": "2001:db8::1", "BGP.med": "5", "BGP.large_community": "(65000, 7, 8)",
		},
		"2001:db8:2::/48": {"BGP.next_hop": "2001:db8::2"},
	}
	eventually(t, testTimeout, "every route in bird", func() (bool, string) {
		routes, out := b.routes(t)
		for p := range want {
			if _, ok := routes[p]; !ok {
				return false, out
			}
		}
		return true, out
	})
	routes, out := b.routes(t)
	for p, attrs := range want {
		for name, v := range attrs {
			assert.Equal(t, v, routes[p].Attrs[name], "%s %s in:\n%s", p, name, out)
		}
	}
	// no attribute bird did not expect to see on the plain routes
	_, hasMED := routes["198.51.100.0/25"].Attrs["BGP.med"]
	assert.False(t, hasMED, "198.51.100.0/25 has no MED:\n%s", out)

	require.NoError(t, os.WriteFile(trigger, nil, 0o644))
	eventually(t, testTimeout, "helper's withdrawn routes gone from bird", func() (bool, string) {
		routes, out := b.routes(t)
		_, v4 := routes["198.51.100.128/25"]
		_, v6 := routes["2001:db8:2::/48"]
		_, kept := routes["198.51.100.0/25"]
		return !v4 && !v6 && kept, out
	})
	eventually(t, testTimeout, "six acks to the helper", func() (bool, string) {
		b, _ := os.ReadFile(acks)
		return strings.Count(string(b), "done\n") == 6, string(b)
	})

	ex.stop(t)
	eventually(t, testTimeout, "bird sees the Cease", func() (bool, string) {
		log := b.logText()
		return strings.Contains(log, "exago: Received: Administrative shutdown"), tail([]byte(log), 2000)
	})
	out, err := b.show("protocols", "all", "exago")
	require.NoError(t, err)
	assert.Contains(t, out, "Last error:       Received: Administrative shutdown")
	stopPID(t, b.pid)
}
