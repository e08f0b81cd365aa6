package codec

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// BGP-LS attribute TLV types (RFC 7752 section 3.3, RFC 9085 for the
// segment routing ones, as ExaBGP 4.2 names them).
const (
	BGPLSTLVNodeFlags          uint16 = 1024
	BGPLSTLVNodeOpaque         uint16 = 1025
	BGPLSTLVNodeName           uint16 = 1026
	BGPLSTLVISISArea           uint16 = 1027
	BGPLSTLVLocalRouterID4     uint16 = 1028
	BGPLSTLVLocalRouterID6     uint16 = 1029
	BGPLSTLVRemoteRouterID4    uint16 = 1030
	BGPLSTLVRemoteRouterID6    uint16 = 1031
	BGPLSTLVSRCapabilities     uint16 = 1034
	BGPLSTLVSRAlgorithms       uint16 = 1035
	BGPLSTLVSRLocalBlock       uint16 = 1036
	BGPLSTLVAdminGroup         uint16 = 1088
	BGPLSTLVMaxBandwidth       uint16 = 1089
	BGPLSTLVMaxReservableBW    uint16 = 1090
	BGPLSTLVUnreservedBW       uint16 = 1091
	BGPLSTLVTEMetric           uint16 = 1092
	BGPLSTLVLinkProtection     uint16 = 1093
	BGPLSTLVMPLSMask           uint16 = 1094
	BGPLSTLVIGPMetric          uint16 = 1095
	BGPLSTLVSRLG               uint16 = 1096
	BGPLSTLVLinkOpaque         uint16 = 1097
	BGPLSTLVLinkName           uint16 = 1098
	BGPLSTLVAdjSID             uint16 = 1099
	BGPLSTLVLANAdjSID          uint16 = 1100
	BGPLSTLVIGPFlags           uint16 = 1152
	BGPLSTLVRouteTags          uint16 = 1153
	BGPLSTLVExtendedRouteTags  uint16 = 1154
	BGPLSTLVPrefixMetric       uint16 = 1155
	BGPLSTLVOSPFForwardingAddr uint16 = 1156
	BGPLSTLVPrefixOpaque       uint16 = 1157
	BGPLSTLVPrefixSID          uint16 = 1158
	BGPLSTLVSIDLabel           uint16 = 1161
	BGPLSTLVPrefixAttrFlags    uint16 = 1170
	BGPLSTLVSourceRouterID     uint16 = 1171
)

// bgplsTLVNames name the attribute TLVs in String forms.
var bgplsTLVNames = map[uint16]string{
	1024: "node-flags", 1025: "node-opaque", 1026: "node-name", 1027: "isis-area",
	1028: "local-router-id", 1029: "local-router-id", 1030: "remote-router-id", 1031: "remote-router-id",
	1034: "sr-capabilities", 1035: "sr-algorithms", 1036: "sr-local-block",
	1088: "admin-group", 1089: "maximum-bandwidth", 1090: "maximum-reservable-bandwidth",
	1091: "unreserved-bandwidth", 1092: "te-metric", 1093: "link-protection", 1094: "mpls-mask",
	1095: "igp-metric", 1096: "srlg", 1097: "link-opaque", 1098: "link-name", 1099: "adj-sid",
	1100: "lan-adj-sid", 1152: "igp-flags", 1153: "route-tags", 1154: "extended-route-tags",
	1155: "prefix-metric", 1156: "ospf-forwarding-address", 1157: "prefix-opaque", 1158: "prefix-sid",
	1170: "prefix-attribute-flags", 1171: "source-router-id",
}

// bgplsTLVName is the name of TLV type t, "tlv-N" when unknown.
func bgplsTLVName(t uint16) string {
	if n, ok := bgplsTLVNames[t]; ok {
		return n
	}
	return "tlv-" + strconv.Itoa(int(t))
}

// BGPLSAttrTLV is one typed TLV of the BGP-LS attribute. BGPLSTLV is the
// raw form every TLV can take.
type BGPLSAttrTLV interface {
	// TLVType is the TLV type code.
	TLVType() uint16
	// AppendTLVValue appends the TLV value (without type and length).
	AppendTLVValue(b []byte) []byte
	// String is "NAME VALUE".
	String() string
}

// TLVType is t.Type.
func (t BGPLSTLV) TLVType() uint16 { return t.Type }

// AppendTLVValue appends t.Value.
func (t BGPLSTLV) AppendTLVValue(b []byte) []byte { return append(b, t.Value...) }

// String is "NAME 0xHEX".
func (t BGPLSTLV) String() string {
	return bgplsTLVName(t.Type) + " 0x" + strings.ToUpper(hex.EncodeToString(t.Value))
}

