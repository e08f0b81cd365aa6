package codec

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"strings"
)

// ExtendedCommunity is one 8-byte extended community (RFC 4360): type,
// subtype and value, kept as wire bytes so unknown ones round-trip. The
// constructors build the forms ExaBGP 4.2 names; String prints any of them
// as ExaBGP does.
type ExtendedCommunity [8]byte

// extNonTransitive is the T bit of the type byte (RFC 4360 section 2).
const extNonTransitive = 0x40

// Type is the type byte (high byte of the type field).
func (c ExtendedCommunity) Type() uint8 { return c[0] }

// Subtype is the subtype byte.
func (c ExtendedCommunity) Subtype() uint8 { return c[1] }

// Transitive reports whether the T bit is clear.
func (c ExtendedCommunity) Transitive() bool { return c[0]&extNonTransitive == 0 }

// Value is the community as one 64-bit number (ExaBGP's JSON "value").
func (c ExtendedCommunity) Value() uint64 { return binary.BigEndian.Uint64(c[:]) }

// extCommunity builds a community of type t, subtype st and 6-byte value.
func extCommunity(t, st uint8, v []byte) ExtendedCommunity {
	var c ExtendedCommunity
	c[0], c[1] = t, st
	copy(c[2:], v)
	return c
}

// as2Value, as4Value, ipValue are the 6-byte value layouts of RFC 4360 and
// RFC 5668: AS(2)+number(4), AS(4)+number(2), IPv4(4)+number(2).
func as2Value(as uint16, n uint32) []byte {
	return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint16(nil, as), n)
}

func as4Value(as uint32, n uint16) []byte {
	return binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint32(nil, as), n)
}

func ipValue(ip netip.Addr, n uint16) []byte {
	v := ip.As4()
	return binary.BigEndian.AppendUint16(v[:], n)
}

// Route target and route origin subtypes, RT record (RFC 4360, RFC 5668,
// draft-ietf-idr-rt-derived-community).
const (
	extSubRouteTarget = 0x02
	extSubRouteOrigin = 0x03
	extSubRTRecord    = 0x13
)

// NewRouteTargetAS2 is "target:AS:N" with a 2-byte AS (type 0x00).
func NewRouteTargetAS2(as uint16, n uint32) ExtendedCommunity {
	return extCommunity(0x00, extSubRouteTarget, as2Value(as, n))
}

// NewRouteTargetIP is "target:IP:N" (type 0x01).
func NewRouteTargetIP(ip netip.Addr, n uint16) ExtendedCommunity {
	return extCommunity(0x01, extSubRouteTarget, ipValue(ip, n))
}

// NewRouteTargetAS4 is "target:ASL:N" with a 4-byte AS (type 0x02).
func NewRouteTargetAS4(as uint32, n uint16) ExtendedCommunity {
	return extCommunity(0x02, extSubRouteTarget, as4Value(as, n))
}

// NewRouteOriginAS2 is "origin:AS:N" (type 0x00, subtype 0x03).
func NewRouteOriginAS2(as uint16, n uint32) ExtendedCommunity {
	return extCommunity(0x00, extSubRouteOrigin, as2Value(as, n))
}

// NewRouteOriginIP is "origin:IP:N" (type 0x01, subtype 0x03).
func NewRouteOriginIP(ip netip.Addr, n uint16) ExtendedCommunity {
	return extCommunity(0x01, extSubRouteOrigin, ipValue(ip, n))
}

// NewRouteOriginAS4 is "origin:ASL:N" (type 0x02, subtype 0x03).
func NewRouteOriginAS4(as uint32, n uint16) ExtendedCommunity {
	return extCommunity(0x02, extSubRouteOrigin, as4Value(as, n))
}

// NewTrafficRate is the flowspec traffic-rate action (RFC 8955 section
// 7.3, type 0x80 subtype 0x06): AS and a rate in bytes per second as an
// IEEE float32; 0 discards. ExaBGP's "rate-limit".
func NewTrafficRate(as uint16, bytesPerSecond float32) ExtendedCommunity {
	v := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint16(nil, as), math.Float32bits(bytesPerSecond))
	return extCommunity(0x80, 0x06, v)
}

