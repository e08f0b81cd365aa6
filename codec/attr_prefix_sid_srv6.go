package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// SIDSRv6Service is an SRv6 L3 Service TLV (type 5) or L2 Service TLV
// (type 6) of the BGP Prefix-SID attribute in its RFC 9252 form, as
// ExaBGP 5.0 sends it: a reserved byte, then SRv6 SID Information sub-TLVs.
// The early single-SID form of type 5 is SIDSRv6L3VPN.
type SIDSRv6Service struct {
	// Type is 5 (L3 service) or 6 (L2 service).
	Type uint8
	// Infos are the SID Information sub-TLVs, in wire order.
	Infos []SRv6SIDInformation
}

// SRv6SIDInformation is the SRv6 SID Information sub-TLV (type 1, RFC
// 9252 section 3.1): reserved, SID, flags, endpoint behavior, reserved,
// then optionally the SID Structure sub-sub-TLV.
type SRv6SIDInformation struct {
	SID      netip.Addr
	Flags    uint8
	Behavior uint16
	// Structure is the SID Structure sub-sub-TLV (type 1, RFC 9252
	// section 3.2.1), nil when absent.
	Structure *SRv6SIDStructure
}

// SRv6SIDStructure is the six lengths of the SID Structure: locator
// block, locator node, function, argument, transposition length and
// offset.
type SRv6SIDStructure [6]uint8

// TLVType is 5 or 6.
func (s SIDSRv6Service) TLVType() uint8 { return s.Type }

func (s SIDSRv6Service) appendTLVValue(b []byte) []byte {
	b = append(b, 0) // reserved
	for _, in := range s.Infos {
		n := 21
		if in.Structure != nil {
			n += 3 + 6
		}
		b = append(b, 1, byte(n>>8), byte(n), 0)
		sid := in.SID.As16()
		b = append(b, sid[:]...)
		b = append(b, in.Flags, byte(in.Behavior>>8), byte(in.Behavior), 0)
		if in.Structure != nil {
			b = append(b, 1, 0, 6)
			b = append(b, in.Structure[:]...)
		}
	}
	return b
}

// decodeSRv6Service parses an RFC 9252 service TLV value of type t; false
// when it holds anything this form does not re-encode byte for byte
// (another sub-TLV, a non-zero reserved byte), then kept raw.
func decodeSRv6Service(t uint8, v []byte) (SIDSRv6Service, bool) {
	s := SIDSRv6Service{Type: t}
	if len(v) < 1 || v[0] != 0 {
		return s, false
	}
	for v = v[1:]; len(v) > 0; {
		if len(v) < 3 || v[0] != 1 {
			return s, false
		}
		n := int(binary.BigEndian.Uint16(v[1:]))
		if len(v) < 3+n || (n != 21 && n != 30) {
			return s, false
		}
		in := v[3 : 3+n]
		v = v[3+n:]
		if in[0] != 0 || in[20] != 0 {
			return s, false
		}
		info := SRv6SIDInformation{
			SID:      netip.AddrFrom16([16]byte(in[1:17])),
			Flags:    in[17],
			Behavior: binary.BigEndian.Uint16(in[18:]),
		}
		if n == 30 {
			if in[21] != 1 || in[22] != 0 || in[23] != 6 {
				return s, false
			}
			st := SRv6SIDStructure(in[24:30])
			info.Structure = &st
		}
		s.Infos = append(s.Infos, info)
	}
	return s, true
}

// String is ExaBGP 5.0's form, "l3-service [ sid-information [ ... ] ]".
func (s SIDSRv6Service) String() string {
	name := "l3-service"
	if s.Type == 6 {
		name = "l2-service"
	}
	out := name + " [ "
	for i, in := range s.Infos {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("sid-information [ sid:%s flags:0 endpoint_behavior:0x%x ", in.SID, in.Behavior)
		if st := in.Structure; st != nil {
			out += fmt.Sprintf(" [ sid-structure [%d,%d,%d,%d,%d,%d] ]", st[0], st[1], st[2], st[3], st[4], st[5])
		}
	}
	return out + " ]"
}
