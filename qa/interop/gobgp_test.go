package interop

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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

// TestGoBGPAnnounce runs exago as an eBGP peer (AS 65000) of gobgpd (AS
// 65001): static and helper routes reach GoBGP with their attributes,
// routes the helper withdraws disappear, and SIGTERM sends a Cease.
//
// GoBGP treats routes with a loopback next hop as withdrawn ("invalid
// nexthop address"), so every route here names a routable next hop.
func TestGoBGPAnnounce(t *testing.T) {
	dir := tempDir(t)
	bgpPort := freePort(t, "127.0.0.2")
	exagoPort := freePort(t, "127.0.0.1")
	g := startGoBGP(t, dir, bgpPort, gobgpNeighbor{
		addr:       "127.0.0.1",
		remotePort: exagoPort,
		afiSafis:   []string{"ipv4-unicast", "ipv6-unicast"},
	})

	writeFile(t, dir, "feed.sh", stagedHelper(dir, []string{
		"announce route 198.51.100.0/25 next-hop 10.0.0.2 as-path [ 65000 64512 ] community [ 65000:300 no-advertise ]",
		"announce route 198.51.100.128/25 next-hop 10.0.0.2",
		"announce route 2001:db8:1::/48 next-hop 2001:db8::1 large-community [ 65000:7:8 ] med 5",
		"announce route 2001:db8:2::/48 next-hop 2001:db8::2",
	}, []string{
		"withdraw route 198.51.100.128/25",
		"withdraw route 2001:db8:2::/48",
	}), 0o755)
	conf := writeFile(t, dir, "exago.conf", feedProcess+`
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
	ex := start(t, dir, "exago", exagoEnv(bgpPort), exagoBin(t), conf)

	eventually(t, testTimeout, "gobgp session Established", func() (bool, string) {
		out, err := g.cli("neighbor", "127.0.0.1")
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

	startStage(t, dir, 1)
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
	waitAcks(t, dir, 6)

	ex.stop(t)
	g.waitCeases(t, exagoLocal)
	g.stop(t)
}