// NewTrafficAction is the flowspec traffic-action (type 0x80 subtype 0x07)
// with the sample (0x02) and terminal (0x01) bits.
func NewTrafficAction(sample, terminal bool) ExtendedCommunity {
	var bits byte
	if sample {
		bits |= 0x02
	}
	if terminal {
		bits |= 0x01
	}
	return extCommunity(0x80, 0x07, []byte{0, 0, 0, 0, 0, bits})
}

// NewRedirectAS2 is the flowspec redirect to VRF with a 2-byte AS (type
// 0x80 subtype 0x08, RFC 8955 section 7.4).
func NewRedirectAS2(as uint16, target uint32) ExtendedCommunity {
	return extCommunity(0x80, 0x08, as2Value(as, target))
}

// NewRedirectIP is the redirect to VRF with an IPv4 global administrator
// (type 0x81 subtype 0x08, RFC 7674).
func NewRedirectIP(ip netip.Addr, target uint16) ExtendedCommunity {
	return extCommunity(0x81, 0x08, ipValue(ip, target))
}

// NewRedirectAS4 is the redirect to VRF with a 4-byte AS (type 0x82
// subtype 0x08, RFC 7674).
func NewRedirectAS4(as uint32, target uint16) ExtendedCommunity {
	return extCommunity(0x82, 0x08, as4Value(as, target))
}

// NewTrafficMark is the flowspec traffic-marking action (type 0x80
// subtype 0x09): the DSCP value.
func NewTrafficMark(dscp uint8) ExtendedCommunity {
	return extCommunity(0x80, 0x09, []byte{0, 0, 0, 0, 0, dscp})
}

// NewRedirectToNextHop is draft-simpson-idr-flowspec-redirect's
// redirect-to-nexthop (type 0x08 subtype 0x00), with the copy bit when
// copy is set: ExaBGP's "redirect-to-nexthop" / "copy-to-nexthop".
func NewRedirectToNextHop(copy bool) ExtendedCommunity {
	var bit byte
	if copy {
		bit = 1
	}
	return extCommunity(0x08, 0x00, []byte{0, 0, 0, 0, 0, bit})
}

// NewRedirectToNextHopIETF is draft-ietf-idr-flowspec-redirect-ip's IPv4
// form (type 0x01 subtype 0x0c): address and the copy flag.
func NewRedirectToNextHopIETF(ip netip.Addr, copy bool) ExtendedCommunity {
	var bit uint16
	if copy {
		bit = 1
	}
	return extCommunity(0x01, 0x0c, ipValue(ip, bit))
}

// NewBandwidth is the link bandwidth community (type 0x40 subtype 0x04,
// draft-ietf-idr-link-bandwidth): AS and bytes per second as float32.
func NewBandwidth(as uint16, bytesPerSecond float32) ExtendedCommunity {
	v := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint16(nil, as), math.Float32bits(bytesPerSecond))
	return extCommunity(0x40, 0x04, v)
}

// Tunnel types of the encapsulation community (RFC 9012).
const (
	EncapL2TPv3   uint16 = 1
	EncapGRE      uint16 = 2
	EncapIPIP     uint16 = 7
	EncapVXLAN    uint16 = 8
	EncapNVGRE    uint16 = 9
	EncapMPLS     uint16 = 10
	EncapVXLANGPE uint16 = 12
	EncapMPLSUDP  uint16 = 13
)

// NewEncapsulation is the encapsulation community (type 0x03 subtype 0x0c,
// RFC 9012 section 4.1).
func NewEncapsulation(tunnelType uint16) ExtendedCommunity {
	return extCommunity(0x03, 0x0c, binary.BigEndian.AppendUint16([]byte{0, 0, 0, 0}, tunnelType))
}

// NewL2Info is the layer-2 info community (type 0x80 subtype 0x0a, RFC
// 4761 section 3.2.4): encapsulation, control flags, MTU, reserved.
func NewL2Info(encaps, control uint8, mtu, reserved uint16) ExtendedCommunity {
	v := binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint16([]byte{encaps, control}, mtu), reserved)
	return extCommunity(0x80, 0x0a, v)
}