// Typed is the typed form of the TLV (see DecodeBGPLSTLV).
func (t BGPLSTLV) Typed() BGPLSAttrTLV { return DecodeBGPLSTLV(t) }

// TLVs are the typed forms of the attribute's TLVs, in wire order.
func (a BGPLSAttribute) TLVs() []BGPLSAttrTLV {
	out := make([]BGPLSAttrTLV, len(a))
	for i, t := range a {
		out[i] = DecodeBGPLSTLV(t)
	}
	return out
}

// NewBGPLSAttribute builds the attribute from typed TLVs.
func NewBGPLSAttribute(ts ...BGPLSAttrTLV) BGPLSAttribute {
	a := make(BGPLSAttribute, len(ts))
	for i, t := range ts {
		a[i] = BGPLSTLV{t.TLVType(), t.AppendTLVValue([]byte{})}
	}
	return a
}

// DecodeBGPLSTLV returns the typed form of a raw attribute TLV. TLVs of a
// type exago does not decode, of a malformed value, or whose typed form
// would not re-encode to the same bytes stay the raw BGPLSTLV.
func DecodeBGPLSTLV(t BGPLSTLV) BGPLSAttrTLV {
	typed, ok := decodeBGPLSTLVValue(t.Type, t.Value)
	if !ok {
		return t
	}
	if !bytes.Equal(typed.AppendTLVValue(nil), t.Value) {
		return t
	}
	return typed
}

func decodeBGPLSTLVValue(t uint16, v []byte) (BGPLSAttrTLV, bool) {
	u32 := func() uint32 { return binary.BigEndian.Uint32(v) }
	switch t {
	case BGPLSTLVNodeFlags, BGPLSTLVMPLSMask, BGPLSTLVIGPFlags, BGPLSTLVPrefixAttrFlags:
		if len(v) != 1 {
			return nil, false
		}
		return BGPLSFlags{t, v[0]}, true
	case BGPLSTLVNodeOpaque, BGPLSTLVISISArea, BGPLSTLVLinkOpaque, BGPLSTLVPrefixOpaque:
		return BGPLSOpaque{t, append([]byte{}, v...)}, true
	case BGPLSTLVNodeName, BGPLSTLVLinkName:
		return BGPLSName{t, string(v)}, true
	case BGPLSTLVLocalRouterID4, BGPLSTLVRemoteRouterID4:
		if len(v) != 4 {
			return nil, false
		}
		return BGPLSAddress{t, netip.AddrFrom4([4]byte(v))}, true
	case BGPLSTLVLocalRouterID6, BGPLSTLVRemoteRouterID6:
		if len(v) != 16 {
			return nil, false
		}
		return BGPLSAddress{t, netip.AddrFrom16([16]byte(v))}, true
	case BGPLSTLVOSPFForwardingAddr, BGPLSTLVSourceRouterID:
		if len(v) != 4 && len(v) != 16 {
			return nil, false
		}
		a, _ := netip.AddrFromSlice(v)
		return BGPLSAddress{t, a}, true
	case BGPLSTLVAdminGroup, BGPLSTLVTEMetric, BGPLSTLVPrefixMetric:
		if len(v) != 4 {
			return nil, false
		}
		return BGPLSUint32{t, u32()}, true
	case BGPLSTLVMaxBandwidth, BGPLSTLVMaxReservableBW:
		if len(v) != 4 {
			return nil, false
		}
		return BGPLSBandwidth{t, math.Float32frombits(u32())}, true
	case BGPLSTLVUnreservedBW:
		if len(v) != 32 {
			return nil, false
		}
		var u BGPLSUnreservedBandwidth
		for i := range u {
			u[i] = math.Float32frombits(binary.BigEndian.Uint32(v[4*i:]))
		}
		return u, true
	case BGPLSTLVLinkProtection:
		if len(v) != 2 {
			return nil, false
		}
		return BGPLSLinkProtection{v[0], v[1]}, true
	case BGPLSTLVIGPMetric:
		if len(v) < 1 || len(v) > 3 {
			return nil, false
		}
		var m uint32
		for _, c := range v {
			m = m<<8 | uint32(c)
		}
		return BGPLSIGPMetric{m, uint8(len(v))}, true
	case BGPLSTLVSRLG, BGPLSTLVRouteTags:
		if len(v) == 0 || len(v)%4 != 0 {
			return nil, false
		}
		l := BGPLSUint32List{TLV: t}
		for i := 0; i < len(v); i += 4 {
			l.Values = append(l.Values, binary.BigEndian.Uint32(v[i:]))
		}
		return l, true
	case BGPLSTLVExtendedRouteTags:
		if len(v) == 0 || len(v)%8 != 0 {
			return nil, false
		}
		var l BGPLSExtendedRouteTags
		for i := 0; i < len(v); i += 8 {
			l = append(l, binary.BigEndian.Uint64(v[i:]))
		}
		return l, true
	case BGPLSTLVSRCapabilities, BGPLSTLVSRLocalBlock:
		return decodeBGPLSSRCapabilities(t, v)
	case BGPLSTLVSRAlgorithms:
		return BGPLSSRAlgorithms(append([]byte{}, v...)), true
	case BGPLSTLVAdjSID, BGPLSTLVLANAdjSID:
		return decodeBGPLSAdjSID(t, v)
	case BGPLSTLVPrefixSID:
		if len(v) < 4 {
			return nil, false
		}
		return BGPLSPrefixSID{Flags: v[0], Algorithm: v[1], Reserved: binary.BigEndian.Uint16(v[2:]), SID: append([]byte{}, v[4:]...)}, true
	}
	return nil, false
}

