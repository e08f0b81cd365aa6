package codec

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBGPLSAttributeTLVs checks the typed TLVs of the captured UPDATEs'
// BGP-LS attributes, their text, and that NewBGPLSAttribute rebuilds the
// raw attribute from them.
func TestBGPLSAttributeTLVs(t *testing.T) {
	addr := netip.MustParseAddr
	tests := []struct {
		golden string
		want   []BGPLSAttrTLV
		text   []string
	}{
		{"node-isis", []BGPLSAttrTLV{
			BGPLSFlags{BGPLSTLVNodeFlags, 0x80},
			BGPLSName{BGPLSTLVNodeName, "router1"},
			BGPLSOpaque{BGPLSTLVISISArea, []byte{0x49, 0, 1}},
			BGPLSAddress{BGPLSTLVLocalRouterID4, addr("1.1.1.1")},
			BGPLSSRCapabilities{TLV: BGPLSTLVSRCapabilities, Flags: 0x80, Ranges: []BGPLSSRRange{{Size: 4096, SID: 256000}}},
			BGPLSSRAlgorithms{0, 1},
		}, []string{
			"node-flags 0x80", `node-name "router1"`, "isis-area 0x490001", "local-router-id 1.1.1.1",
			"sr-capabilities flags 0x80 [ 4096@256000 ]", "sr-algorithms [ 0 1 ]",
		}},
		{"link-ospf", []BGPLSAttrTLV{
			BGPLSAddress{BGPLSTLVRemoteRouterID4, addr("2.2.2.2")},
			BGPLSUint32{BGPLSTLVAdminGroup, 0xff},
			BGPLSBandwidth{BGPLSTLVMaxBandwidth, 125000000},
			BGPLSBandwidth{BGPLSTLVMaxReservableBW, 62500000},
			BGPLSUnreservedBandwidth{1000, 2000, 0, 0, 0, 0, 0, 1.5},
			BGPLSUint32{BGPLSTLVTEMetric, 20},
			BGPLSLinkProtection{Flags: 0x20},
			BGPLSFlags{BGPLSTLVMPLSMask, 0x80},
			BGPLSIGPMetric{10, 2},
			BGPLSUint32List{BGPLSTLVSRLG, []uint32{1, 2}},
			BGPLSName{BGPLSTLVLinkName, "eth0"},
		}, []string{
			"remote-router-id 2.2.2.2", "admin-group 255", "maximum-bandwidth 1.25e+08",
			"maximum-reservable-bandwidth 6.25e+07", "unreserved-bandwidth [ 1000 2000 0 0 0 0 0 1.5 ]",
			"te-metric 20", "link-protection 0x20", "mpls-mask 0x80", "igp-metric 10", "srlg [ 1 2 ]", `link-name "eth0"`,
		}},
		{"link-isis-ipv6", []BGPLSAttrTLV{
			BGPLSAddress{BGPLSTLVLocalRouterID6, addr("2001:db8::1")},
			BGPLSAddress{BGPLSTLVRemoteRouterID6, addr("2001:db8::2")},
			BGPLSIGPMetric{10, 3},
			BGPLSAdjSID{TLV: BGPLSTLVLANAdjSID, Flags: 0x30, Weight: 1, NeighborID: []byte{0, 0, 0, 0, 1, 2}, SID: []byte{0, 0x3e, 0x82}},
		}, []string{
			"local-router-id 2001:db8::1", "remote-router-id 2001:db8::2", "igp-metric 10",
			"lan-adj-sid flags 0x30 weight 1 neighbor 0x000000000102 sid label 16002",
		}},
		{"link-adj-sid", []BGPLSAttrTLV{
			BGPLSAdjSID{TLV: BGPLSTLVAdjSID, Flags: 0x30, Weight: 10, SID: []byte{0, 0x3e, 0x81}},
		}, []string{"adj-sid flags 0x30 weight 10 sid label 16001"}},
		{"prefix-v4-ospf", []BGPLSAttrTLV{
			BGPLSFlags{BGPLSTLVIGPFlags, 0x80},
			BGPLSUint32List{BGPLSTLVRouteTags, []uint32{100, 200}},
			BGPLSExtendedRouteTags{300},
			BGPLSUint32{BGPLSTLVPrefixMetric, 10},
			BGPLSAddress{BGPLSTLVOSPFForwardingAddr, addr("10.0.0.9")},
			BGPLSPrefixSID{Flags: 0x40, SID: []byte{0, 0, 0, 7}},
			BGPLSFlags{BGPLSTLVPrefixAttrFlags, 0x40},
			BGPLSAddress{BGPLSTLVSourceRouterID, addr("1.1.1.1")},
		}, []string{
			"igp-flags 0x80", "route-tags [ 100 200 ]", "extended-route-tags [ 300 ]", "prefix-metric 10",
			"ospf-forwarding-address 10.0.0.9", "prefix-sid flags 0x40 algorithm 0 sid index 7",
			"prefix-attribute-flags 0x40", "source-router-id 1.1.1.1",
		}},
		{"unknown-attr-tlv", []BGPLSAttrTLV{
			BGPLSName{BGPLSTLVNodeName, "r9"},
			BGPLSTLV{1172, []byte{1, 2}},
			BGPLSSRCapabilities{TLV: BGPLSTLVSRLocalBlock}, // 1 byte: too short, kept raw below
		}, nil},
		{"opaque-node", []BGPLSAttrTLV{BGPLSOpaque{BGPLSTLVNodeOpaque, []byte{1, 2}}}, []string{"node-opaque 0x0102"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			_, _, a := bgplsGoldenUpdate(t, tt.golden)
			require.NotNil(t, a)
			got := a.TLVs()
			if tt.golden == "unknown-attr-tlv" {
				// SR local block needs flags and reserved bytes.
				tt.want[2] = BGPLSTLV{BGPLSTLVSRLocalBlock, []byte{0}}
			}
			assert.Equal(t, tt.want, got)
			if tt.text != nil {
				var txt []string
				for _, x := range got {
					txt = append(txt, x.String())
				}
				assert.Equal(t, tt.text, txt)
			}
			assert.Equal(t, a, NewBGPLSAttribute(got...))
		})
	}
}

