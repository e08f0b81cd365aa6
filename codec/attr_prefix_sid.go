package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
)

// PrefixSIDTLV is one TLV of the BGP Prefix-SID attribute: SIDLabelIndex,
// SIDOriginatorSRGB, SIDIPv6, SIDSRv6VPN, SIDSRv6L3VPN or SIDRaw.
type PrefixSIDTLV interface {
	// TLVType is the TLV type code.
	TLVType() uint8
	// appendTLVValue appends the value (without type and length).
	appendTLVValue(b []byte) []byte
}

// PrefixSID is the BGP Prefix-SID attribute (code 40, RFC 8669), TLVs in
// wire order, with the TLVs ExaBGP 4.2 knows (label index, originator SRGB,
// IPv6 SID, and its early SRv6 VPN / L3VPN SID forms).
type PrefixSID []PrefixSIDTLV

// Code is AttrPrefixSID.
func (PrefixSID) Code() AttrCode { return AttrPrefixSID }

// Flags is optional transitive.
func (PrefixSID) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends each TLV: type (1), length (2), value.
func (p PrefixSID) AppendValue(b []byte, _ Options) ([]byte, error) {
	for _, t := range p {
		b = append(b, t.TLVType(), 0, 0)
		at := len(b)
		b = t.appendTLVValue(b)
		n := len(b) - at
		if n > 0xffff {
			return b, fmt.Errorf("encode bgp-prefix-sid: tlv %d of %d bytes", t.TLVType(), n)
		}
		binary.BigEndian.PutUint16(b[at-2:], uint16(n))
	}
	return b, nil
}

// String is ExaBGP's form: "[ INDEX ]" or "[ INDEX, [ ( base,range ) ] ]",
// with "None" when there is no label index.
func (p PrefixSID) String() string {
	li, gb := "None", ""
	for _, t := range p {
		switch x := t.(type) {
		case SIDLabelIndex:
			if li == "None" {
				li = fmt.Sprint(x.Index)
			}
		case SIDOriginatorSRGB:
			if gb == "" {
				gb = x.String()
			}
		}
	}
	if gb != "" {
		return "[ " + li + ", " + gb + " ]"
	}
	return "[ " + li + " ]"
}

// SIDLabelIndex is the Label-Index TLV (type 1, RFC 8669 section 3.1).
type SIDLabelIndex struct {
	Flags uint16
	Index uint32
}

// TLVType is 1.
func (SIDLabelIndex) TLVType() uint8 { return 1 }

func (s SIDLabelIndex) appendTLVValue(b []byte) []byte {
	b = append(b, 0)
	b = binary.BigEndian.AppendUint16(b, s.Flags)
	return binary.BigEndian.AppendUint32(b, s.Index)
}

// SRGBRange is one SRGB of the originator SRGB TLV (3-byte base and range).
type SRGBRange struct {
	Base, Range uint32
}

// SIDOriginatorSRGB is the Originator SRGB TLV (type 3, RFC 8669 section
// 3.2).
type SIDOriginatorSRGB struct {
	Flags  uint16
	Ranges []SRGBRange
}

// TLVType is 3.
func (SIDOriginatorSRGB) TLVType() uint8 { return 3 }

func (s SIDOriginatorSRGB) appendTLVValue(b []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, s.Flags)
	for _, r := range s.Ranges {
		b = append(b, byte(r.Base>>16), byte(r.Base>>8), byte(r.Base), byte(r.Range>>16), byte(r.Range>>8), byte(r.Range))
	}
	return b
}

// String is ExaBGP's "[ ( 800000,4096 ), ( 1000000,5000 ) ]".
func (s SIDOriginatorSRGB) String() string {
	parts := make([]string, len(s.Ranges))
	for i, r := range s.Ranges {
		parts[i] = fmt.Sprintf("( %d,%d )", r.Base, r.Range)
	}
	return "[ " + strings.Join(parts, ", ") + " ]"
}

// SIDIPv6 is ExaBGP's IPv6 SID TLV (type 2, length 19: reserved, flags,
// address), from early drafts of RFC 8669.
type SIDIPv6 struct {
	Flags uint16
	SID   netip.Addr
}

// TLVType is 2.
func (SIDIPv6) TLVType() uint8 { return 2 }

func (s SIDIPv6) appendTLVValue(b []byte) []byte {
	b = binary.BigEndian.AppendUint16(append(b, 0), s.Flags)
	v := s.SID.As16()
	return append(b, v[:]...)
}

// SIDSRv6VPN is ExaBGP 4.2's SRv6 VPN SID TLV (type 4, length 19: three
// zero bytes then the SID), from draft-dawra-idr-srv6-vpn.
type SIDSRv6VPN struct {
	SID netip.Addr
}