// BGPLSFlags is a one-byte flags TLV: node flag bits (1024), MPLS protocol
// mask (1094), IGP flags (1152), prefix attribute flags (1170).
type BGPLSFlags struct {
	TLV   uint16
	Flags uint8
}

// TLVType is f.TLV.
func (f BGPLSFlags) TLVType() uint16 { return f.TLV }

// AppendTLVValue appends the flags byte.
func (f BGPLSFlags) AppendTLVValue(b []byte) []byte { return append(b, f.Flags) }

// String is "NAME 0xFF".
func (f BGPLSFlags) String() string { return fmt.Sprintf("%s 0x%02X", bgplsTLVName(f.TLV), f.Flags) }

// BGPLSOpaque is a TLV whose bytes are its meaning: opaque node, link and
// prefix attributes (1025, 1097, 1157), IS-IS area identifier (1027).
type BGPLSOpaque struct {
	TLV   uint16
	Value []byte
}

// TLVType is o.TLV.
func (o BGPLSOpaque) TLVType() uint16 { return o.TLV }

// AppendTLVValue appends the value.
func (o BGPLSOpaque) AppendTLVValue(b []byte) []byte { return append(b, o.Value...) }

// String is "NAME 0xHEX".
func (o BGPLSOpaque) String() string {
	return bgplsTLVName(o.TLV) + " 0x" + strings.ToUpper(hex.EncodeToString(o.Value))
}

// BGPLSName is a node name (1026) or link name (1098) TLV.
type BGPLSName struct {
	TLV  uint16
	Name string
}

// TLVType is n.TLV.
func (n BGPLSName) TLVType() uint16 { return n.TLV }

// AppendTLVValue appends the name bytes.
func (n BGPLSName) AppendTLVValue(b []byte) []byte { return append(b, n.Name...) }

// String is `NAME "VALUE"`.
func (n BGPLSName) String() string { return bgplsTLVName(n.TLV) + " " + strconv.Quote(n.Name) }

// BGPLSAddress is an address TLV: local and remote IPv4/IPv6 router-ids
// (1028 to 1031), OSPF forwarding address (1156), source router-id (1171).
type BGPLSAddress struct {
	TLV  uint16
	Addr netip.Addr
}

// TLVType is a.TLV.
func (a BGPLSAddress) TLVType() uint16 { return a.TLV }

// AppendTLVValue appends the address bytes.
func (a BGPLSAddress) AppendTLVValue(b []byte) []byte { return append(b, a.Addr.AsSlice()...) }

// String is "NAME ADDR".
func (a BGPLSAddress) String() string { return bgplsTLVName(a.TLV) + " " + a.Addr.String() }

// BGPLSUint32 is a 4-byte number TLV: administrative group (1088), TE
// default metric (1092), prefix metric (1155).
type BGPLSUint32 struct {
	TLV   uint16
	Value uint32
}

// TLVType is u.TLV.
func (u BGPLSUint32) TLVType() uint16 { return u.TLV }

// AppendTLVValue appends the number.
func (u BGPLSUint32) AppendTLVValue(b []byte) []byte {
	return binary.BigEndian.AppendUint32(b, u.Value)
}

// String is "NAME N".
func (u BGPLSUint32) String() string {
	return bgplsTLVName(u.TLV) + " " + strconv.FormatUint(uint64(u.Value), 10)
}

// BGPLSBandwidth is a bandwidth TLV in bytes per second, an IEEE float:
// maximum link bandwidth (1089), maximum reservable bandwidth (1090).
type BGPLSBandwidth struct {
	TLV   uint16
	Value float32
}

// TLVType is w.TLV.
func (w BGPLSBandwidth) TLVType() uint16 { return w.TLV }

