package codec

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNLRIGolden decodes annotated wire NLRI, compares value and text, and
// re-encodes to the same bytes.
func TestNLRIGolden(t *testing.T) {
	a := netip.MustParseAddr
	p := netip.MustParsePrefix
	tests := []struct {
		name    string
		f       Family
		addPath bool
		hex     string
		want    NLRI
		text    string
	}{
		{
			name: "ipv4 unicast /32 with path id (conf-path-information)",
			f:    IPv4Unicast, addPath: true,
			hex:  "00000001 20 0A00000A", // path id 0.0.0.1, /32, 10.0.0.10
			want: Prefix{Fam: IPv4Unicast, Prefix: p("10.0.0.10/32"), PathID: 1},
			text: "10.0.0.10/32 path-information 0.0.0.1",
		},
		{
			name: "ipv4 unicast path id 1.2.3.4 (conf-addpath)",
			f:    IPv4Unicast, addPath: true,
			hex:  "01020304 20 C1000201",
			want: Prefix{Fam: IPv4Unicast, Prefix: p("193.0.2.1/32"), PathID: 0x01020304},
			text: "193.0.2.1/32 path-information 1.2.3.4",
		},
		{
			name: "ipv4 default route",
			f:    IPv4Unicast,
			hex:  "00",
			want: Prefix{Fam: IPv4Unicast, Prefix: p("0.0.0.0/0")},
			text: "0.0.0.0/0",
		},
		{
			name: "ipv6 /127",
			f:    IPv6Unicast,
			hex:  "7F 20010DB8000000000000000000000000",
			want: Prefix{Fam: IPv6Unicast, Prefix: p("2001:db8::/127")},
			text: "2001:db8::/127",
		},
		{
			name: "vpnv4 with path id (conf-addpath)",
			f:    IPv4VPN, addPath: true,
			// path id 0, 112 bits = label 20012 bos + rd 100:100 + /24
			hex:  "00000000 70 04E2C1 0000006400000064 0A0000",
			want: VPNPrefix{Fam: IPv4VPN, Prefix: p("10.0.0.0/24"), Labels: NewLabelStack(20012), RD: NewRD0(100, 100)},
			text: "10.0.0.0/24 label 20012 rd 100:100",
		},
		{
			name: "labeled withdraw label 0x800000",
			f:    IPv4MPLS,
			hex:  "28 800000 0A0B", // 40 bits: withdraw entry (24) + /16
			want: LabeledPrefix{Fam: IPv4MPLS, Prefix: p("10.11.0.0/16"), Labels: LabelStack{WithdrawLabel}},
			text: "10.11.0.0/16 label 524288",
		},
		{
			name: "labeled without label",
			f:    IPv6MPLS,
			hex:  "10 2001",
			want: LabeledPrefix{Fam: IPv6MPLS, Prefix: p("2001::/16")},
			text: "2001::/16",
		},
		{
			name: "rtc wildcard",
			f:    IPv4RTC,
			hex:  "00",
			want: RTC{Wildcard: true},
			text: "rtc wildcard",
		},
		{
			name: "rtc route target",
			f:    IPv4RTC,
			hex:  "60 0000FDE8 0002FDE800000064", // 96 bits, origin 65000, target:65000:100
			want: RTC{Origin: 65000, RouteTarget: [8]byte{0, 2, 0xfd, 0xe8, 0, 0, 0, 100}},
			text: "rtc 65000:target:65000:100",
		},
		{
			name: "vpls",
			f:    L2VPNVPLS,
			hex:  "0011 0001C0A8C901007B 0005 0001 0008 029CE1",
			want: VPLS{RD: NewRD1(a("192.168.201.1"), 123), Endpoint: 5, Offset: 1, Size: 8, Base: 10702},
			text: "vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8",
		},
		{
			name: "flow-vpn ipv4 (conf-flow)",
			f:    IPv4FlowVPN,
			hex:  "0E 0000FFFF00010000 02 20 0A000001",
			want: Flow{Fam: IPv4FlowVPN, RD: NewRD0(65535, 65536), Rules: []FlowRule{NewFlowPrefixRule(FlowSource, p("10.0.0.1/32"), 0)}},
			text: "flow source-ipv4 10.0.0.1/32 rd 65535:65536",
		},
		{
			name: "bgp-ls kept raw",
			f:    BGPLS,
			hex:  "0002 0005 0102030405",
			want: RawNLRI{Fam: BGPLS, Data: []byte{0, 2, 0, 5, 1, 2, 3, 4, 5}},
			text: "bgp-ls bgp-ls 0x000200050102030405",
		},
		{
			name: "sr-policy ipv4",
			f:    IPv4SRPolicy,
			hex:  "60 00000001 00000064 0A000001", // 96 bits: distinguisher, color, endpoint
			want: SRPolicy{Fam: IPv4SRPolicy, Distinguisher: 1, Color: 100, Endpoint: netip.MustParseAddr("10.0.0.1")},
			text: "distinguisher 1 color 100 endpoint 10.0.0.1",
		},
		{
			name: "sr-policy ipv6",
			f:    IPv6SRPolicy,
			hex:  "C0 00000002 FFFFFFFF 20010DB8000000000000000000000001",
			want: SRPolicy{Fam: IPv6SRPolicy, Distinguisher: 2, Color: 4294967295, Endpoint: netip.MustParseAddr("2001:db8::1")},
			text: "distinguisher 2 color 4294967295 endpoint 2001:db8::1",
		},
		{
			name:    "sr-policy ipv4 add-path",
			f:       IPv4SRPolicy,
			addPath: true,
			hex:     "00000007 60 00000001 00000064 0A000001",
			want:    SRPolicy{Fam: IPv4SRPolicy, Distinguisher: 1, Color: 100, Endpoint: netip.MustParseAddr("10.0.0.1"), PathID: 7},
			text:    "distinguisher 1 color 100 endpoint 10.0.0.1 path-information 0.0.0.7",
		},
		{
			name:    "sr-policy ipv6 add-path",
			f:       IPv6SRPolicy,
			addPath: true,
			hex:     "00000007 C0 FFFFFFFF 00000002 20010DB8000000000000000000000001",
			want:    SRPolicy{Fam: IPv6SRPolicy, Distinguisher: 0xFFFFFFFF, Color: 2, Endpoint: netip.MustParseAddr("2001:db8::1"), PathID: 7},
			text:    "distinguisher 4294967295 color 2 endpoint 2001:db8::1 path-information 0.0.0.7",
		},
		{
			name: "sr-policy of a wrong length kept raw",
			f:    IPv4SRPolicy,
			hex:  "40 00000001 00000064", // 64 bits: no endpoint
			want: RawNLRI{Fam: IPv4SRPolicy, Data: []byte{0x40, 0, 0, 0, 1, 0, 0, 0, 100}},
			text: "ipv4 sr-policy 0x400000000100000064",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wire := unhex(t, tt.hex)
			got, rest, err := DecodeNLRI(tt.f, wire, tt.addPath)
			require.NoError(t, err)
			assert.Empty(t, rest)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.text, got.String())
			b, err := tt.want.AppendNLRI(nil, tt.addPath)
			require.NoError(t, err)
			assert.Equal(t, wire, b)
		})
	}
}

