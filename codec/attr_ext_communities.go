package codec

import "strings"

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
	return sortedItemsString(cs, func(a, b ExtendedCommunity) int { return strings.Compare(string(a[:]), string(b[:])) })
}

// DecodeExtendedCommunities decodes an EXTENDED_COMMUNITIES value.
func DecodeExtendedCommunities(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.14: "The error handling of [RFC4360] is revised as
	// follows: o The Extended Communities attribute will be considered
	// malformed if its length is not a non-zero multiple of 8."
	// (treat-as-withdraw)
	cs, err := decodeItemList(v, 8, "extended-community", func(b []byte) ExtendedCommunity { return ExtendedCommunity(b) })
	if err != nil {
		return nil, err
	}
	return ExtendedCommunities(cs), nil
}