// TLVType is 4.
func (SIDSRv6VPN) TLVType() uint8 { return 4 }

func (s SIDSRv6VPN) appendTLVValue(b []byte) []byte {
	v := s.SID.As16()
	return append(append(b, 0, 0, 0), v[:]...)
}

// SIDSRv6L3VPN is ExaBGP 4.2's SRv6 L3VPN SID TLV (type 5, length 21:
// reserved, SID, flags 0, endpoint behavior 0xFFFF, reserved), from
// draft-ietf-bess-srv6-services-00.
type SIDSRv6L3VPN struct {
	SID netip.Addr
}

// TLVType is 5.
func (SIDSRv6L3VPN) TLVType() uint8 { return 5 }

func (s SIDSRv6L3VPN) appendTLVValue(b []byte) []byte {
	v := s.SID.As16()
	return append(append(append(b, 0), v[:]...), 0, 0xff, 0xff, 0)
}

// SIDRaw is a Prefix-SID TLV kept raw (an unknown type, or a known one in
// a form exago does not parse).
type SIDRaw struct {
	Type  uint8
	Value []byte
}

// TLVType is r.Type.
func (r SIDRaw) TLVType() uint8 { return r.Type }

func (r SIDRaw) appendTLVValue(b []byte) []byte { return append(b, r.Value...) }

// DecodePrefixSID decodes a BGP Prefix-SID value.
func DecodePrefixSID(v []byte, _ Options) (Attribute, error) {
	// RFC 8669 section 6: "When a BGP speaker receives an UPDATE message
	// containing a malformed BGP Prefix-SID attribute, it MUST ignore the
	// received BGP Prefix-SID attribute [...]. This is equivalent to the
	// "attribute discard" action specified in [RFC7606]."
	p := PrefixSID{}
	for len(v) > 0 {
		if len(v) < 3 {
			return nil, fmt.Errorf("decode bgp-prefix-sid: truncated tlv header")
		}
		t, l := v[0], int(binary.BigEndian.Uint16(v[1:]))
		if 3+l > len(v) {
			return nil, fmt.Errorf("decode bgp-prefix-sid: tlv %d of length %d overruns %d bytes", t, l, len(v)-3)
		}
		val := v[3 : 3+l]
		v = v[3+l:]
		tlv, err := decodePrefixSIDTLV(t, val)
		if err != nil {
			return nil, fmt.Errorf("decode bgp-prefix-sid: %w", err)
		}
		p = append(p, tlv)
	}
	return p, nil
}

// decodePrefixSIDTLV parses one TLV value of type t.
func decodePrefixSIDTLV(t uint8, v []byte) (PrefixSIDTLV, error) {
	switch t {
	case 1:
		// RFC 8669 section 3.1: the Label-Index TLV "MUST be ignored" with
		// a length other than 7; ExaBGP refuses it; so do we.
		if len(v) != 7 {
			return nil, fmt.Errorf("label-index tlv of length %d, want 7", len(v))
		}
		return SIDLabelIndex{binary.BigEndian.Uint16(v[1:]), binary.BigEndian.Uint32(v[3:])}, nil
	case 3:
		if len(v) < 2 || (len(v)-2)%6 != 0 {
			return nil, fmt.Errorf("originator srgb tlv of length %d", len(v))
		}
		s := SIDOriginatorSRGB{Flags: binary.BigEndian.Uint16(v)}
		for r := v[2:]; len(r) >= 6; r = r[6:] {
			s.Ranges = append(s.Ranges, SRGBRange{
				uint32(r[0])<<16 | uint32(r[1])<<8 | uint32(r[2]),
				uint32(r[3])<<16 | uint32(r[4])<<8 | uint32(r[5]),
			})
		}
		return s, nil
	case 2:
		if len(v) == 19 && v[0] == 0 {
			return SIDIPv6{binary.BigEndian.Uint16(v[1:]), netip.AddrFrom16([16]byte(v[3:]))}, nil
		}
	case 4:
		if len(v) == 19 && v[0] == 0 && v[1] == 0 && v[2] == 0 {
			return SIDSRv6VPN{netip.AddrFrom16([16]byte(v[3:]))}, nil
		}
	case 5, 6:
		if t == 5 && len(v) == 21 && v[0] == 0 && v[17] == 0 && v[18] == 0xff && v[19] == 0xff && v[20] == 0 {
			return SIDSRv6L3VPN{netip.AddrFrom16([16]byte(v[1:17]))}, nil
		}
		if s, ok := decodeSRv6Service(t, v); ok {
			return s, nil
		}
	}
	return SIDRaw{t, append([]byte(nil), v...)}, nil
}