func TestMPReachAddPathAndExtNextHop(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		o    Options
		want string
	}{
		{
			name: "vpnv4 add-path (conf-addpath)",
			msg:  "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0066:02:0000004F40010100400200400304C0A8000140050400000064C0101000020000000000000002000100000001800E240001800C0000000000000000C0A80001000000000A7004E2C100000064000000640A0000",
			o:    Options{AddPath: map[Family]bool{IPv4VPN: true}},
			want: "10.0.0.0/24 path-information 0.0.0.10 label 20012 next-hop 192.168.0.1 rd 100:100",
		},
		{
			name: "ipv4 unicast with ipv6 next hop (extended-nexthop)",
			msg:  "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0042:02:0000002B4001010040020040050400000064800E1A000101100BADCAFE0BADCAFE0BADCAFE0BADCAFE002099999999",
			o:    Options{ExtNextHop: map[Family]AFI{IPv4Unicast: AFIIPv6}},
			want: "153.153.153.153/32 next-hop bad:cafe:bad:cafe:bad:cafe:bad:cafe",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := findAttr(t, unhex(t, tt.msg), AttrMPReach)
			got, err := DecodeMPReach(raw.value, tt.o)
			require.NoError(t, err)
			m := got.(MPReach)
			require.Len(t, m.NLRI, 1)
			assert.Equal(t, tt.want, NLRIText(m.NLRI[0], m.NextHop))
			v, err := m.AppendValue(nil, tt.o)
			require.NoError(t, err)
			assert.Equal(t, raw.value, v)
		})
	}
}

