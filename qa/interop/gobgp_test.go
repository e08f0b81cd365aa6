package interop

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gobgpPath is one path of "gobgp global rib -j".
type gobgpPath struct {
	NLRI  struct{ Prefix string } `json:"nlri"`
	Best  bool                    `json:"best"`
	Attrs []gobgpAttr             `json:"attrs"`
}

// gobgpAttr is a path attribute as gobgp prints it in JSON; only the
// members the tests read are decoded.
type gobgpAttr struct {
	Type    int             `json:"type"`
	Value   json.RawMessage `json:"value"`
	ASPaths []struct {
		SegmentType int      `json:"segment_type"`
		ASNs        []uint32 `json:"asns"`
	} `json:"as_paths"`
	NextHop     string   `json:"nexthop"`
	Metric      *uint32  `json:"metric"`
	Communities []uint32 `json:"communities"`
}

// summary turns a path's attributes into comparable text, one entry per
// attribute type: "origin=1", "as-path=2:[65000]", "next-hop=10.0.0.1",
// "med=10", "local-pref=200", "community=65000:100 ...",
// "large-community=65000:1:2 ...".
func (p gobgpPath) summary() map[string]string {
	s := map[string]string{}
	for _, a := range p.Attrs {
		switch a.Type {
		case 1:
			s["origin"] = string(a.Value)
		case 2:
			var segs []string
			for _, seg := range a.ASPaths {
				segs = append(segs, fmt.Sprintf("%d:%v", seg.SegmentType, seg.ASNs))
			}
			s["as-path"] = strings.Join(segs, " ")
		case 3, 14:
			s["next-hop"] = a.NextHop
		case 4:
			if a.Metric != nil {
				s["med"] = strconv.FormatUint(uint64(*a.Metric), 10)
			}
		case 5:
			s["local-pref"] = string(a.Value)
		case 8:
			var cs []string
			for _, c := range a.Communities {
				cs = append(cs, fmt.Sprintf("%d:%d", c>>16, c&0xffff))
			}
			s["community"] = strings.Join(cs, " ")
		case 32:
			var ls []struct{ ASN, LocalData1, LocalData2 uint32 }
			if err := json.Unmarshal(a.Value, &ls); err != nil {
				s["large-community"] = "bad json: " + string(a.Value)
				continue
			}
			var out []string
			for _, l := range ls {
				out = append(out, fmt.Sprintf("%d:%d:%d", l.ASN, l.LocalData1, l.LocalData2))
			}
			s["large-community"] = strings.Join(out, " ")
		default:
			s[fmt.Sprintf("type-%d", a.Type)] = string(a.Value)
		}
	}
	return s
}

// gobgpPeer is a gobgpd run by a test, with its gRPC API on apiPort.
type gobgpPeer struct {
	d       *daemon
	gobgp   string
	apiPort uint16
}

// rib returns the global RIB of family ("ipv4", "ipv6") by prefix.
func (g *gobgpPeer) rib(family string) (map[string][]gobgpPath, string, error) {
	out, err := run(g.gobgp, "-p", strconv.Itoa(int(g.apiPort)), "global", "rib", "-a", family, "-j")
	if err != nil {
		return nil, out, err
	}
	rib := map[string][]gobgpPath{}
	if err := json.Unmarshal([]byte(out), &rib); err != nil {
		return nil, out, fmt.Errorf("gobgp rib json: %w", err)
	}
	return rib, out, nil
}