// TestBGPLSTLVKeptRaw checks that TLVs of a wrong size, or whose typed form
// would re-encode differently, stay raw.
func TestBGPLSTLVKeptRaw(t *testing.T) {
	for _, tt := range []struct {
		name string
		tlv  BGPLSTLV
	}{
		{"node flags of 2 bytes", BGPLSTLV{BGPLSTLVNodeFlags, []byte{1, 2}}},
		{"ipv4 router-id of 16 bytes", BGPLSTLV{BGPLSTLVLocalRouterID4, make([]byte, 16)}},
		{"igp metric of 4 bytes", BGPLSTLV{BGPLSTLVIGPMetric, []byte{0, 0, 0, 1}}},
		{"unreserved bandwidth of 31 bytes", BGPLSTLV{BGPLSTLVUnreservedBW, make([]byte, 31)}},
		{"srlg of 5 bytes", BGPLSTLV{BGPLSTLVSRLG, make([]byte, 5)}},
		{"sr capabilities with a bad sub-tlv", BGPLSTLV{BGPLSTLVSRCapabilities, []byte{0, 0, 0, 0, 1, 4, 0x8a, 0, 3, 1, 2, 3}}},
		{"prefix sid of 3 bytes", BGPLSTLV{BGPLSTLVPrefixSID, []byte{0, 0, 0}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.tlv, DecodeBGPLSTLV(tt.tlv))
		})
	}
	// An SR capabilities range with a 4-byte index.
	v := []byte{0x40, 0, 0, 0, 8, 0x04, 0x89, 0, 4, 0, 0, 0, 9}
	got := DecodeBGPLSTLV(BGPLSTLV{BGPLSTLVSRCapabilities, v})
	assert.Equal(t, BGPLSSRCapabilities{TLV: BGPLSTLVSRCapabilities, Flags: 0x40, Ranges: []BGPLSSRRange{{8, 9, true}}}, got)
	assert.Equal(t, "sr-capabilities flags 0x40 [ 8@index:9 ]", got.String())
	assert.Equal(t, v, got.AppendTLVValue(nil))
}