func TestMPReachNextHopForms(t *testing.T) {
	a := netip.MustParseAddr
	p := netip.MustParsePrefix
	tests := []struct {
		name string
		m    MPReach
		hex  string
	}{
		{"flow no next hop", MPReach{Family: IPv4Flow, NLRI: []NLRI{NewFlow(IPv4Flow, NewFlowPrefixRule(FlowDestination, p("10.0.0.1/32"), 0))}},
			"0001 85 00 00 06 0120 0A000001"},
		{"vpnv4 rd+ipv4", MPReach{Family: IPv4VPN, NextHop: a("1.2.3.4")},
			"0001 80 0C 0000000000000000 01020304 00"},
		{"vpnv6 rd+ipv6+link-local", MPReach{Family: IPv6VPN, NextHop: a("2001:db8::1"), LinkLocal: a("fe80::1")},
			"0002 80 28 0000000000000000 20010DB8000000000000000000000001 FE800000000000000000000000000001 00"},
		{"vpnv4 rd+ipv6 (extended next hop)", MPReach{Family: IPv4VPN, NextHop: a("2001:db8::1")},
			"0001 80 18 0000000000000000 20010DB8000000000000000000000001 00"},
		{"ipv6 global+link-local", MPReach{Family: IPv6Unicast, NextHop: a("2001:db8::1"), LinkLocal: a("fe80::1")},
			"0002 01 20 20010DB8000000000000000000000001 FE800000000000000000000000000001 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.m.AppendValue(nil, Options{})
			require.NoError(t, err)
			assert.Equal(t, unhex(t, tt.hex), v)
			got, err := DecodeMPReach(v, Options{})
			require.NoError(t, err)
			want := tt.m
			assert.Equal(t, want, got)
		})
	}
	t.Run("rfc 4659 48-byte next hop decodes", func(t *testing.T) {
		v := unhex(t, "0002 80 30 0000000000000000 20010DB8000000000000000000000001 0000000000000000 FE800000000000000000000000000001 00")
		got, err := DecodeMPReach(v, Options{})
		require.NoError(t, err)
		assert.Equal(t, MPReach{Family: IPv6VPN, NextHop: a("2001:db8::1"), LinkLocal: a("fe80::1")}, got)
	})
	t.Run("non-zero next hop rd is refused", func(t *testing.T) {
		_, err := DecodeMPReach(unhex(t, "0001 80 0C 0000000000000001 01020304 00"), Options{})
		assert.Error(t, err)
	})
	t.Run("bad next hop length", func(t *testing.T) {
		_, err := DecodeMPReach(unhex(t, "0001 01 05 0102030405 00"), Options{})
		assert.Error(t, err)
	})
	t.Run("unknown family", func(t *testing.T) {
		_, err := DecodeMPReach(unhex(t, "0001 FA 04 01020304 00 20 01020304"), Options{})
		assert.Error(t, err)
	})
	t.Run("nlri of another family", func(t *testing.T) {
		_, err := MPReach{Family: IPv6Unicast, NextHop: a("::1"), NLRI: []NLRI{NewPrefix(p("10.0.0.0/8"))}}.AppendValue(nil, Options{})
		assert.Error(t, err)
	})
}

