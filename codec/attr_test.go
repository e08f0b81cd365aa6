package codec

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	asn4 = Options{ASN4: true}
	asn2 = Options{}
)

// TestAttributesGolden checks each attribute both ways: decode the value
// of the golden bytes, compare with the Go value, append the Go value,
// compare with the bytes (header included), and the text form.
func TestAttributesGolden(t *testing.T) {
	ip := netip.MustParseAddr
	tests := []struct {
		name string
		attr Attribute
		o    Options
		hex  string // flags, code, length, value
		str  string
	}{
		{"origin igp", OriginIGP, asn4, "40 01 01 00", "igp"},
		{"origin egp", OriginEGP, asn4, "40 01 01 01", "egp"},
		{"origin incomplete", OriginIncomplete, asn4, "40 01 01 02", "incomplete"},
		{"empty as-path", ASPath{}, asn4, "40 02 00", "[ ]"},
		{"as-path asn4", NewASPath([]uint32{65000, 4200000000}, nil, nil, nil), asn4, "40 02 0A 02 02 0000FDE8 FA56EA00", "[ 65000 4200000000 ]"},
		{"as-path asn2", NewASPath([]uint32{1, 2, 3}, nil, nil, nil), asn2, "40 02 08 02 03 0001 0002 0003", "[ 1 2 3 ]"},
		{
			"as-path sequence and set", NewASPath([]uint32{1, 2}, []uint32{3, 4}, nil, nil), asn4,
			"40 02 14 02 02 00000001 00000002 01 02 00000003 00000004", "[ 1 2 ( 3 4 ) ]",
		},
		{
			"as-path confederation first", NewASPath([]uint32{1}, nil, []uint32{65001}, []uint32{65002}), asn4,
			"40 02 12 03 01 0000FDE9 04 01 0000FDEA 02 01 00000001", "[ 1 ][ 65001 ( 65002 ) ]",
		},
		{"as-path set only", ASPath{{ASSet, []uint32{7}}}, asn4, "40 02 06 01 01 00000007", "[ ( 7 )]"},
		{"next-hop", NextHop(ip("192.0.2.1")), asn4, "40 03 04 C0000201", "192.0.2.1"},
		{"med", MED(100), asn4, "80 04 04 00000064", "100"},
		{"local-preference", LocalPref(200), asn4, "40 05 04 000000C8", "200"},
		{"atomic-aggregate", AtomicAggregate{}, asn4, "40 06 00", ""},
		{"aggregator asn4", Aggregator{65000, ip("1.2.3.4")}, asn4, "C0 07 08 0000FDE8 01020304", "65000:1.2.3.4"},
		{"aggregator asn2", Aggregator{65000, ip("1.2.3.4")}, asn2, "C0 07 06 FDE8 01020304", "65000:1.2.3.4"},
		{
			"communities", Communities{NewCommunity(65000, 1), CommunityNoExport, 0x00010002}, asn4,
			"C0 08 0C FDE80001 FFFFFF01 00010002", "[ 1:2 65000:1 no-export ]",
		},
		{"community well-known", Communities{CommunityBlackhole}, asn4, "C0 08 04 FFFF029A", "blackhole"},
		{"originator-id", OriginatorID(ip("10.0.0.1")), asn4, "80 09 04 0A000001", "10.0.0.1"},
		{"cluster-list", ClusterList{ip("1.1.1.1"), ip("2.2.2.2")}, asn4, "80 0A 08 01010101 02020202", "[ 1.1.1.1 2.2.2.2 ]"},
		{
			"extended communities", ExtendedCommunities{NewRouteTargetAS2(65000, 1), NewRouteOriginIP(ip("1.2.3.4"), 5)}, asn4,
			"C0 10 10 0002FDE800000001 0103010203040005", "[ target:65000:1 origin:1.2.3.4:5 ]",
		},
		{"as4-path", AS4Path{{ASSequence, []uint32{4200000000}}}, asn2, "C0 11 06 02 01 FA56EA00", "[ 4200000000 ]"},
		{"as4-aggregator", AS4Aggregator{4200000000, ip("1.2.3.4")}, asn2, "C0 12 08 FA56EA00 01020304", "4200000000:1.2.3.4"},
		{
			"pmsi ingress replication", NewPMSIIngressReplication(ip("10.0.0.1"), 100, 0), asn4,
			"C0 16 09 00 06 000640 0A000001", "pmsi:ingressreplication:0:100(1600):10.0.0.1",
		},
		{
			"ipv6 extended community", IPv6ExtendedCommunities{NewRedirectToNextHopIETFv6(ip("2a02:b80:0:1::1"), false)}, asn4,
			"C0 19 14 000C 2A020B80000000010000000000000001 0000", "redirect-to-nexthop-ietf 2a02:b80:0:1::1",
		},
		{"aigp", AIGP(100), asn4, "80 1A 0B 01 000B 0000000000000064", "0x0000000000000064"},
		{
			"bgp-ls", BGPLSAttribute{{1026, []byte("r1")}, {1155, []byte{0, 0, 0, 10}}}, asn4,
			"80 1D 0E 0402 0002 7231 0483 0004 0000000A", "",
		},
		{
			"large communities", LargeCommunities{{65000, 1, 2}, {1, 2, 3}}, asn4,
			"C0 20 18 0000FDE8 00000001 00000002 00000001 00000002 00000003", "[ 1:2:3 65000:1:2 ]",
		},
		{
			"prefix-sid label index", PrefixSID{SIDLabelIndex{Index: 777}}, asn4,
			"C0 28 0A 01 0007 00 0000 00000309", "[ 777 ]",
		},
		{
			"prefix-sid label index and srgb",
			PrefixSID{SIDLabelIndex{Index: 300}, SIDOriginatorSRGB{Ranges: []SRGBRange{{800000, 4096}, {1000000, 5000}}}}, asn4,
			"C0 28 1B 01 0007 00 0000 0000012C 03 000E 0000 0C3500 001000 0F4240 001388",
			"[ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]",
		},
		{
			"prefix-sid srv6 l3vpn", PrefixSID{SIDSRv6L3VPN{ip("2001:1::20")}}, asn4,
			"C0 28 18 05 0015 00 20010001000000000000000000000020 00 FFFF 00", "[ None ]",
		},
		{
			// ExaBGP 5.0 suite (conf-srv6-mup): l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0]
			"prefix-sid srv6 l3 service with structure",
			PrefixSID{SIDSRv6Service{Type: 5, Infos: []SRv6SIDInformation{{SID: ip("2001:db8:1:1::"), Behavior: 0x48, Structure: &SRv6SIDStructure{64, 24, 16, 0, 0, 0}}}}}, asn4,
			// type 5, length 34, reserved; sub-tlv 1, length 30, reserved, sid,
			// flags, behavior, reserved; sub-sub-tlv 1, length 6, the lengths
			"C0 28 25 05 0022 00 01 001E 00 20010DB8000100010000000000000000 00 0048 00 01 0006 401810000000", "[ None ]",
		},
		{
			"prefix-sid srv6 l2 service without structure",
			PrefixSID{SIDSRv6Service{Type: 6, Infos: []SRv6SIDInformation{{SID: ip("2001:4::"), Behavior: 0xFFFF}}}}, asn4,
			"C0 28 1C 06 0019 00 01 0015 00 20010004000000000000000000000000 00 FFFF 00", "[ None ]",
		},
		{
			"prefix-sid srv6 vpn", PrefixSID{SIDSRv6VPN{ip("2001:1::10")}}, asn4,
			"C0 28 16 04 0013 000000 20010001000000000000000000000010", "[ None ]",
		},
		{"generic", Generic{AttrCode: 153, AttrFlags: 0x60, Value: []byte{1, 2}}, asn4, "60 99 02 0102", "0x0102"},
		{"generic keeps extended length", Generic{AttrCode: 153, AttrFlags: 0x70, Value: []byte{1}}, asn4, "70 99 0001 01", "0x01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := unhex(t, tt.hex)
			b, err := AppendAttribute(nil, tt.attr, tt.o)
			require.NoError(t, err)
			assert.Equal(t, raw, b)

			got, err := DecodeAttributes(raw, tt.o)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, tt.attr, got[0])
			if s, ok := tt.attr.(interface{ String() string }); ok {
				assert.Equal(t, tt.str, s.String())
			}
		})
	}
}

