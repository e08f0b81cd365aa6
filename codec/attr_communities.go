package codec

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
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
	if len(cs) == 1 {
		return cs[0].String()
	}
	s := slices.Clone(cs)
	slices.Sort(s)
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = c.String()
	}
	if len(parts) == 0 {
		return ""
	}
	return "[ " + strings.Join(parts, " ") + " ]"
}

// DecodeCommunities decodes a COMMUNITIES value.
func DecodeCommunities(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.8: "The error handling of [RFC1997] is revised as
	// follows: o The Community attribute SHALL be considered malformed if
	// its length is not a non-zero multiple of 4." (treat-as-withdraw)
	if len(v) == 0 || len(v)%4 != 0 {
		return nil, fmt.Errorf("decode community: length %d, want a non-zero multiple of 4", len(v))
	}
	cs := make(Communities, 0, len(v)/4)
	for ; len(v) >= 4; v = v[4:] {
		cs = append(cs, Community(binary.BigEndian.Uint32(v)))
	}
	return cs, nil
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
	if len(cs) == 1 {
		return cs[0].String()
	}
	s := slices.Clone(cs)
	slices.SortFunc(s, func(a, b LargeCommunity) int {
		if a.Global != b.Global {
			return cmpU32(a.Global, b.Global)
		}
		if a.Local1 != b.Local1 {
			return cmpU32(a.Local1, b.Local1)
		}
		return cmpU32(a.Local2, b.Local2)
	})
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = c.String()
	}
	if len(parts) == 0 {
		return ""
	}
	return "[ " + strings.Join(parts, " ") + " ]"
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DecodeLargeCommunities decodes a LARGE_COMMUNITY value.
func DecodeLargeCommunities(v []byte, _ Options) (Attribute, error) {
	// RFC 8092 section 6: "A BGP UPDATE message with a malformed Large
	// Communities attribute SHALL be handled using the approach of "treat-
	// as-withdraw" as described in Section 2 of [RFC7606]. The Large
	// Communities attribute SHALL be considered malformed if the length of
	// the Large Communities Attribute value, expressed in octets, is not a
	// non-zero multiple of 12."
	if len(v) == 0 || len(v)%12 != 0 {
		return nil, fmt.Errorf("decode large-community: length %d, want a non-zero multiple of 12", len(v))
	}
	cs := make(LargeCommunities, 0, len(v)/12)
	for ; len(v) >= 12; v = v[12:] {
		cs = append(cs, LargeCommunity{binary.BigEndian.Uint32(v), binary.BigEndian.Uint32(v[4:]), binary.BigEndian.Uint32(v[8:])})
	}
	return cs, nil
}