// NewMACMobility is the EVPN MAC mobility community (type 0x06 subtype
// 0x00, RFC 7432 section 7.7): sticky flag and sequence number.
func NewMACMobility(sequence uint32, sticky bool) ExtendedCommunity {
	var f byte
	if sticky {
		f = 1
	}
	return extCommunity(0x06, 0x00, binary.BigEndian.AppendUint32([]byte{f, 0}, sequence))
}

// NewOriginValidation is the BGP origin validation state community (type
// 0x43 subtype 0x00, RFC 8097): 0 valid, 1 not found, 2 invalid. ExaBGP
// 4.2 does not name it (it prints the hex).
func NewOriginValidation(state uint8) ExtendedCommunity {
	return extCommunity(0x43, 0x00, []byte{0, 0, 0, 0, 0, state})
}

// NewESILabel is the EVPN ESI label community (type 0x06 subtype 0x01, RFC
// 7432 section 7.5): single-active flag and a 20-bit label. ExaBGP 4.2 does
// not name it.
func NewESILabel(singleActive bool, label uint32) ExtendedCommunity {
	var f byte
	if singleActive {
		f = 1
	}
	return extCommunity(0x06, 0x01, []byte{f, 0, 0, byte(label >> 12), byte(label >> 4), byte(label << 4)})
}

// NewRouterMAC is the EVPN router's MAC community (type 0x06 subtype 0x03,
// RFC 9135). ExaBGP 4.2 does not name it.
func NewRouterMAC(mac [6]byte) ExtendedCommunity { return extCommunity(0x06, 0x03, mac[:]) }

// NewInterfaceSet is the flowspec interface-set community (type 0x07
// subtype 0x02, draft-ietf-idr-flowspec-interfaceset): direction (1 input,
// 2 output, 3 both) in the top two bits of the 2-byte group id.
func NewInterfaceSet(transitive bool, as uint32, group uint16, direction uint8) ExtendedCommunity {
	t := uint8(0x07)
	if !transitive {
		t |= extNonTransitive
	}
	return extCommunity(t, 0x02, as4Value(as, uint16(direction)<<14|group&0x3fff))
}

// NewRTRecord is the RT record community: rt with its subtype turned into
// 0x13.
func NewRTRecord(rt ExtendedCommunity) ExtendedCommunity {
	rt[1] = extSubRTRecord
	return rt
}

// String is ExaBGP's text form, "0x" and 16 upper-case hex digits for the
// ones it does not name.
func (c ExtendedCommunity) String() string {
	if s, ok := c.name(); ok {
		return s
	}
	return fmt.Sprintf("0x%016X", c.Value())
}