func TestAttributeExtendedLength(t *testing.T) {
	// Over 255 bytes of value: the extended-length bit is set and the
	// length takes 2 bytes, as ExaBGP does.
	cs := make(Communities, 64) // 256 bytes
	b, err := AppendAttribute(nil, cs, asn4)
	require.NoError(t, err)
	assert.Equal(t, unhex(t, "D0 08 0100"), b[:4])
	assert.Len(t, b, 4+256)
	got, err := DecodeAttributes(b, asn4)
	require.NoError(t, err)
	assert.Equal(t, []Attribute{cs}, got)

	// 255 bytes still fit in one length byte.
	g := Generic{AttrCode: 200, AttrFlags: 0xC0, Value: make([]byte, 255)}
	b, err = AppendAttribute(nil, g, asn4)
	require.NoError(t, err)
	assert.Equal(t, unhex(t, "C0 C8 FF"), b[:3])

	// The End-of-RIB MP_UNREACH_NLRI carries the bit though short.
	b, err = AppendAttribute(nil, EOR(IPv6Unicast), asn4)
	require.NoError(t, err)
	assert.Equal(t, unhex(t, "90 0F 0003 0002 01"), b)
}

func TestAttributeEmptyOptionalSkipped(t *testing.T) {
	// ExaBGP writes nothing for an optional attribute with no value.
	for _, a := range []Attribute{Communities{}, ExtendedCommunities{}, LargeCommunities{}, ClusterList{}} {
		b, err := AppendAttribute([]byte{9}, a, asn4)
		require.NoError(t, err)
		assert.Equal(t, []byte{9}, b, "%T", a)
	}
}