// TestGoBGPAnnounce runs exago as an eBGP peer (AS 65000) of gobgpd (AS
// 65001): static and helper routes reach GoBGP with their attributes,
// routes the helper withdraws disappear, and SIGTERM sends a Cease.
//
// GoBGP treats routes with a loopback next hop as withdrawn ("invalid
// nexthop address"), so every route here names a routable next hop.
func TestGoBGPAnnounce(t *testing.T) {
	bins := needDaemon(t, "gobgpd", "gobgp")
	bin := exagoBin(t)
	dir := tempDir(t)
	bgpPort := freePort(t, "127.0.0.2")
	apiPort := freePort(t, "127.0.0.1")
	exagoPort := freePort(t, "127.0.0.1")

	toml := writeFile(t, dir, "gobgpd.toml", fmt.Sprintf(`
[global.config]
  as = 65001
  router-id = "127.0.0.2"
  port = %d
  local-address-list = ["127.0.0.2"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 65000
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.2"
    remote-port = %d
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
`, bgpPort, exagoPort), 0o644)
	g := &gobgpPeer{gobgp: bins[1], apiPort: apiPort}
	g.d = start(t, dir, "gobgpd", nil, bins[0], "-f", toml, "-t", "toml", "-l", "debug", "-p",
		"--pprof-disable", "--api-hosts", fmt.Sprintf("127.0.0.1:%d", apiPort))
	api := strconv.Itoa(int(apiPort))
	eventually(t, testTimeout, "gobgpd API up", func() (bool, string) {
		out, err := run(g.gobgp, "-p", api, "global")
		return err == nil, out + fmt.Sprint(err) + "\n" + g.d.output()
	})

	trigger := filepath.Join(dir, "withdraw-now")
	acks := filepath.Join(dir, "acks")
	writeFile(t, dir, "feed.sh", announceHelper([]string{
		"announce route 198.51.100.0/25 next-hop 10.0.0.2 as-path [ 65000 64512 ] community [ 65000:300 no-advertise ]",
		"announce route 198.51.100.128/25 next-hop 10.0.0.2",
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
	peer-as 65001;
	family { ipv4 unicast; ipv6 unicast; }
	api { processes [ feed ]; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 origin egp med 10 local-preference 300 community [ 65000:100 65000:200 ] large-community [ 65000:1:2 ];
		route 2001:db8::/32 next-hop 2001:db8::ff med 20;
	}
}
`, 0o644)
	ex := start(t, dir, "exago", exagoEnv(bgpPort), bin, conf)

	eventually(t, testTimeout, "gobgp session Established", func() (bool, string) {
		out, err := run(g.gobgp, "-p", api, "neighbor", "127.0.0.1")
		return err == nil && strings.Contains(out, "BGP state = ESTABLISHED"), out + fmt.Sprint(err)
	})

	// eBGP: AS_PATH starts with 65000 unless given, LOCAL_PREF is not sent
	// (ExaBGP 4.2 skips it on eBGP sessions), origin 0 = IGP, 1 = EGP.
	want := map[string]map[string]string{
		"192.0.2.0/24": {
			"origin": "1", "as-path": "2:[65000]", "next-hop": "10.0.0.1", "med": "10",
			"community": "65000:100 65000:200", "large-community": "65000:1:2",
		},
		"198.51.100.0/25": {
			"origin": "0", "as-path": "2:[65000 64512]", "next-hop": "10.0.0.2",
			"community": "65000:300 65535:65282",
		},
		"198.51.100.128/25": {"origin": "0", "as-path": "2:[65000]", "next-hop": "10.0.0.2"},
		"2001:db8::/32": {
			"origin": "0", "as-path": "2:[65000]", "next-hop": "2001:db8::ff", "med": "20",
		},
		"2001:db8:1::/48": {
			"origin": "0", "as-path": "2:[65000]", "next-hop": "2001:db8::1", "med": "5",
			"large-community": "65000:7:8",
		},
		"2001:db8:2::/48": {"origin": "0", "as-path": "2:[65000]", "next-hop": "2001:db8::2"},
	}
	got := map[string]map[string]string{}
	eventually(t, testTimeout, "every route in gobgp's RIB", func() (bool, string) {
		clear(got)
		var seen strings.Builder
		for _, fam := range []string{"ipv4", "ipv6"} {
			rib, out, err := g.rib(fam)
			if err != nil {
				return false, out + err.Error()
			}
			seen.WriteString(out + "\n")
			for p, paths := range rib {
				if len(paths) > 0 {
					got[p] = paths[0].summary()
				}
			}
		}
		return len(got) == len(want), seen.String() + g.d.output()
	})
	assert.Equal(t, want, got)

	require.NoError(t, os.WriteFile(trigger, nil, 0o644))
	eventually(t, testTimeout, "helper's withdrawn routes gone from gobgp", func() (bool, string) {
		v4, out4, err := g.rib("ipv4")
		if err != nil {
			return false, out4 + err.Error()
		}
		v6, out6, err := g.rib("ipv6")
		if err != nil {
			return false, out6 + err.Error()
		}
		_, w4 := v4["198.51.100.128/25"]
		_, w6 := v6["2001:db8:2::/48"]
		return !w4 && !w6 && len(v4) == 2 && len(v6) == 2, out4 + "\n" + out6
	})
	eventually(t, testTimeout, "six acks to the helper", func() (bool, string) {
		b, _ := os.ReadFile(acks)
		return strings.Count(string(b), "done\n") == 6, string(b)
	})

	ex.stop(t)
	eventually(t, testTimeout, "gobgpd sees the Cease", func() (bool, string) {
		out := g.d.output()
		return strings.Contains(out, "notification-received code 6(cease) subcode 2(administrative shutdown)"),
			tail([]byte(out), 3000)
	})
	g.d.stop(t)
}
