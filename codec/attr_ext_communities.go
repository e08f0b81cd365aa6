package codec

import (
	"fmt"
	"slices"
	"strings"
)

// ExtendedCommunities is the EXTENDED_COMMUNITIES attribute (RFC 4360), in
// wire order.
type ExtendedCommunities []ExtendedCommunity

// Code is AttrExtCommunities.
func (ExtendedCommunities) Code() AttrCode { return AttrExtCommunities }

// Flags is optional transitive.
func (ExtendedCommunities) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends each 8-byte community in order.
func (cs ExtendedCommunities) AppendValue(b []byte, _ Options) ([]byte, error) {
	for _, c := range cs {
		b = append(b, c[:]...)
	}
	return b, nil
}

// String is ExaBGP's form: the community alone, or "[ a b ]" sorted by
// bytes.
func (cs ExtendedCommunities) String() string {
	if len(cs) == 1 {
		return cs[0].String()
	}
	s := slices.Clone(cs)
	slices.SortFunc(s, func(a, b ExtendedCommunity) int { return strings.Compare(string(a[:]), string(b[:])) })
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = c.String()
	}
	if len(parts) == 0 {
		return ""
	}
	return "[ " + strings.Join(parts, " ") + " ]"
}

// DecodeExtendedCommunities decodes an EXTENDED_COMMUNITIES value.
func DecodeExtendedCommunities(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.14: "The error handling of [RFC4360] is revised as
	// follows: o The Extended Communities attribute will be considered
	// malformed if its length is not a non-zero multiple of 8."
	// (treat-as-withdraw)
	if len(v) == 0 || len(v)%8 != 0 {
		return nil, fmt.Errorf("decode extended-community: length %d, want a non-zero multiple of 8", len(v))
	}
	cs := make(ExtendedCommunities, 0, len(v)/8)
	for ; len(v) >= 8; v = v[8:] {
		cs = append(cs, ExtendedCommunity(v[:8]))
	}
	return cs, nil
}
