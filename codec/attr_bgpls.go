package codec

import (
	"encoding/binary"
	"fmt"
)

// BGPLSTLV is one TLV of the BGP-LS attribute, kept raw.
type BGPLSTLV struct {
	Type  uint16
	Value []byte
}

// cutBGPLSTLV splits the first BGP-LS TLV (type 2 bytes, length 2 bytes,
// value) off v, the form of the attribute's TLVs, of the NLRI descriptors
// and of their sub-TLVs; what names the TLV in errors.
func cutBGPLSTLV(v []byte, what string) (t uint16, val, rest []byte, err error) {
	if len(v) < 4 {
		return 0, nil, nil, fmt.Errorf("truncated %s header", what)
	}
	t, l := binary.BigEndian.Uint16(v), int(binary.BigEndian.Uint16(v[2:]))
	if 4+l > len(v) {
		return 0, nil, nil, fmt.Errorf("%s %d of length %d overruns %d bytes", what, t, l, len(v)-4)
	}
	return t, v[4 : 4+l], v[4+l:], nil
}

// BGPLSAttribute is the BGP-LS attribute (code 29, RFC 7752 section
// 3.3): node, link and prefix attribute TLVs, kept raw in wire order.
type BGPLSAttribute []BGPLSTLV

// Code is AttrBGPLS.
func (BGPLSAttribute) Code() AttrCode { return AttrBGPLS }

// Flags is optional non-transitive.
func (BGPLSAttribute) Flags() AttrFlags { return FlagOptional }

// AppendValue appends each TLV: type (2), length (2), value.
func (a BGPLSAttribute) AppendValue(b []byte, _ Options) ([]byte, error) {
	for _, t := range a {
		if len(t.Value) > 0xffff {
			return b, fmt.Errorf("encode bgp-ls: tlv %d of %d bytes", t.Type, len(t.Value))
		}
		b = binary.BigEndian.AppendUint16(b, t.Type)
		b = binary.BigEndian.AppendUint16(b, uint16(len(t.Value)))
		b = append(b, t.Value...)
	}
	return b, nil
}

// DecodeBGPLSAttribute decodes a BGP-LS attribute value into raw TLVs.
func DecodeBGPLSAttribute(v []byte, _ Options) (Attribute, error) {
	// RFC 7752 section 8.2.2: "a BGP speaker [...] that receives a
	// malformed BGP-LS attribute [...] MUST use the "attribute discard"
	// approach".
	a := BGPLSAttribute{}
	for len(v) > 0 {
		t, val, rest, err := cutBGPLSTLV(v, "tlv")
		if err != nil {
			return nil, fmt.Errorf("decode bgp-ls: %w", err)
		}
		a = append(a, BGPLSTLV{t, append([]byte(nil), val...)})
		v = rest
	}
	return a, nil
}