func TestASTrans(t *testing.T) {
	ip := netip.MustParseAddr
	path := NewASPath([]uint32{65000, 4200000000, 1}, nil, nil, nil)
	agg := Aggregator{4200000000, ip("1.2.3.4")}
	attrs := []Attribute{agg, MED(5), path, OriginIGP}
	// A 2-byte AS peer: AS_PATH with AS_TRANS then AS4_PATH right after it,
	// AGGREGATOR with AS_TRANS then AS4_AGGREGATOR right after it (ExaBGP
	// appends them there, not in code order).
	want := unhex(t, "40 01 01 00"+
		"40 02 08 02 03 FDE8 5BA0 0001"+
		"C0 11 0E 02 03 0000FDE8 FA56EA00 00000001"+
		"80 04 04 00000005"+
		"C0 07 06 5BA0 01020304"+
		"C0 12 08 FA56EA00 01020304")
	b, err := AppendAttributes(nil, attrs, asn2)
	require.NoError(t, err)
	assert.Equal(t, want, b)

	// Decoding merges them back (RFC 6793 section 4.2.3).
	got, err := DecodeAttributes(want, asn2)
	require.NoError(t, err)
	assert.Equal(t, []Attribute{OriginIGP, path, MED(5), agg}, got)

	// A literal AS 23456 also makes ExaBGP add AS4_PATH.
	b, err = AppendAttribute(nil, NewASPath([]uint32{ASTrans}, nil, nil, nil), asn2)
	require.NoError(t, err)
	assert.Equal(t, unhex(t, "40 02 04 02 01 5BA0 C0 11 06 02 01 00005BA0"), b)

	// No 4-byte AS: no AS4 attributes.
	b, err = AppendAttributes(nil, []Attribute{NewASPath([]uint32{1}, nil, nil, nil), Aggregator{1, ip("1.1.1.1")}}, asn2)
	require.NoError(t, err)
	assert.Equal(t, unhex(t, "40 02 04 02 01 0001 C0 07 06 0001 01010101"), b)

	// A 4-byte AS session never sends them.
	b, err = AppendAttributes(nil, attrs, asn4)
	require.NoError(t, err)
	assert.NotContains(t, string(b), string([]byte{0xC0, 0x11}))
}