func TestMPUnreachWithdraw(t *testing.T) {
	// api-vpnv4 withdraw: labels kept as announced.
	msg := "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0052:02:0000003B400101004002004003046501650140050400000064C0080400640001C010080002FDE900000001800F1100018068003E810000FDE8000000010104"
	raw := findAttr(t, unhex(t, msg), AttrMPUnreach)
	assert.Equal(t, FlagOptional, raw.flags)
	got, err := DecodeMPUnreach(raw.value, Options{})
	require.NoError(t, err)
	want := MPUnreach{Family: IPv4VPN, NLRI: []NLRI{VPNPrefix{Fam: IPv4VPN, Prefix: netip.MustParsePrefix("1.4.0.0/16"), Labels: NewLabelStack(1000), RD: NewRD0(65000, 1)}}}
	assert.Equal(t, want, got)
	assert.Equal(t, FlagOptional, want.Flags())
	b, err := appendAttrHeader(nil, want, Options{})
	require.NoError(t, err)
	assert.Equal(t, append([]byte{0x80, 0x0f, byte(len(raw.value))}, raw.value...), b)
}

func TestRD(t *testing.T) {
	tests := []struct {
		in   string
		hex  string
		text string
	}{
		{"65000:1", "0000FDE800000001", "65000:1"},
		{"65535:65536", "0000FFFF00010000", "65535:65536"},
		{"1.2.3.4:5", "0001010203040005", "1.2.3.4:5"},
		{"4200000000:7", "0002FA56EA000007", "4200000000:7"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := ParseRD(tt.in)
			require.NoError(t, err)
			assert.Equal(t, unhex(t, tt.hex), r[:])
			assert.Equal(t, tt.text, r.String())
		})
	}
	assert.Equal(t, "0x0003000000000001", RD{0, 3, 0, 0, 0, 0, 0, 1}.String())
	for _, bad := range []string{"", "1", "x:1", "70000:70000", "1.2.3.4:70000", "1.2.3:1"} {
		_, err := ParseRD(bad)
		assert.Error(t, err, bad)
	}
}

func TestLabelStack(t *testing.T) {
	s := NewLabelStack(100, 200)
	assert.Equal(t, unhex(t, "000640 000C81"), s.AppendLabels(nil))
	assert.Equal(t, []uint32{100, 200}, s.Values())
	assert.Equal(t, " label [ 100 200 ]", s.String())
	assert.Equal(t, " label 7", NewLabelStack(7).String())
	assert.Equal(t, "", LabelStack(nil).String())
	assert.True(t, s[1].BOS())
	assert.False(t, s[0].BOS())
	assert.Equal(t, uint32(0xC81), s[1].Raw())
}

