package codec

import "fmt"

// Origin is the ORIGIN attribute (RFC 4271 section 5.1.1).
type Origin uint8

// ORIGIN values.
const (
	OriginIGP        Origin = 0
	OriginEGP        Origin = 1
	OriginIncomplete Origin = 2
)

// Code is AttrOrigin.
func (Origin) Code() AttrCode { return AttrOrigin }

// Flags is well-known transitive.
func (Origin) Flags() AttrFlags { return FlagTransitive }

// AppendValue appends the origin byte.
func (o Origin) AppendValue(b []byte, _ Options) ([]byte, error) { return append(b, byte(o)), nil }

// String is ExaBGP's "igp", "egp", "incomplete" (or "invalid").
func (o Origin) String() string {
	switch o {
	case OriginIGP:
		return "igp"
	case OriginEGP:
		return "egp"
	case OriginIncomplete:
		return "incomplete"
	}
	return "invalid"
}

// DecodeOrigin decodes an ORIGIN value.
func DecodeOrigin(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.1: "If the value field is any value other than
	// the three defined values, or if the length is not one octet, then
	// the attribute is considered malformed" (treat-as-withdraw).
	if len(v) != 1 {
		return nil, fmt.Errorf("decode origin: length %d, want 1", len(v))
	}
	if v[0] > 2 {
		return nil, fmt.Errorf("decode origin: undefined value %d", v[0])
	}
	return Origin(v[0]), nil
}
