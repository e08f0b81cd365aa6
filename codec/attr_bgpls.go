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
		if len(v) < 4 {
			return nil, fmt.Errorf("decode bgp-ls: truncated tlv header")
		}
		t, l := binary.BigEndian.Uint16(v), int(binary.BigEndian.Uint16(v[2:]))
		if 4+l > len(v) {
			return nil, fmt.Errorf("decode bgp-ls: tlv %d of length %d overruns %d bytes", t, l, len(v)-4)
		}
		a = append(a, BGPLSTLV{t, append([]byte(nil), v[4:4+l]...)})
		v = v[4+l:]
	}
	return a, nil
}