func TestFlowEncoding(t *testing.T) {
	p := netip.MustParsePrefix
	t.Run("rules sorted by type, same-type terms merged, eol on last", func(t *testing.T) {
		f := NewFlow(IPv4Flow,
			NewFlowOpsRule(FlowDestPort, FlowOp{Op: FlowEQ, Value: 80}),
			NewFlowPrefixRule(FlowDestination, p("10.0.0.0/24"), 0),
			NewFlowOpsRule(FlowDestPort, FlowOp{Op: FlowEQ, Value: 443}),
		)
		b, err := f.AppendNLRI(nil, true) // add-path ignored, as ExaBGP
		require.NoError(t, err)
		// len, dest /24, dest-port: =80 (1 byte), =443 (2 bytes, eol)
		assert.Equal(t, unhex(t, "0B 0118 0A0000 05 0150 9101BB"), b)
		assert.Equal(t, "flow destination-ipv4 10.0.0.0/24 destination-port [ =80 =443 ]", f.String())
		got, rest, err := DecodeFlow(IPv4Flow, b, false)
		require.NoError(t, err)
		assert.Empty(t, rest)
		assert.Equal(t, "flow destination-ipv4 10.0.0.0/24 destination-port [ =80 =443 ]", got.String())
	})
	t.Run("value lengths", func(t *testing.T) {
		f := NewFlow(IPv6Flow, NewFlowOpsRule(FlowLabel, FlowOp{Op: FlowEQ, Value: 0x12345}))
		b, err := f.AppendNLRI(nil, false)
		require.NoError(t, err)
		assert.Equal(t, unhex(t, "06 0D A1 00012345"), b)
		// Beyond what ExaBGP's configuration accepts: the length the value needs.
		b, err = NewFlow(IPv4Flow, NewFlowOpsRule(FlowProtocol, FlowOp{Op: FlowEQ, Value: 256})).AppendNLRI(nil, false)
		require.NoError(t, err)
		assert.Equal(t, unhex(t, "04 03 91 0100"), b)
		assert.Equal(t, uint64(255), FlowProtocol.MaxValue())
		_, err = NewFlow(IPv4Flow, NewFlowOpsRule(FlowLabel, FlowOp{Op: FlowEQ, Value: 1})).AppendNLRI(nil, false)
		assert.Error(t, err, "flow-label is ipv6 only")
		_, err = NewFlow(IPv4Flow, NewFlowPrefixRule(FlowDestination, p("::/0"), 0)).AppendNLRI(nil, false)
		assert.Error(t, err, "ipv6 prefix in ipv4 flow")
	})
	t.Run("two-byte length", func(t *testing.T) {
		var ops []FlowOp
		for i := range 130 {
			ops = append(ops, FlowOp{Op: FlowEQ, Value: uint64(i)})
		}
		f := NewFlow(IPv4Flow, NewFlowOpsRule(FlowPort, ops...))
		b, err := f.AppendNLRI(nil, false)
		require.NoError(t, err)
		// 1 type byte + 130 terms of 2 bytes = 261 = 0x105
		assert.Equal(t, []byte{0xf1, 0x05}, b[:2])
		assert.Len(t, b, 263)
		got, rest, err := DecodeFlow(IPv4Flow, append(b, 0xaa), false)
		require.NoError(t, err)
		assert.Equal(t, []byte{0xaa}, rest)
		assert.Equal(t, f.String(), got.String())
	})
	t.Run("out of order components refused", func(t *testing.T) {
		_, _, err := DecodeFlow(IPv4Flow, unhex(t, "06 0581 50 0381 06"), false)
		assert.Error(t, err)
	})
	t.Run("groups for json", func(t *testing.T) {
		f := NewFlow(IPv4Flow, NewFlowOpsRule(FlowDestPort,
			FlowOp{Op: FlowGT, Value: 8080}, FlowOp{Op: FlowAnd | FlowLT, Value: 8088}, FlowOp{Op: FlowEQ, Value: 3128}))
		assert.Equal(t, []FlowGroup{{Name: "destination-port", Terms: []string{">8080&<8088", "=3128"}, Count: 3}}, f.Groups())
	})
}

func TestFlowParseValue(t *testing.T) {
	tests := []struct {
		t    FlowType
		in   string
		want uint64
	}{
		{FlowProtocol, "tcp", 6},
		{FlowProtocol, "UDP", 17},
		{FlowProtocol, "47", 47},
		{FlowTCPFlags, "syn+ack", 0x12},
		{FlowTCPFlags, "urgent", 0x20},
		{FlowFragment, "is-fragment", 2},
		{FlowICMPType, "echo-request", 8},
		{FlowICMPCode, "port-unreachable", 3},
		{FlowDestPort, "0x50", 80},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, err := tt.t.ParseValue(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, v)
		})
	}
	_, err := FlowProtocol.ParseValue("nope")
	assert.Error(t, err)
}
