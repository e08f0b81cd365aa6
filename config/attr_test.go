package config

import (
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// attrHex encodes attrs (4-byte AS session) as upper-case hex.
func attrHex(t *testing.T, attrs []codec.Attribute) string {
	t.Helper()
	var b []byte
	for _, a := range attrs {
		var err error
		b, err = codec.AppendAttribute(b, a, codec.Options{ASN4: true})
		require.NoError(t, err)
	}
	return strings.ToUpper(hex.EncodeToString(b))
}

func TestRouteAttributes(t *testing.T) {
	tests := []struct {
		name  string
		words string // after "route 10.0.0.0/8 next-hop 1.1.1.1"
		want  string // attributes on the wire, in order
	}{
		{"origin", "origin egp", "40010101"},
		{"origin upper case", "origin INCOMPLETE", "40010102"},
		{"as-path sequence and set", "as-path [ 1 2 ( 3 4 ) ]", "4002140202000000010000000201020000000300000004"},
		{"as-path commas", "as-path [100, 500]", "40020A02020000006400000" + "1F4"},
		{"as-path single", "as-path 65000", "400206020100" + "00FDE8"},
		{"med", "med 100", "80040400000064"},
		{"local-preference", "local-preference 200", "400504000000C8"},
		{"atomic-aggregate", "atomic-aggregate", "400600"},
		{"aggregator", "aggregator ( 18144:219.118.225.189 )", "C00708000046E0DB76E1BD"},
		{"aggregator glued", "aggregator (18144:219.118.225.189)", "C00708000046E0DB76E1BD"},
		{"communities", "community [ no-export 65000:1 0x87654321 blackhole ]", "C00810FFFFFF01FDE8000187654321FFFF029A"},
		{"community single", "community 30740:30740", "C00804781478" + "14"},
		{"large-community dedup", "large-community [ 2914:0:666 2914:0:666 1:2:3 ]",
			"C0201800000B62000000000000029A000000010000000200000003"},
		{"extended-community forms", "extended-community [ target:65000:1 origin:1.2.3.4:5 target:120000L:123 redirect:65500:12345 l2info:19:0:1500:111 0x0002FDE900000001 ]",
			"C01030" + "0002FDE800000001" + "0103010203040005" + "02020001D4C0007B" + "8008FFDC00003039" + "800A130005DC006F" + "0002FDE900000001"},
		{"extended-community asn:ip", "extended-community [ target:10283:4.249.92.120 ]", "C01008" + "0002282B04F95C78"},
		{"extended-community plain", "extended-community 72:0.0.0.1", "C01008" + "0002004800000001"},
		{"extended-community flow actions", "extended-community [ rate-limit:9600 mark:10 redirect-to-nexthop ]",
			"C01018" + "8006000046160000" + "800900000000000A" + "0800000000000000"},
		{"originator-id", "originator-id 10.0.0.1", "8009040A000001"},
		{"cluster-list", "cluster-list [ 3.3.3.3 192.168.201.1 ]", "800A0803030303C0A8C901"},
		{"aigp", "aigp 100", "801A0B01000B0000000000000064"},
		{"generic", "attribute [ 0x20 0xc0 0x0000000100000002000000030000000A0000000B0000000C ]",
			"C020180000000100000002000000030000000A0000000B0000000C"},
		{"generic replaces typed", "attribute [0x04 0x80 0x00000064]", "80040400000064"},
		{"prefix-sid label index", "bgp-prefix-sid [ 777 ]", "C0280A0100070000000000030" + "9"},
		{"prefix-sid srgb", "bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]",
			"C0281B0100070000000000012C03000E00000C35000010000F4240001388"},
		{"prefix-sid srv6 l3vpn", "bgp-prefix-sid-srv6 ( l3vpn 2001:1::20 )", "C028180500150020010001000000000000000000000020" + "00FFFF00"},
		{"first value wins", "med 1 med 2", "80040400000001"},
		{"wire order", "local-preference 1 med 2 origin igp", "40010100" + "80040400000002" + "40050400000001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ParseUpdateCommand(SplitWords("route 10.0.0.0/8 next-hop 1.1.1.1 " + tt.words))
			require.NoError(t, err)
			require.Len(t, rs, 1)
			assert.Equal(t, tt.want, attrHex(t, rs[0].Attributes))
		})
	}
}