// AppendTLVValue appends the float bits.
func (w BGPLSBandwidth) AppendTLVValue(b []byte) []byte {
	return binary.BigEndian.AppendUint32(b, math.Float32bits(w.Value))
}

// String is "NAME VALUE".
func (w BGPLSBandwidth) String() string {
	return bgplsTLVName(w.TLV) + " " + strconv.FormatFloat(float64(w.Value), 'g', -1, 32)
}

// BGPLSUnreservedBandwidth is the unreserved bandwidth of each of the 8
// priorities (1091), in bytes per second.
type BGPLSUnreservedBandwidth [8]float32

// TLVType is 1091.
func (BGPLSUnreservedBandwidth) TLVType() uint16 { return BGPLSTLVUnreservedBW }

// AppendTLVValue appends the 8 floats.
func (u BGPLSUnreservedBandwidth) AppendTLVValue(b []byte) []byte {
	for _, f := range u {
		b = binary.BigEndian.AppendUint32(b, math.Float32bits(f))
	}
	return b
}

// String is "unreserved-bandwidth [ V0 ... V7 ]".
func (u BGPLSUnreservedBandwidth) String() string {
	s := make([]string, len(u))
	for i, f := range u {
		s[i] = strconv.FormatFloat(float64(f), 'g', -1, 32)
	}
	return "unreserved-bandwidth [ " + strings.Join(s, " ") + " ]"
}

// BGPLSLinkProtection is the link protection type (1093, RFC 5307 section
// 1.2): capability flags and a reserved byte.
type BGPLSLinkProtection struct {
	Flags, Reserved uint8
}

// TLVType is 1093.
func (BGPLSLinkProtection) TLVType() uint16 { return BGPLSTLVLinkProtection }

// AppendTLVValue appends the two bytes.
func (p BGPLSLinkProtection) AppendTLVValue(b []byte) []byte { return append(b, p.Flags, p.Reserved) }

// String is "link-protection 0xFF".
func (p BGPLSLinkProtection) String() string { return fmt.Sprintf("link-protection 0x%02X", p.Flags) }

// BGPLSIGPMetric is the IGP link metric (1095): 1 byte for IS-IS narrow
// metrics, 2 for OSPF, 3 for IS-IS wide metrics.
type BGPLSIGPMetric struct {
	Metric uint32
	// Size is the width on the wire, 1 to 3 bytes.
	Size uint8
}

// TLVType is 1095.
func (BGPLSIGPMetric) TLVType() uint16 { return BGPLSTLVIGPMetric }

// AppendTLVValue appends the metric on Size bytes.
func (m BGPLSIGPMetric) AppendTLVValue(b []byte) []byte {
	for i := int(m.Size) - 1; i >= 0; i-- {
		b = append(b, byte(m.Metric>>(8*i)))
	}
	return b
}

// String is "igp-metric N".
func (m BGPLSIGPMetric) String() string {
	return "igp-metric " + strconv.FormatUint(uint64(m.Metric), 10)
}

// BGPLSUint32List is a list of 4-byte numbers: shared risk link groups
// (1096), IGP route tags (1153).
type BGPLSUint32List struct {
	TLV    uint16
	Values []uint32
}

// TLVType is l.TLV.
func (l BGPLSUint32List) TLVType() uint16 { return l.TLV }

// AppendTLVValue appends the numbers.
func (l BGPLSUint32List) AppendTLVValue(b []byte) []byte {
	for _, v := range l.Values {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

// String is "NAME [ V ... ]".
func (l BGPLSUint32List) String() string {
	s := make([]string, len(l.Values))
	for i, v := range l.Values {
		s[i] = strconv.FormatUint(uint64(v), 10)
	}
	return bgplsTLVName(l.TLV) + " [ " + strings.Join(s, " ") + " ]"
}

// BGPLSExtendedRouteTags are the IGP extended route tags (1154).
type BGPLSExtendedRouteTags []uint64

// TLVType is 1154.
func (BGPLSExtendedRouteTags) TLVType() uint16 { return BGPLSTLVExtendedRouteTags }

// AppendTLVValue appends the 8-byte tags.
func (l BGPLSExtendedRouteTags) AppendTLVValue(b []byte) []byte {
	for _, v := range l {
		b = binary.BigEndian.AppendUint64(b, v)
	}
	return b
}

// String is "extended-route-tags [ V ... ]".
func (l BGPLSExtendedRouteTags) String() string {
	s := make([]string, len(l))
	for i, v := range l {
		s[i] = strconv.FormatUint(v, 10)
	}
	return "extended-route-tags [ " + strings.Join(s, " ") + " ]"
}
