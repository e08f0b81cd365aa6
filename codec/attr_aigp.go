package codec

import (
	"encoding/binary"
	"fmt"
)

// AIGP is the Accumulated IGP Metric attribute (RFC 7311) carrying one AIGP
// TLV (type 1, length 11) with the metric. ExaBGP sends it only to peers
// with "aigp enable" or iBGP peers: that choice belongs to the sender.
type AIGP uint64

// Code is AttrAIGP.
func (AIGP) Code() AttrCode { return AttrAIGP }

// Flags is optional non-transitive.
func (AIGP) Flags() AttrFlags { return FlagOptional }

// AppendValue appends the AIGP TLV: type 1, length 11, 8-byte metric.
func (a AIGP) AppendValue(b []byte, _ Options) ([]byte, error) {
	b = append(b, 1, 0, 11)
	return binary.BigEndian.AppendUint64(b, uint64(a)), nil
}

// String is ExaBGP's form: "0x" and the 16 hex digits of the metric.
func (a AIGP) String() string { return fmt.Sprintf("0x%016x", uint64(a)) }

// DecodeAIGP decodes an AIGP value: TLVs, the first of type 1 giving the
// metric; others are ignored.
func DecodeAIGP(v []byte, _ Options) (Attribute, error) {
	// RFC 7311 section 3.2: "If the AIGP attribute is malformed, [...] the
	// attribute MUST be discarded" — a TLV whose length overruns, an AIGP
	// TLV whose length is not 11, or no AIGP TLV at all.
	var metric uint64
	found := false
	for len(v) > 0 {
		if len(v) < 3 {
			return nil, fmt.Errorf("decode aigp: truncated tlv")
		}
		t, l := v[0], int(binary.BigEndian.Uint16(v[1:]))
		if l < 3 || l > len(v) {
			return nil, fmt.Errorf("decode aigp: tlv length %d overruns %d bytes", l, len(v))
		}
		if t == 1 && !found {
			if l != 11 {
				return nil, fmt.Errorf("decode aigp: aigp tlv of length %d, want 11", l)
			}
			metric, found = binary.BigEndian.Uint64(v[3:]), true
		}
		v = v[l:]
	}
	if !found {
		return nil, fmt.Errorf("decode aigp: no aigp tlv")
	}
	return AIGP(metric), nil
}
