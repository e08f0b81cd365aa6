package codec

import (
	"cmp"
	"encoding/binary"
	"fmt"
)

// Community is one standard community (RFC 1997): high 16 bits an AS,
// low 16 bits a value.
type Community uint32

// Well-known communities (RFC 1997, RFC 3765, RFC 7999).
const (
	CommunityNoExport          Community = 0xFFFFFF01
	CommunityNoAdvertise       Community = 0xFFFFFF02
	CommunityNoExportSubconfed Community = 0xFFFFFF03
	CommunityNoPeer            Community = 0xFFFFFF04
	CommunityBlackhole         Community = 0xFFFF029A
)

// NewCommunity returns the community "as:value".
func NewCommunity(as, value uint16) Community { return Community(uint32(as)<<16 | uint32(value)) }

// String is ExaBGP's form: a well-known name or "as:value".
func (c Community) String() string {
	switch c {
	case CommunityNoExport:
		return "no-export"
	case CommunityNoAdvertise:
		return "no-advertise"
	case CommunityNoExportSubconfed:
		return "no-export-subconfed"
	case CommunityNoPeer:
		return "no-peer"
	case CommunityBlackhole:
		return "blackhole"
	}
	return fmt.Sprintf("%d:%d", uint32(c)>>16, uint32(c)&0xffff)
}

// Communities is the COMMUNITIES attribute (RFC 1997), in wire order.
type Communities []Community

// Code is AttrCommunities.
func (Communities) Code() AttrCode { return AttrCommunities }

// Flags is optional transitive.
func (Communities) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends each 4-byte community in order.
func (cs Communities) AppendValue(b []byte, _ Options) ([]byte, error) {
	for _, c := range cs {
		b = binary.BigEndian.AppendUint32(b, uint32(c))
	}
	return b, nil
}

// String is ExaBGP's form: the community alone, or "[ a b ]" sorted.
func (cs Communities) String() string {
	return sortedItemsString(cs, cmp.Compare[Community])
}

// DecodeCommunities decodes a COMMUNITIES value.
func DecodeCommunities(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.8: "The error handling of [RFC1997] is revised as
	// follows: o The Community attribute SHALL be considered malformed if
	// its length is not a non-zero multiple of 4." (treat-as-withdraw)
	cs, err := decodeItemList(v, 4, "community", func(b []byte) Community { return Community(binary.BigEndian.Uint32(b)) })
	if err != nil {
		return nil, err
	}
	return Communities(cs), nil
}

// LargeCommunity is one large community (RFC 8092).
type LargeCommunity struct {
	Global, Local1, Local2 uint32
}

// String is "global:local1:local2".
func (c LargeCommunity) String() string { return fmt.Sprintf("%d:%d:%d", c.Global, c.Local1, c.Local2) }

// LargeCommunities is the LARGE_COMMUNITY attribute (RFC 8092), in wire
// order.
type LargeCommunities []LargeCommunity

// Code is AttrLargeCommunities.
func (LargeCommunities) Code() AttrCode { return AttrLargeCommunities }

// Flags is optional transitive.
func (LargeCommunities) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends each 12-byte community in order.
func (cs LargeCommunities) AppendValue(b []byte, _ Options) ([]byte, error) {
	for _, c := range cs {
		b = binary.BigEndian.AppendUint32(b, c.Global)
		b = binary.BigEndian.AppendUint32(b, c.Local1)
		b = binary.BigEndian.AppendUint32(b, c.Local2)
	}
	return b, nil
}

// String is ExaBGP's form: the community alone, or "[ a b ]" sorted.
func (cs LargeCommunities) String() string {
	return sortedItemsString(cs, func(a, b LargeCommunity) int {
		return cmp.Or(cmp.Compare(a.Global, b.Global), cmp.Compare(a.Local1, b.Local1), cmp.Compare(a.Local2, b.Local2))
	})
}

// DecodeLargeCommunities decodes a LARGE_COMMUNITY value.
func DecodeLargeCommunities(v []byte, _ Options) (Attribute, error) {
	// RFC 8092 section 6: "A BGP UPDATE message with a malformed Large
	// Communities attribute SHALL be handled using the approach of "treat-
	// as-withdraw" as described in Section 2 of [RFC7606]. The Large
	// Communities attribute SHALL be considered malformed if the length of
	// the Large Communities Attribute value, expressed in octets, is not a
	// non-zero multiple of 12."
	cs, err := decodeItemList(v, 12, "large-community", func(b []byte) LargeCommunity {
		return LargeCommunity{binary.BigEndian.Uint32(b), binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:])}
	})
	if err != nil {
		return nil, err
	}
	return LargeCommunities(cs), nil
}