// name is ExaBGP's registry: keyed on the low nibble of the type (the IANA
// and transitive bits and the high nibble ignored) and the subtype.
func (c ExtendedCommunity) name() (string, bool) {
	v := c[2:]
	u16 := func(i int) uint16 { return binary.BigEndian.Uint16(v[i:]) }
	u32 := func(i int) uint32 { return binary.BigEndian.Uint32(v[i:]) }
	ip := func(i int) netip.Addr { return netip.AddrFrom4([4]byte(v[i : i+4])) }
	switch [2]uint8{c[0] & 0x0f, c[1]} {
	case [2]uint8{0, extSubRouteTarget}:
		return fmt.Sprintf("target:%d:%d", u16(0), u32(2)), true
	case [2]uint8{1, extSubRouteTarget}:
		return fmt.Sprintf("target:%s:%d", ip(0), u16(4)), true
	case [2]uint8{2, extSubRouteTarget}:
		return fmt.Sprintf("target:%dL:%d", u32(0), u16(4)), true
	case [2]uint8{0, extSubRTRecord}:
		return fmt.Sprintf("rtrecord:%d:%d", u16(0), u32(2)), true
	case [2]uint8{1, extSubRTRecord}:
		return fmt.Sprintf("rtrecord:%s:%d", ip(0), u16(4)), true
	case [2]uint8{2, extSubRTRecord}:
		return fmt.Sprintf("rtrecord:%dL:%d", u32(0), u16(4)), true
	case [2]uint8{0, extSubRouteOrigin}:
		return fmt.Sprintf("origin:%d:%s", u16(0), ip(2)), true
	case [2]uint8{1, extSubRouteOrigin}:
		return fmt.Sprintf("origin:%s:%d", ip(0), u16(4)), true
	case [2]uint8{2, extSubRouteOrigin}:
		return fmt.Sprintf("origin:%dL:%d", u32(0), u16(4)), true
	case [2]uint8{0, 0x04}:
		return fmt.Sprintf("bandwith:%d:%s", u16(0), formatFloat0(math.Float32frombits(u32(2)))), true
	case [2]uint8{0, 0x06}:
		return fmt.Sprintf("rate-limit:%d", int64(math.Float32frombits(u32(2)))), true
	case [2]uint8{0, 0x07}:
		var s []string
		if v[5]&0x02 != 0 {
			s = append(s, "sample")
		}
		if v[5]&0x01 != 0 {
			s = append(s, "terminal")
		}
		return "action " + strings.Join(s, "-"), true
	case [2]uint8{0, 0x08}:
		return fmt.Sprintf("redirect:%d:%d", u16(0), u32(2)), true
	case [2]uint8{2, 0x08}:
		return fmt.Sprintf("redirect:%d:%d", u32(0), u16(4)), true
	case [2]uint8{0, 0x09}:
		return fmt.Sprintf("mark %d", v[5]), true
	case [2]uint8{1, 0x0c}:
		if u16(4)&1 != 0 {
			return fmt.Sprintf("copy-to-nexthop-ietf %s (with copy)", ip(0)), true
		}
		return fmt.Sprintf("redirect-to-nexthop-ietf %s", ip(0)), true
	case [2]uint8{8, 0x00}:
		if v[5]&1 != 0 {
			return "copy-to-nexthop", true
		}
		return "redirect-to-nexthop", true
	case [2]uint8{3, 0x0c}:
		return "encap:" + encapName(u16(4)), true
	case [2]uint8{0, 0x0a}:
		return fmt.Sprintf("l2info:%d:%d:%d:%d", v[0], v[1], u16(2), u16(4)), true
	case [2]uint8{6, 0x00}:
		s := fmt.Sprintf("mac-mobility:%d", u32(2))
		if v[0] == 1 {
			s += ":sticky"
		}
		return s, true
	case [2]uint8{0x0c, 0x00}:
		// draft-mpmz-bess-mup-safi: Direct-Type Segment Identifier
		return fmt.Sprintf("mup:%d:%d", u16(0), u32(2)), true
	case [2]uint8{3, 0x14}:
		return fmt.Sprintf("consistentHashSortOrder:%d", u32(0)), true
	case [2]uint8{7, 0x02}:
		names := map[uint16]string{1: "input", 2: "output", 3: "input-output"}
		d := u16(4) >> 14
		ds, ok := names[d]
		if !ok {
			ds = fmt.Sprint(d)
		}
		return fmt.Sprintf("interface-set:%s:%d:%d", ds, u32(0), u16(4)&0x1fff), true
	}
	return "", false
}

// encapName is ExaBGP's name of a tunnel type (with its "encap:UNKNOWN-n"
// quirk for unknown ones).
func encapName(t uint16) string {
	switch t {
	case 0:
		return "Default"
	case EncapL2TPv3:
		return "L2TPv3"
	case EncapGRE:
		return "GRE"
	case EncapIPIP:
		return "IP-in-IP"
	case EncapVXLAN:
		return "VXLAN"
	case EncapNVGRE:
		return "NVGRE"
	case EncapMPLS:
		return "MPLS"
	case EncapVXLANGPE:
		return "VXLAN-GPE"
	case EncapMPLSUDP:
		return "MPLS-in-UDP"
	}
	return fmt.Sprintf("encap:UNKNOWN-%d", t)
}

// formatFloat0 is Python's "%0.f": rounded half to even, no decimals.
func formatFloat0(f float32) string { return fmt.Sprintf("%.0f", f) }
