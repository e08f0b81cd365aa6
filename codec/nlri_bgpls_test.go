package codec

import (
	"bufio"
	"encoding/hex"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bgplsGoldenHex is the "hex:" line of a testdata/bgpls golden: an UPDATE
// that Debian's exabgp 4.2.21 --decode was given (see capture.py).
func bgplsGoldenHex(t testing.TB, name string) []byte {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "bgpls", name+".golden"))
	require.NoError(t, err)
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "hex: "); ok {
			b, err := hex.DecodeString(v)
			require.NoError(t, err)
			return b
		}
	}
	require.NoError(t, s.Err())
	t.Fatalf("no hex in %s", name)
	return nil
}

// bgplsGoldenUpdate decodes a golden's UPDATE and returns it with its
// bgp-ls NLRI (announced or withdrawn) and attribute.
func bgplsGoldenUpdate(t testing.TB, name string) (*Update, []NLRI, BGPLSAttribute) {
	t.Helper()
	raw := bgplsGoldenHex(t, name)
	m, err := DecodeMessage(raw, Options{ASN4: true})
	require.NoError(t, err)
	v, ok := m.(Update)
	require.True(t, ok, "%T", m)
	u := &v
	var ns []NLRI
	var ls BGPLSAttribute
	for _, a := range u.Attributes {
		switch v := a.(type) {
		case MPReach:
			ns = append(ns, v.NLRI...)
		case MPUnreach:
			ns = append(ns, v.NLRI...)
		case BGPLSAttribute:
			ls = v
		}
	}
	return u, ns, ls
}

