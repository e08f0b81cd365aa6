package codec

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mupMVPNCase is one MUP or MVPN NLRI as ExaBGP 5.0's functional suite
// sends it (conf-srv6-mup, conf-srv6-mup-v3, conf-mvpn, api-mvpn).
type mupMVPNCase struct {
	name string
	f    Family
	hex  string
	want NLRI
	text string
}

// mupMVPNCases are annotated from the MP_REACH_NLRI of the suite's
// expected messages.
func mupMVPNCases() []mupMVPNCase {
	a := netip.MustParseAddr
	p := netip.MustParsePrefix
	rd := NewRD0(100, 100)
	mrd := NewRD0(65000, 99999)
	return []mupMVPNCase{
		{
			name: "ipv4 isd 10.0.1.0/24",
			f:    IPv4MUP,
			// arch 1, type 1 (ISD), length 12, rd 100:100, /24, 3 bytes
			hex:  "01 0001 0C 0000006400000064 18 0A0001",
			want: MUP{AFI: AFIIPv4, Arch: 1, RouteType: MUPInterworkSegmentDiscovery, RD: rd, Prefix: p("10.0.1.0/24")},
			text: "mup:isd::100:100:10.0.1.0/24",
		},
		{
			name: "ipv4 dsd 10.0.0.1",
			f:    IPv4MUP,
			// arch 1, type 2 (DSD), length 12, rd, address
			hex:  "01 0002 0C 0000006400000064 0A000001",
			want: MUP{AFI: AFIIPv4, Arch: 1, RouteType: MUPDirectSegmentDiscovery, RD: rd, Addr: a("10.0.0.1")},
			text: "mup:dsd::100:100:10.0.0.1",
		},
		{
			name: "ipv4 t1st without source",
			f:    IPv4MUP,
			// arch 1, type 3 (T1ST), length 23, rd, /32 192.168.0.1, teid
			// 12345, qfi 9, endpoint /32 10.0.0.1
			hex: "01 0003 17 0000006400000064 20 C0A80001 00003039 09 20 0A000001",
			want: MUP{AFI: AFIIPv4, Arch: 1, RouteType: MUPType1SessionTransformed, RD: rd,
				Prefix: p("192.168.0.1/32"), TEID: 12345, QFI: 9, Endpoint: a("10.0.0.1")},
			text: "mup:t1st::100:100:192.168.0.1/32:12345:9:10.0.0.1/32",
		},
		{
			name: "ipv4 t1st with source (conf-srv6-mup-v3)",
			f:    IPv4MUP,
			// ... endpoint /32 10.0.0.1, source /32 10.0.1.1
			hex: "01 0003 1C 0000006400000064 20 C0A80002 00003039 09 20 0A000001 20 0A000101",
			want: MUP{AFI: AFIIPv4, Arch: 1, RouteType: MUPType1SessionTransformed, RD: rd,
				Prefix: p("192.168.0.2/32"), TEID: 12345, QFI: 9, Endpoint: a("10.0.0.1"), Source: a("10.0.1.1")},
			text: "mup:t1st::100:100:192.168.0.2/32:12345:9:10.0.0.1/32:10.0.1.1/32",
		},
		{
			name: "ipv4 t2st teid 12345/32",
			f:    IPv4MUP,
			// arch 1, type 4 (T2ST), length 17, rd, endpoint length 64 (32
			// + 32 teid bits), 10.0.0.1, teid
			hex:  "01 0004 11 0000006400000064 40 0A000001 00003039",
			want: MUP{AFI: AFIIPv4, Arch: 1, RouteType: MUPType2SessionTransformed, RD: rd, Addr: a("10.0.0.1"), TEID: 12345, TEIDBits: 32},
			text: "mup:t2st::100:100:64:10.0.0.1:12345:",
		},
		{
			name: "ipv4 t2st teid 12345/23",
			f:    IPv4MUP,
			// endpoint length 55: 23 teid bits in 3 bytes
			hex:  "01 0004 10 0000006400000064 37 0A000001 003039",
			want: MUP{AFI: AFIIPv4, Arch: 1, RouteType: MUPType2SessionTransformed, RD: rd, Addr: a("10.0.0.1"), TEID: 12345, TEIDBits: 23},
			text: "mup:t2st::100:100:55:10.0.0.1:12345:",
		},
		{
			name: "ipv4 t2st teid 0/0",
			f:    IPv4MUP,
			// endpoint length 32: no teid
			hex:  "01 0004 0D 0000006400000064 20 0A000001",
			want: MUP{AFI: AFIIPv4, Arch: 1, RouteType: MUPType2SessionTransformed, RD: rd, Addr: a("10.0.0.1")},
			text: "mup:t2st::100:100:32:10.0.0.1:0:",
		},
		{
			name: "ipv6 isd 2001::/64",
			f:    IPv6MUP,
			hex:  "01 0001 11 0000006400000064 40 2001000000000000",
			want: MUP{AFI: AFIIPv6, Arch: 1, RouteType: MUPInterworkSegmentDiscovery, RD: rd, Prefix: p("2001::/64")},
			text: "mup:isd::100:100:2001::/64",
		},
		{
			name: "ipv6 dsd 2001::1",
			f:    IPv6MUP,
			hex:  "01 0002 18 0000006400000064 20010000000000000000000000000001",
			want: MUP{AFI: AFIIPv6, Arch: 1, RouteType: MUPDirectSegmentDiscovery, RD: rd, Addr: a("2001::1")},
			text: "mup:dsd::100:100:2001::1",
		},
		{
			name: "ipv6 t1st with source (conf-srv6-mup-v3)",
			f:    IPv6MUP,
			hex: "01 0003 40 0000006400000064 80 20010DB8000100010000000000000002 00003039 09" +
				" 80 20010000000000000000000000000001 80 20020000000000000000000000000002",
			want: MUP{AFI: AFIIPv6, Arch: 1, RouteType: MUPType1SessionTransformed, RD: rd,
				Prefix: p("2001:db8:1:1::2/128"), TEID: 12345, QFI: 9, Endpoint: a("2001::1"), Source: a("2002::2")},
			text: "mup:t1st::100:100:2001:db8:1:1::2/128:12345:9:2001::1/128:2002::2/128",
		},
		{
			name: "ipv6 t2st teid 12345/32",
			f:    IPv6MUP,
			// endpoint length 160 (128 + 32)
			hex:  "01 0004 1D 0000006400000064 A0 20010000000000000000000000000001 00003039",
			want: MUP{AFI: AFIIPv6, Arch: 1, RouteType: MUPType2SessionTransformed, RD: rd, Addr: a("2001::1"), TEID: 12345, TEIDBits: 32},
			text: "mup:t2st::100:100:160:2001::1:12345:",
		},
		{
			name: "unknown mup route type kept raw",
			f:    IPv4MUP,
			hex:  "02 0009 02 ABCD",
			want: MUP{AFI: AFIIPv4, Arch: 2, RouteType: 9, Raw: []byte{0xAB, 0xCD}},
			text: "mup:unknown:0xabcd",
		},
		{
			name: "ipv4 mvpn shared join",
			f:    IPv4MVPN,
			// type 6, length 22, rd 65000:99999, source as 65000, rp /32
			// 10.99.199.1, group /32 239.251.255.228
			hex: "06 16 0000FDE80001869F 0000FDE8 20 0A63C701 20 EFFBFFE4",
			want: MVPN{AFI: AFIIPv4, RouteType: MVPNSharedTreeJoin, RD: mrd, SourceAS: 65000,
				Source: a("10.99.199.1"), Group: a("239.251.255.228")},
			text: "mvpn:shared-join::65000:99999:65000:10.99.199.1:239.251.255.228",
		},
		{
			name: "ipv4 mvpn source join",
			f:    IPv4MVPN,
			hex:  "07 16 0000FDE80001869F 0000FDE8 20 0A630C02 20 EFFBFFE4",
			want: MVPN{AFI: AFIIPv4, RouteType: MVPNSourceTreeJoin, RD: mrd, SourceAS: 65000,
				Source: a("10.99.12.2"), Group: a("239.251.255.228")},
			text: "mvpn:source-join::65000:99999:65000:10.99.12.2:239.251.255.228",
		},
		{
			name: "ipv4 mvpn source active a-d",
			f:    IPv4MVPN,
			// type 5, length 18, rd, source /32, group /32
			hex:  "05 12 0000FDE80001869F 20 0A630C04 20 EFFBFFE4",
			want: MVPN{AFI: AFIIPv4, RouteType: MVPNSourceActiveAD, RD: mrd, Source: a("10.99.12.4"), Group: a("239.251.255.228")},
			text: "mvpn:sourcead::65000:99999:10.99.12.4:239.251.255.228",
		},
		{
			name: "ipv6 mvpn shared join",
			f:    IPv6MVPN,
			hex: "06 2E 0000FDE80001869F 0000FDE8 80 FD000000000000000000000000000001" +
				" 80 FF0E0000000000000000000000000001",
			want: MVPN{AFI: AFIIPv6, RouteType: MVPNSharedTreeJoin, RD: mrd, SourceAS: 65000,
				Source: a("fd00::1"), Group: a("ff0e::1")},
			text: "mvpn:shared-join::65000:99999:65000:fd00::1:ff0e::1",
		},
		{
			name: "ipv6 mvpn source active a-d",
			f:    IPv6MVPN,
			hex:  "05 2A 0000FDE80001869F 80 FD120000000000000000000000000004 80 FF0E0000000000000000000000000001",
			want: MVPN{AFI: AFIIPv6, RouteType: MVPNSourceActiveAD, RD: mrd, Source: a("fd12::4"), Group: a("ff0e::1")},
			text: "mvpn:sourcead::65000:99999:fd12::4:ff0e::1",
		},
		{
			name: "mvpn intra-as i-pmsi a-d kept raw",
			f:    IPv4MVPN,
			hex:  "01 0C 0000FDE80001869F 0A000001",
			want: MVPN{AFI: AFIIPv4, RouteType: 1, Raw: unhexBytes("0000FDE80001869F0A000001")},
			text: "mvpn:unknown:0x0000fde80001869f0a000001",
		},
	}
}