func TestMergeAS4Path(t *testing.T) {
	seq := func(asns ...uint32) ASPathSegment { return ASPathSegment{ASSequence, asns} }
	tests := []struct {
		name string
		p    ASPath
		p4   AS4Path
		want ASPath
	}{
		{"whole path", ASPath{seq(1, ASTrans)}, AS4Path{seq(1, 70000)}, ASPath{seq(1, 70000)}},
		{"tail only", ASPath{seq(5, 6, ASTrans)}, AS4Path{seq(6, 70000)}, ASPath{seq(5), seq(6, 70000)}},
		{"as4 longer is ignored", ASPath{seq(ASTrans)}, AS4Path{seq(1, 70000)}, ASPath{seq(ASTrans)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mergeASPath(tt.p, tt.p4))
		})
	}
	// AS4_PATH is ignored when AGGREGATOR is not AS_TRANS but AS4_AGGREGATOR is there.
	attrs := []Attribute{ASPath{seq(ASTrans)}, Aggregator{AS: 1, Address: netip.MustParseAddr("1.1.1.1")},
		AS4Path{seq(70000)}, AS4Aggregator{AS: 70000, Address: netip.MustParseAddr("1.1.1.1")}}
	got := mergeAS4(attrs)
	assert.Equal(t, []Attribute{ASPath{seq(ASTrans)}, Aggregator{AS: 1, Address: netip.MustParseAddr("1.1.1.1")}}, got)
}

func TestAppendAttributesOrder(t *testing.T) {
	// ExaBGP: by code, MP_UNREACH_NLRI then MP_REACH_NLRI last.
	attrs := []Attribute{
		MPReach{Family: IPv6Unicast, NextHop: netip.MustParseAddr("::1")},
		ExtendedCommunities{NewRouteTargetAS2(1, 1)},
		EOR(IPv6Unicast),
		LocalPref(100),
		OriginIGP,
		Generic{AttrCode: 99, AttrFlags: 0xC0, Value: []byte{1}},
		ASPath{},
	}
	b, err := AppendAttributes(nil, attrs, asn4)
	require.NoError(t, err)
	var codes []AttrCode
	for _, a := range updateAttrsRaw(t, b) {
		codes = append(codes, a.code)
	}
	assert.Equal(t, []AttrCode{1, 2, 5, 16, 99, 15, 14}, codes)
	// The input is not reordered.
	assert.Equal(t, AttrMPReach, attrs[0].Code())
}

// updateAttrsRaw splits an attribute list.
func updateAttrsRaw(t *testing.T, a []byte) []rawAttr {
	t.Helper()
	msg := append(append(unhex(t, hdr+"0000 02 0000"), byte(len(a)>>8), byte(len(a))), a...)
	return updateAttrs(t, msg)
}

func TestWithDefaults(t *testing.T) {
	nh := NextHop(netip.MustParseAddr("1.1.1.1"))
	nh6 := NextHop(netip.MustParseAddr("::1"))
	assert.Equal(t, []Attribute{nh, OriginIGP, ASPath{}, LocalPref(100)}, WithDefaults([]Attribute{nh}, 65000, 65000))
	assert.Equal(t, []Attribute{nh, OriginIGP, ASPath{{ASSequence, []uint32{65000}}}},
		WithDefaults([]Attribute{nh, LocalPref(300)}, 65000, 65001))
	path := NewASPath([]uint32{1, 2}, nil, nil, nil)
	assert.Equal(t, []Attribute{OriginEGP, path, LocalPref(50)},
		WithDefaults([]Attribute{OriginEGP, nh6, path, LocalPref(50)}, 1, 1))
}

func TestASPathLongSegmentSplit(t *testing.T) {
	asns := make([]uint32, 300)
	for i := range asns {
		asns[i] = uint32(i + 1)
	}
	b, err := AppendAttribute(nil, NewASPath(asns, nil, nil, nil), asn4)
	require.NoError(t, err)
	// 2 + 255*4 + 2 + 45*4 = 1204 bytes: extended length, two segments.
	assert.Equal(t, unhex(t, "50 02 04B4 02 FF 00000001"), b[:10])
	assert.Equal(t, unhex(t, "02 2D 00000100"), b[4+2+255*4:][:6])
	got, err := DecodeAttributes(b, asn4)
	require.NoError(t, err)
	assert.Equal(t, ASPath{{ASSequence, asns[:255]}, {ASSequence, asns[255:]}}, got[0])
	assert.Equal(t, 300, got[0].(ASPath).Len())
}
