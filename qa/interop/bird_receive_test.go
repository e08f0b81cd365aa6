package interop

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiUpdate is the part of an ExaBGP JSON "update" message the receive
// test checks.
type apiUpdate struct {
	Type     string `json:"type"`
	Neighbor struct {
		Address   struct{ Local, Peer string } `json:"address"`
		ASN       struct{ Local, Peer uint32 } `json:"asn"`
		Direction string                       `json:"direction"`
		Message   struct {
			EOR    *struct{ AFI, SAFI string } `json:"eor"`
			Update struct {
				Attribute map[string]json.RawMessage              `json:"attribute"`
				Announce  map[string]map[string][]json.RawMessage `json:"announce"`
				Withdraw  map[string][]json.RawMessage            `json:"withdraw"`
			} `json:"update"`
		} `json:"message"`
	} `json:"neighbor"`
}

// readUpdates parses the JSON lines of path, keeping "update" messages.
func readUpdates(path string) ([]apiUpdate, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	var ups []apiUpdate
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var u apiUpdate
		if err := json.Unmarshal(sc.Bytes(), &u); err != nil {
			return nil, string(b), fmt.Errorf("line %q: %w", sc.Text(), err)
		}
		if u.Type == "update" {
			ups = append(ups, u)
		}
	}
	return ups, string(b), nil
}

// findAnnounce returns the update announcing prefix in family fam, and
// the next hop it was announced with.
func findAnnounce(ups []apiUpdate, fam, prefix string) (*apiUpdate, string) {
	for i := range ups {
		for nh, nlris := range ups[i].Neighbor.Message.Update.Announce[fam] {
			for _, n := range nlris {
				var v struct{ NLRI string }
				if json.Unmarshal(n, &v) == nil && v.NLRI == prefix {
					return &ups[i], nh
				}
			}
		}
	}
	return nil, ""
}

// TestBirdReceive has BIRD (eBGP, AS 65001) export static routes to
// exago; a helper process with "receive { parsed; update; }" gets them as
// ExaBGP JSON update messages on its stdin.
func TestBirdReceive(t *testing.T) {
	s := newLoopbackBirdSession(t)
	b := s.startBird(fmt.Sprintf(`
protocol static st4 { ipv4; route 203.0.113.0/24 blackhole; }
protocol static st6 { ipv6; route 2001:db8:99::/48 blackhole; }
filter to_exago {
	bgp_med = 7;
	bgp_community.add((65001,42));
	bgp_large_community.add((65001,5,6));
	accept;
}
protocol bgp exago {
	local 127.0.0.2 port %d as 65001;
	neighbor 127.0.0.1 port %d as 65000;
	passive on;
	multihop;
	ipv4 { import none; export filter to_exago; };
	ipv6 { import none; export filter to_exago; next hop address 2001:db8::2; };
}
`, s.birdPort, s.exagoPort))

	received := s.path("received.jsonl")
	s.writeScript("sink.sh", sinkScript)
	s.startExago(`
process sink {
	run ./sink.sh;
	encoder json;
}
neighbor 127.0.0.2 {
	router-id 127.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65001;
	family { ipv4 unicast; ipv6 unicast; }
	api {
		processes [ sink ];
		receive { parsed; update; }
	}
}
`, "OUT="+received)

	var ups []apiUpdate
	eventually(t, testTimeout, "both routes in the helper's JSON", func() (bool, string) {
		var out string
		var err error
		ups, out, err = readUpdates(received)
		if err != nil {
			return false, err.Error()
		}
		u4, _ := findAnnounce(ups, "ipv4 unicast", "203.0.113.0/24")
		u6, _ := findAnnounce(ups, "ipv6 unicast", "2001:db8:99::/48")
		// each family's End-of-RIB follows its UPDATE: wait for both
		return u4 != nil && u6 != nil && len(endOfRIBs(ups)) == 2, out
	})

	u4, nh4 := findAnnounce(ups, "ipv4 unicast", "203.0.113.0/24")
	assert.Equal(t, "127.0.0.2", nh4)
	assert.Equal(t, "receive", u4.Neighbor.Direction)
	assert.Equal(t, "127.0.0.2", u4.Neighbor.Address.Peer)
	assert.Equal(t, "127.0.0.1", u4.Neighbor.Address.Local)
	assert.Equal(t, uint32(65001), u4.Neighbor.ASN.Peer)
	assert.Equal(t, uint32(65000), u4.Neighbor.ASN.Local)
	attrs := u4.Neighbor.Message.Update.Attribute
	assert.JSONEq(t, `"igp"`, string(attrs["origin"]))
	assert.JSONEq(t, `[65001]`, string(attrs["as-path"]))
	assert.JSONEq(t, `7`, string(attrs["med"]))
	assert.JSONEq(t, `[[65001,42]]`, string(attrs["community"]))
	assert.JSONEq(t, `[[65001,5,6]]`, string(attrs["large-community"]))

	u6, nh6 := findAnnounce(ups, "ipv6 unicast", "2001:db8:99::/48")
	assert.Equal(t, "2001:db8::2", nh6)
	attrs = u6.Neighbor.Message.Update.Attribute
	assert.JSONEq(t, `[65001]`, string(attrs["as-path"]))
	assert.JSONEq(t, `7`, string(attrs["med"]))

	assert.ElementsMatch(t, []string{"ipv4 unicast", "ipv6 unicast"}, endOfRIBs(ups), "end-of-rib markers")

	// bird withdraws the IPv4 route when its static protocol is disabled
	_, err := b.ctl("disable", "st4")
	require.NoError(t, err)
	eventually(t, testTimeout, "withdraw of 203.0.113.0/24 in the helper's JSON", func() (bool, string) {
		ups, out, err := readUpdates(received)
		if err != nil {
			return false, err.Error()
		}
		for _, u := range ups {
			for _, n := range u.Neighbor.Message.Update.Withdraw["ipv4 unicast"] {
				if strings.Contains(string(n), `"203.0.113.0/24"`) {
					return true, out
				}
			}
		}
		return false, out
	})

	s.stopExago()
	b.stop(t)
}

// endOfRIBs lists the families of the End-of-RIB markers among ups.
func endOfRIBs(ups []apiUpdate) []string {
	var eors []string
	for _, u := range ups {
		if e := u.Neighbor.Message.EOR; e != nil {
			eors = append(eors, e.AFI+" "+e.SAFI)
		}
	}
	return eors
}