func TestFlowActions(t *testing.T) {
	tests := []struct {
		name    string
		words   string // after "flow route destination 10.0.0.0/8"
		want    string
		nextHop string
	}{
		{"discard", "discard", "C01008" + "8006000000000000", ""},
		{"accept", "accept", "", ""},
		{"actions in order", "rate-limit 9600 mark 10 action sample-terminal redirect 65500:12345",
			"C01020" + "8006000046160000" + "800900000000000A" + "8007000000000003" + "8008FFDC00003039", ""},
		{"redirect asn4", "redirect 100000:1", "C01008" + "8208000186A00001", ""},
		{"redirect ip", "redirect 1.2.3.4", "C01008" + "0800000000000000", "1.2.3.4"},
		{"copy", "copy 1.2.3.4", "C01008" + "0800000000000001", "1.2.3.4"},
		{"redirect-to-nexthop", "redirect-to-nexthop", "C01008" + "0800000000000000", ""},
		{"redirect-to-nexthop-ietf ipv4", "redirect-to-nexthop-ietf 1.2.3.4", "C01008" + "010C010203040000", ""},
		{"redirect-to-nexthop-ietf ipv6", "redirect-to-nexthop-ietf 2A02:B80:0:1::1",
			"C01914" + "000C2A020B800000000100000000000000010000", ""},
		{"communities with actions", "discard community [30740:0 30740:30740] extended-community [ origin:2345:6.7.8.9 ]",
			"C008087814000078147814" + "C01010" + "8006000000000000" + "0003092906070809", ""},
		{"rate-limit capped", "rate-limit 2000000000000", "C01008" + "800600005368D4A5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ParseUpdateCommand(SplitWords("flow route destination 10.0.0.0/8 " + tt.words))
			require.NoError(t, err)
			require.Len(t, rs, 1)
			assert.Equal(t, tt.want, attrHex(t, rs[0].Attributes))
			if tt.nextHop == "" {
				assert.False(t, rs[0].NextHop.IsValid())
			} else {
				assert.Equal(t, tt.nextHop, rs[0].NextHop.String())
			}
		})
	}
}

func TestFlowMatch(t *testing.T) {
	tests := []struct {
		name  string
		words string // match part, after "flow route"
		want  string // NLRI hex
	}{
		{"ports and ranges", "destination-port [ >8080&<8088 =3128 ]", "0A" + "05" + "121F90" + "541F98" + "910C38"},
		{"neq", "port [ !=0 ]", "03" + "04" + "8600"},
		{"port names", "destination-port [ =http =https ]", "06" + "05" + "0150" + "9101BB"},
		{"protocol names", "protocol [ udp tcp ]", "05" + "03" + "0111" + "8106"},
		{"tcp-flags bitmask", "tcp-flags [SYN RST&FIN&!=push]", "09" + "09" + "0002" + "0004" + "4001" + "C308"},
		{"fragment", "fragment [ first-fragment last-fragment ]", "05" + "0C" + "0004" + "8008"},
		{"packet-length", "packet-length [ >200&<300 >400&<500 ]", "0C" + "0A" + "02C8" + "54012C" + "120190" + "D401F4"},
		{"icmp", "icmp-type [ unreachable echo-request ] icmp-code host-unreachable", "08" + "07" + "0103" + "8108" + "08" + "8101"},
		{"dscp", "dscp [ 10 20 ]", "05" + "0B" + "010A" + "8114"},
		{"ipv6 flow-label", "source ::1/128/120 flow-label 2013", "17" + "02807800000000000000000000000000000001" + "0D" + "9107DD"},
		{"greater or equal and less or equal", "source-port [ >=1024&<=2048 ]", "07" + "06" + "130400" + "D50800"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ParseUpdateCommand(SplitWords("flow route " + tt.words + " discard"))
			require.NoError(t, err)
			require.Len(t, rs, 1)
			b, err := rs[0].NLRI.AppendNLRI(nil, false)
			require.NoError(t, err)
			assert.Equal(t, tt.want, strings.ToUpper(hex.EncodeToString(b)))
		})
	}
}

func TestRouteAttributeValues(t *testing.T) {
	rs, err := ParseUpdateCommand(SplitWords("route 1.0.0.0/8 next-hop 1.1.1.1 large-community [1:2:3] community [1:1 no-export] med 5 as-path [ 1 2 ( 3 ) ] origin egp originator-id 2.2.2.2 cluster-list [ 3.3.3.3 ] atomic-aggregate aggregator (4:5.5.5.5) local-preference 7"))
	require.NoError(t, err)
	require.Len(t, rs, 1)
	want := []codec.Attribute{
		codec.Origin(codec.OriginEGP),
		codec.NewASPath([]uint32{1, 2}, []uint32{3}, nil, nil),
		codec.MED(5),
		codec.LocalPref(7),
		codec.AtomicAggregate{},
		codec.Aggregator{AS: 4, Address: netip.MustParseAddr("5.5.5.5")},
		codec.Communities{codec.NewCommunity(1, 1), codec.Community(0xFFFFFF01)},
		codec.OriginatorID(netip.MustParseAddr("2.2.2.2")),
		codec.ClusterList{netip.MustParseAddr("3.3.3.3")},
		codec.LargeCommunities{{Global: 1, Local1: 2, Local2: 3}},
	}
	assert.Equal(t, want, rs[0].Attributes)
}