// TestBGPLSGoldensRoundTrip decodes every captured UPDATE and checks that
// it re-encodes byte for byte, with every bgp-ls NLRI decoded (not raw).
func TestBGPLSGoldensRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/bgpls/*.golden")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".golden")
		t.Run(name, func(t *testing.T) {
			raw := bgplsGoldenHex(t, name)
			u, ns, _ := bgplsGoldenUpdate(t, name)
			// AppendMessage writes attributes in ExaBGP's order (MP_REACH
			// last): check each attribute's bytes in place instead.
			total := 0
			for _, a := range u.Attributes {
				b, err := AppendAttribute(nil, a, Options{ASN4: true})
				require.NoError(t, err)
				assert.Contains(t, hex.EncodeToString(raw), hex.EncodeToString(b), "%T", a)
				total += len(b)
			}
			assert.Equal(t, len(raw)-HeaderLen-4, total, "attribute bytes")
			require.NotEmpty(t, ns)
			for _, n := range ns {
				assert.IsType(t, BGPLSNLRI{}, n)
			}
		})
	}
}

func TestBGPLSNLRIDecode(t *testing.T) {
	isis := func(id string) []byte { b, _ := hex.DecodeString(id); return b }
	ospf := func(a ...string) []byte {
		var b []byte
		for _, s := range a {
			b = append(b, netip.MustParseAddr(s).AsSlice()...)
		}
		return b
	}
	as := BGPLSNodeDescriptor{AS: 65000, HasAS: true}
	with := func(d BGPLSNodeDescriptor, f func(*BGPLSNodeDescriptor)) BGPLSNodeDescriptor { f(&d); return d }
	area1 := netip.MustParseAddr("0.0.0.1")
	tests := []struct {
		golden string
		want   []BGPLSNLRI
		text   string
	}{
		{"node-isis", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSNode, Protocol: BGPLSISISL2,
			Local: with(as, func(d *BGPLSNodeDescriptor) {
				d.BGPLSID, d.HasBGPLSID, d.IGPRouterID = 7, true, isis("000000000101")
			}),
		}}, "bgp-ls:node:0x0200000000000000000100001a020000040000fde8020100040000000702030006000000000101"},
		{"node-ospf", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSNode, Protocol: BGPLSOSPFv2, Identifier: 10,
			Local: with(as, func(d *BGPLSNodeDescriptor) { d.OSPFArea, d.IGPRouterID = area1, ospf("1.1.1.1") }),
		}}, ""},
		{"node-isis-psn", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSNode, Protocol: BGPLSISISL1,
			Local: with(as, func(d *BGPLSNodeDescriptor) { d.IGPRouterID = isis("00000000020203") }),
		}}, ""},
		{"node-ospf-dr", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSNode, Protocol: BGPLSOSPFv2,
			Local: with(as, func(d *BGPLSNodeDescriptor) { d.IGPRouterID = ospf("3.3.3.3", "10.1.1.3") }),
		}}, ""},
		{"link-ospf", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSLink, Protocol: BGPLSOSPFv2,
			Local:          with(as, func(d *BGPLSNodeDescriptor) { d.OSPFArea, d.IGPRouterID = area1, ospf("1.1.1.1") }),
			Remote:         with(as, func(d *BGPLSNodeDescriptor) { d.OSPFArea, d.IGPRouterID = area1, ospf("2.2.2.2") }),
			LinkIDs:        &BGPLSLinkIDs{11, 22},
			InterfaceAddrs: []netip.Addr{netip.MustParseAddr("10.1.2.1")},
			NeighborAddrs:  []netip.Addr{netip.MustParseAddr("10.1.2.2")},
		}}, ""},
		{"link-isis-ipv6", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSLink, Protocol: BGPLSISISL2,
			Local:          with(as, func(d *BGPLSNodeDescriptor) { d.IGPRouterID = isis("000000000101") }),
			Remote:         with(as, func(d *BGPLSNodeDescriptor) { d.IGPRouterID = isis("000000000102") }),
			InterfaceAddrs: []netip.Addr{netip.MustParseAddr("2001:db8:12::1")},
			NeighborAddrs:  []netip.Addr{netip.MustParseAddr("2001:db8:12::2")},
		}}, ""},
		{"link-mt", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSLink, Protocol: BGPLSISISL2,
			Local:         with(as, func(d *BGPLSNodeDescriptor) { d.IGPRouterID = isis("000000000101") }),
			Remote:        with(as, func(d *BGPLSNodeDescriptor) { d.IGPRouterID = isis("000000000101") }),
			MultiTopology: []uint16{2},
		}}, ""},
		{"prefix-v4-ospf", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSPrefixIPv4, Protocol: BGPLSOSPFv2,
			Local:         with(as, func(d *BGPLSNodeDescriptor) { d.OSPFArea, d.IGPRouterID = area1, ospf("1.1.1.1") }),
			OSPFRouteType: 1, Prefix: netip.MustParsePrefix("10.3.0.0/24"),
		}}, ""},
		{"prefix-v6-odd", []BGPLSNLRI{{
			Fam: BGPLS, Type: BGPLSPrefixIPv6, Protocol: BGPLSISISL2,
			Local:  with(as, func(d *BGPLSNodeDescriptor) { d.IGPRouterID = isis("000000000101") }),
			Prefix: netip.MustParsePrefix("2001:db8:5::/48"),
		}}, ""},
		{"unknown-nlri-type", []BGPLSNLRI{{
			Fam: BGPLS, Type: 6,
			Raw: append([]byte{2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 8, 2, 0, 0, 4, 0, 0, 0xfd, 0xe8, 2, 6, 0, 16}, netip.MustParseAddr("2001:db8::5").AsSlice()...),
		}}, "bgp-ls:unknown:0x02000000000000000001000008020000040000fde80206001020010db8000000000000000000000005"},
		{"vpn-node", []BGPLSNLRI{{
			Fam: BGPLSVPN, Type: BGPLSNode, Protocol: BGPLSISISL2, RD: NewRD0(65000, 1),
			Local: with(as, func(d *BGPLSNodeDescriptor) { d.IGPRouterID = isis("000000000101") }),
		}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			_, ns, _ := bgplsGoldenUpdate(t, tt.golden)
			require.Len(t, ns, len(tt.want))
			for i, n := range ns {
				assert.Equal(t, tt.want[i], n)
				b, err := tt.want[i].AppendNLRI(nil, false)
				require.NoError(t, err)
				again, rest, err := DecodeNLRI(tt.want[i].Fam, b, false)
				require.NoError(t, err)
				assert.Empty(t, rest)
				assert.Equal(t, tt.want[i], again)
			}
			if tt.text != "" {
				assert.Equal(t, tt.text, ns[0].String())
			}
		})
	}
}

// TestBGPLSNodeDescriptorAccessors reads IGP router-ids by protocol.
func TestBGPLSNodeDescriptorAccessors(t *testing.T) {
	d := BGPLSNodeDescriptor{IGPRouterID: []byte{0, 0, 0, 0, 2, 2, 3}}
	id, ok := d.ISOSystemID()
	assert.True(t, ok)
	assert.Equal(t, [6]byte{0, 0, 0, 0, 2, 2}, id)
	psn, ok := d.PseudonodeID()
	assert.True(t, ok)
	assert.Equal(t, uint8(3), psn)
	_, ok = d.OSPFRouterID()
	assert.False(t, ok)

	d = BGPLSNodeDescriptor{IGPRouterID: []byte{3, 3, 3, 3, 10, 1, 1, 3}}
	rid, ok := d.OSPFRouterID()
	assert.True(t, ok)
	assert.Equal(t, "3.3.3.3", rid.String())
	dr, ok := d.DesignatedRouter()
	assert.True(t, ok)
	assert.Equal(t, "10.1.1.3", dr.String())
}

// TestBGPLSKeptRaw checks that entries exago cannot represent exactly stay
// RawNLRI, byte for byte.
func TestBGPLSKeptRaw(t *testing.T) {
	tests := []struct {
		name, hex string
	}{
		{"too short for protocol and identifier", "0001 0005 0102030405"},
		{"no local node descriptors", "0001 0009 02 0000000000000000"},
		{"descriptors out of order", "0003 001B 02 0000000000000000 0109 0002 2000 0100 0008 0200 0004 0000FDE8"},
		{"ip reachability longer than its length", "0003 001C 02 0000000000000000 0100 0008 0200 0004 0000FDE8 0109 0003 08 0A00"},
		{"truncated node sub-tlv", "0001 0010 02 0000000000000000 0100 0003 020000"},
		{"link without remote node", "0002 0011 02 0000000000000000 0100 0004 0200 0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wire := unhex(t, tt.hex)
			n, rest, err := DecodeNLRI(BGPLS, wire, false)
			require.NoError(t, err)
			assert.Empty(t, rest)
			require.IsType(t, RawNLRI{}, n)
			b, err := n.AppendNLRI(nil, false)
			require.NoError(t, err)
			assert.Equal(t, wire, b)
		})
	}
}

// TestBGPLSOtherTLVs keeps unknown descriptor TLVs and node sub-TLVs raw
// and in place, and decodes BGP router-id and member AS (RFC 9086).
func TestBGPLSOtherTLVs(t *testing.T) {
	wire := unhex(t, "0002 003D 07 0000000000000000"+
		"0100 0010 0200 0004 0000FDE8 0204 0004 0A000001"+ // local: AS, BGP router-id
		"0101 0010 0200 0004 0000FDE8 0205 0004 0000FDE9"+ // remote: AS, member AS
		"0103 0004 0A010203"+ // ipv4 interface
		"0110 0000") // unknown descriptor TLV 272, empty
	n, rest, err := DecodeNLRI(BGPLS, wire, false)
	require.NoError(t, err)
	assert.Empty(t, rest)
	require.IsType(t, BGPLSNLRI{}, n)
	ls := n.(BGPLSNLRI)
	assert.Equal(t, BGPLSProtocol(7), ls.Protocol)
	assert.Equal(t, "bgp", ls.Protocol.String())
	assert.Equal(t, netip.MustParseAddr("10.0.0.1"), ls.Local.BGPRouterID)
	assert.Equal(t, uint32(65001), ls.Remote.MemberAS)
	assert.Equal(t, []BGPLSTLV{{272, []byte{}}}, ls.Other)
	assert.Equal(t, "as 65000 bgp-router-id 10.0.0.1", ls.Local.String())
	b, err := n.AppendNLRI(nil, false)
	require.NoError(t, err)
	assert.Equal(t, wire, b)

	// With add-path, the path identifier leads and is kept.
	withID := append([]byte{0, 0, 0, 9}, wire...)
	n, _, err = DecodeNLRI(BGPLS, withID, true)
	require.NoError(t, err)
	assert.Equal(t, PathID(9), n.(BGPLSNLRI).PathID)
	b, err = n.AppendNLRI(nil, true)
	require.NoError(t, err)
	assert.Equal(t, withID, b)
}