// unhexBytes decodes annotated hex for case tables (it panics on bad hex).
func unhexBytes(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// TestMUPMVPNGolden decodes the suite's NLRI, compares value and text, and
// re-encodes them byte for byte.
func TestMUPMVPNGolden(t *testing.T) {
	for _, tt := range mupMVPNCases() {
		t.Run(tt.name, func(t *testing.T) {
			b := unhex(t, tt.hex)
			got, rest, err := DecodeNLRI(tt.f, b, false)
			require.NoError(t, err)
			assert.Empty(t, rest)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.text, got.String())
			assert.Equal(t, tt.f, got.Family())
			again, err := tt.want.AppendNLRI(nil, false)
			require.NoError(t, err)
			assert.Equal(t, b, again)
		})
	}
}

// TestMUPMVPNMalformed checks that truncated or inconsistent routes of the
// parsed types are errors, as ExaBGP 5.0's NOTIFICATIONs.
func TestMUPMVPNMalformed(t *testing.T) {
	tests := []struct {
		name string
		f    Family
		hex  string
	}{
		{"mup header cut", IPv4MUP, "010001"},
		{"mup length past the end", IPv4MUP, "0100010C00000064"},
		{"isd prefix longer than ipv4", IPv4MUP, "0100010A0000006400000064 21 0A"},
		{"isd extra byte", IPv4MUP, "0100010D0000006400000064 18 0A000100"},
		{"dsd address of 5 bytes", IPv4MUP, "0100020D0000006400000064 0A00000100"},
		{"t1st endpoint of 33 bits", IPv4MUP, "010003170000006400000064 20 C0A80001 00003039 09 21 0A000001"},
		{"t2st endpoint shorter than the address", IPv4MUP, "0100040D0000006400000064 1F 0A000001"},
		{"t2st teid bytes missing", IPv4MUP, "0100040D0000006400000064 40 0A000001"},
		{"mvpn header cut", IPv4MVPN, "06"},
		{"mvpn shared join of 21 bytes", IPv4MVPN, "06150000FDE80001869F0000FDE8200A63C70120EFFBFF"},
		{"mvpn source ad group of 24 bits", IPv4MVPN, "05120000FDE80001869F200A630C0418EFFBFFE4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeNLRI(tt.f, unhex(t, tt.hex), false)
			assert.Error(t, err)
		})
	}
}

// FuzzMUPMVPN checks that every MUP and MVPN NLRI that decodes re-encodes
// to exactly the bytes it came from. The first byte picks the family.
func FuzzMUPMVPN(f *testing.F) {
	fams := []Family{IPv4MUP, IPv6MUP, IPv4MVPN, IPv6MVPN}
	for _, c := range mupMVPNCases() {
		for i, fam := range fams {
			if fam == c.f {
				f.Add(append([]byte{byte(i)}, unhexBytes(c.hex)...))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		fam := fams[int(data[0])%len(fams)]
		in := data[1:]
		ns, err := DecodeNLRIs(fam, in, false)
		if err != nil {
			return
		}
		out, err := AppendNLRIs(nil, ns, false)
		require.NoError(t, err, "re-encode %v", ns)
		assert.True(t, bytes.Equal(in, out), "%x re-encoded as %x", in, out)
		for _, n := range ns {
			assert.Equal(t, fam, n.Family())
			assert.NotEmpty(t, n.String())
		}
	})
}
