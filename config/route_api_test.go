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

// wantRoute is what one parsed route must be: its family, its NLRI on the
// wire (with the path identifier when the family's add-path would be on),
// next hop and flags.
type wantRoute struct {
	fam      codec.Family
	nlri     string // hex of AppendNLRI
	addPath  bool
	nextHop  string // "" none, "self"
	watchdog string
	withdraw bool
}

func checkRoutes(t *testing.T, got []Route, want []wantRoute) {
	t.Helper()
	require.Len(t, got, len(want))
	for i, w := range want {
		r := got[i]
		require.NotNil(t, r.NLRI, "route %d", i)
		assert.Equal(t, w.fam, r.NLRI.Family(), "route %d family", i)
		b, err := r.NLRI.AppendNLRI(nil, w.addPath)
		require.NoError(t, err)
		assert.Equal(t, strings.ToUpper(w.nlri), strings.ToUpper(hex.EncodeToString(b)), "route %d nlri", i)
		switch w.nextHop {
		case "":
			assert.False(t, r.NextHop.IsValid(), "route %d next hop", i)
			assert.False(t, r.NextHopSelf, "route %d next-hop self", i)
		case "self":
			assert.True(t, r.NextHopSelf, "route %d next-hop self", i)
		default:
			assert.Equal(t, netip.MustParseAddr(w.nextHop), r.NextHop, "route %d next hop", i)
		}
		assert.Equal(t, w.watchdog, r.Watchdog, "route %d watchdog", i)
		assert.Equal(t, w.withdraw, r.Withdrawn, "route %d withdraw", i)
	}
}

func TestParseUpdateCommandNLRI(t *testing.T) {
	v4 := codec.IPv4Unicast
	tests := []struct {
		name string
		line string
		want []wantRoute
	}{
		{"route", "route 1.1.0.0/24 next-hop 101.1.101.1 med 200",
			[]wantRoute{{fam: v4, nlri: "18010100", nextHop: "101.1.101.1"}}},
		{"host route", "route 1.2.3.4 next-hop 5.6.7.8",
			[]wantRoute{{fam: v4, nlri: "2001020304", nextHop: "5.6.7.8"}}},
		{"default route", "route 0.0.0.0/0  next-hop 1.101.1.101",
			[]wantRoute{{fam: v4, nlri: "00", nextHop: "1.101.1.101"}}},
		{"next-hop self", "route 2.2.0.0/16 next-hop self",
			[]wantRoute{{fam: v4, nlri: "100202", nextHop: "self"}}},
		{"withdraw without next hop", "route 1.1.0.0/24",
			[]wantRoute{{fam: v4, nlri: "18010100"}}},
		{"trailing semicolon", "route 1.1.0.0/24 next-hop 1.1.1.1 ;",
			[]wantRoute{{fam: v4, nlri: "18010100", nextHop: "1.1.1.1"}}},
		{"ipv6", "route 2605::2/128 next-hop 2001::1 local-preference 500",
			[]wantRoute{{fam: codec.IPv6Unicast, nlri: "8026050000000000000000000000000002", nextHop: "2001::1"}}},
		{"multicast group", "route 224.0.0.0/4 next-hop 1.1.1.1",
			[]wantRoute{{fam: codec.IPv4Multicast, nlri: "04E0", nextHop: "1.1.1.1"}}},
		{"split", "route 1.0.0.0/21 next-hop 101.1.101.1 med 200 community [2:1] split /23",
			[]wantRoute{
				{fam: v4, nlri: "17010000", nextHop: "101.1.101.1"},
				{fam: v4, nlri: "17010002", nextHop: "101.1.101.1"},
				{fam: v4, nlri: "17010004", nextHop: "101.1.101.1"},
				{fam: v4, nlri: "17010006", nextHop: "101.1.101.1"},
			}},
		{"split shorter than prefix", "route 1.0.0.0/24 next-hop 1.1.1.1 split /23",
			[]wantRoute{{fam: v4, nlri: "18010000", nextHop: "1.1.1.1"}}},
		{"mpls-vpn", "route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community 0x0002FDE900000001 label 1000",
			[]wantRoute{{fam: codec.IPv4VPN, nlri: "68003E810000FDE8000000010104", nextHop: "101.1.101.1"}}},
		{"labeled", "route 10.0.0.0/24 next-hop 1.1.1.1 label [ 100 200 ]",
			[]wantRoute{{fam: codec.IPv4MPLS, nlri: "48000640000C810A0000", nextHop: "1.1.1.1"}}},
		{"path-information", "route 10.0.0.10 next-hop 10.10.1.1 path-information 0.0.0.1",
			[]wantRoute{{fam: v4, nlri: "00000001200A00000A", addPath: true, nextHop: "10.10.1.1"}}},
		{"watchdog withdraw", "route 77.77.77.77 next-hop 1.2.3.4 watchdog dnsr withdraw",
			[]wantRoute{{fam: v4, nlri: "204D4D4D4D", nextHop: "1.2.3.4", watchdog: "dnsr", withdraw: true}}},
		{"attributes nlri", "attributes med 100 next-hop 101.1.101.1 nlri 1.0.0.1/32 1.0.0.2/32",
			[]wantRoute{
				{fam: v4, nlri: "2001000001", nextHop: "101.1.101.1"},
				{fam: v4, nlri: "2001000002", nextHop: "101.1.101.1"},
			}},
		{"attribute vpn nlri", "attribute route-distinguisher 63333:100 label [ 110 ] next-hop 10.0.99.12 origin igp as-path [100, 500] local-preference 100 extended-community 0:0 originator-id 10.0.99.12 nlri 128.0.64.0/18 128.0.0.0/18",
			[]wantRoute{
				{fam: codec.IPv4VPN, nlri: "6A0006E10000F76500000064800040", nextHop: "10.0.99.12"},
				{fam: codec.IPv4VPN, nlri: "6A0006E10000F76500000064800000", nextHop: "10.0.99.12"},
			}},
		{"attributes path-information", "attributes path-information 1.2.3.4 next-hop 10.11.12.13 community [14:15] local-preference 16 nlri 16.17.18.19/32 20.21.22.23/32",
			[]wantRoute{
				{fam: v4, nlri: "010203042010111213", addPath: true, nextHop: "10.11.12.13"},
				{fam: v4, nlri: "010203042014151617", addPath: true, nextHop: "10.11.12.13"},
			}},
		{"vpls", "vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1 origin igp as-path [ 30740 30740 ] local-preference 100 med 2000 community [ 54591:123] extended-community [ target:54591:6 l2info:19:0:1500:111] originator-id 192.168.22.1 cluster-list [ 3.3.3.3 192.168.201.1 ]",
			[]wantRoute{{fam: codec.L2VPNVPLS, nlri: "00110001C0A8C901007B000500010008029CE1", nextHop: "192.168.201.1"}}},
		{"flow braces", "flow route { match { source 0.0.0.0/32; destination 0.0.0.0/32; destination-port =3128; protocol tcp; } then { rate-limit 0; } }",
			[]wantRoute{{fam: codec.IPv4Flow, nlri: "1301200000000002200000000003810605910C38"}}},
		{"flow braces without then", "flow route { match { source 255.255.255.255/32; destination 255.255.255.255/32; } }",
			[]wantRoute{{fam: codec.IPv4Flow, nlri: "0C0120FFFFFFFF0220FFFFFFFF"}}},
		{"flow one line", "flow route source 10.0.0.1/32 destination-port =80 discard",
			[]wantRoute{{fam: codec.IPv4Flow, nlri: "0902200A000001058150"}}},
		{"flow redirect ip", "flow route destination 192.168.0.1/32 redirect 1.2.3.4",
			[]wantRoute{{fam: codec.IPv4Flow, nlri: "060120C0A80001", nextHop: "1.2.3.4"}}},
		{"flow vpn", "flow route rd 65535:65536 source 10.0.0.1/32 discard",
			[]wantRoute{{fam: codec.IPv4FlowVPN, nlri: "0E0000FFFF0001000002200A000001"}}},
		{"flow ipv6", "flow route source ::1/128/120 next-header udp discard",
			[]wantRoute{{fam: codec.IPv6Flow, nlri: "1602807800000000000000000000000000000001038111"}}},
		{"route block", "route 10.0.0.0/24 { next-hop 1.2.3.4; split /25; }",
			[]wantRoute{
				{fam: v4, nlri: "190A000000", nextHop: "1.2.3.4"},
				{fam: v4, nlri: "190A000080", nextHop: "1.2.3.4"},
			}},
		{"flow named braces", "flow route web { match { destination 10.0.0.0/8; } then { discard; } }",
			[]wantRoute{{fam: codec.IPv4Flow, nlri: "0301080A"}}},
		{"vpls braces", "vpls site { endpoint 5; base 10702; offset 1; size 8; rd 192.168.201.1:123; next-hop 192.168.201.1; }",
			[]wantRoute{{fam: codec.L2VPNVPLS, nlri: "00110001C0A8C901007B000500010008029CE1", nextHop: "192.168.201.1"}}},
		{"family ipv4 unicast", "ipv4 unicast 1.0.0.0/24 next-hop 1.2.3.4",
			[]wantRoute{{fam: v4, nlri: "18010000", nextHop: "1.2.3.4"}}},
		{"family ipv6 mpls-vpn", "ipv6 mpls-vpn 2001:db8::/32 rd 1:1 label 16 next-hop 2001::1",
			[]wantRoute{{fam: codec.IPv6VPN, nlri: "7800010100000001000000012001" + "0DB8", nextHop: "2001::1"}}},
		{"family ipv4 flow", "ipv4 flow destination 10.0.0.0/8 discard",
			[]wantRoute{{fam: codec.IPv4Flow, nlri: "0301080A"}}},
		{"family l2vpn vpls", "l2vpn vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1",
			[]wantRoute{{fam: codec.L2VPNVPLS, nlri: "00110001C0A8C901007B000500010008029CE1", nextHop: "192.168.201.1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUpdateCommand(SplitWords(tt.line))
			require.NoError(t, err)
			checkRoutes(t, got, tt.want)
		})
	}
}

func TestParseUpdateCommandErrors(t *testing.T) {
	tests := []struct {
		name string
		line string
		want string // substring of the error
	}{
		{"empty", "", "missing route"},
		{"unknown command", "router 1.0.0.0/8", `"router"`},
		{"bad prefix", "route 1.0.0.0/33 next-hop 1.1.1.1", `"1.0.0.0/33"`},
		{"host bits", "route 9.9.9.9/24 next-hop 101.1.101.1", "invalid network 9.9.9.9"},
		{"bad med", "route 1.0.0.0/8 next-hop 1.1.1.1 med abc", `"abc"`},
		{"missing value", "route 1.0.0.0/8 next-hop", "missing next-hop"},
		{"unknown attribute", "route 1.0.0.0/8 next-hop 1.1.1.1 colour blue", `"colour"`},
		{"bad community", "route 1.0.0.0/8 community [ 70000:1 ]", `"70000:1"`},
		{"unclosed list", "route 1.0.0.0/8 community [ 1:1", "missing ]"},
		{"nlri missing", "attributes med 100", "missing nlri"},
		{"flow unknown", "flow route { match { colour red; } }", "colour"},
		{"flow unclosed", "flow route { match { source 1.0.0.0/8; }", "missing }"},
		{"flow bad port", "flow route destination-port =htttp discard", "htttp"},
		{"flow port too large", "flow route destination-port =65536 discard", "65536"},
		{"vpls missing rd", "vpls endpoint 5 base 10702 offset 1 size 8", "missing rd"},
		{"family mismatch", "ipv6 unicast 1.0.0.0/8 next-hop 1.1.1.1", "not ipv6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseUpdateCommand(SplitWords(tt.line))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestCheckAnnounce(t *testing.T) {
	rs, err := ParseUpdateCommand(SplitWords("route 1.0.0.0/8"))
	require.NoError(t, err)
	assert.Error(t, CheckAnnounce(rs[0]))
	rs, err = ParseUpdateCommand(SplitWords("route 1.0.0.0/8 next-hop self"))
	require.NoError(t, err)
	assert.NoError(t, CheckAnnounce(rs[0]))
	rs, err = ParseUpdateCommand(SplitWords("route ::/0"))
	require.NoError(t, err)
	assert.NoError(t, CheckAnnounce(rs[0]), "ExaBGP checks ipv4 only")
}

func BenchmarkParseUpdateCommand(b *testing.B) {
	for _, bb := range []struct{ name, line string }{
		{"next-hop", "route 1.1.0.0/24 next-hop 101.1.101.1"},
		{"attributes", "route 1.1.0.0/24 next-hop 101.1.101.1 origin igp as-path [ 65000 65001 ] med 200 local-preference 100 community [ 65000:1 65000:2 ]"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			words := make([]string, 0, 32)
			routes := make([]Route, 0, 4)
			b.ReportAllocs()
			for b.Loop() {
				words = AppendWords(words[:0], bb.line)
				var err error
				routes, err = AppendUpdateCommand(routes[:0], words)
				if err != nil || len(routes) != 1 {
					b.Fatal(err)
				}
			}
		})
	}
}
