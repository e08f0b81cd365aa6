package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
)

// IPv6ExtendedCommunity is one 20-byte IPv6 address specific extended
// community (RFC 5701): type, subtype, IPv6 global administrator, 2-byte
// local administrator.
type IPv6ExtendedCommunity [20]byte

// NewRedirectToNextHopIETFv6 is draft-ietf-idr-flowspec-redirect-ip's IPv6
// form (type 0x00 subtype 0x0c): address and the copy flag.
func NewRedirectToNextHopIETFv6(ip netip.Addr, copy bool) IPv6ExtendedCommunity {
	var c IPv6ExtendedCommunity
	c[1] = 0x0c
	v := ip.As16()
	copy16(c[2:18], v[:])
	if copy {
		c[19] = 1
	}
	return c
}

// NewRedirectIPv6 is the flowspec redirect to VRF with an IPv6 global
// administrator (type 0x80 subtype 0x0b, RFC 5701/RFC 8956 usage).
func NewRedirectIPv6(ip netip.Addr, target uint16) IPv6ExtendedCommunity {
	var c IPv6ExtendedCommunity
	c[0], c[1] = 0x80, 0x0b
	v := ip.As16()
	copy16(c[2:18], v[:])
	binary.BigEndian.PutUint16(c[18:], target)
	return c
}

func copy16(dst, src []byte) { copy(dst, src) }

// addr is the IPv6 global administrator.
func (c IPv6ExtendedCommunity) addr() netip.Addr { return netip.AddrFrom16([16]byte(c[2:18])) }

// String is ExaBGP's text form; unknown ones are "0x" and upper-case hex
// without leading zeros, at least 16 digits.
func (c IPv6ExtendedCommunity) String() string {
	switch [2]uint8{c[0] & 0x0f, c[1]} {
	case [2]uint8{0, 0x0c}:
		if binary.BigEndian.Uint16(c[18:])&1 != 0 {
			return fmt.Sprintf("copy-to-nexthop-ietf %s (with copy)", c.addr())
		}
		return fmt.Sprintf("redirect-to-nexthop-ietf %s", c.addr())
	case [2]uint8{0, 0x0b}:
		return fmt.Sprintf("redirect %s:%d", c.addr(), binary.BigEndian.Uint16(c[18:]))
	}
	h := strings.TrimLeft(fmt.Sprintf("%X", c[:]), "0")
	if len(h) < 16 {
		h = strings.Repeat("0", 16-len(h)) + h
	}
	return "0x" + h
}

// IPv6ExtendedCommunities is the IPv6 Address Specific Extended Community
// attribute (code 25, RFC 5701), in wire order.
type IPv6ExtendedCommunities []IPv6ExtendedCommunity

// Code is AttrIPv6ExtCommunity.
func (IPv6ExtendedCommunities) Code() AttrCode { return AttrIPv6ExtCommunity }

// Flags is optional transitive.
func (IPv6ExtendedCommunities) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends each 20-byte community in order.
func (cs IPv6ExtendedCommunities) AppendValue(b []byte, _ Options) ([]byte, error) {
	for _, c := range cs {
		b = append(b, c[:]...)
	}
	return b, nil
}

// String is ExaBGP's form: the community alone, or "[ a b ]" sorted.
func (cs IPv6ExtendedCommunities) String() string {
	return sortedItemsString(cs, func(a, b IPv6ExtendedCommunity) int { return strings.Compare(string(a[:]), string(b[:])) })
}

// DecodeIPv6ExtendedCommunities decodes an IPv6 extended communities value.
func DecodeIPv6ExtendedCommunities(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.15 (RFC 5701): "The IPv6 Address Specific Extended
	// Community attribute will be considered malformed if its length is
	// not a non-zero multiple of 20." (treat-as-withdraw)
	cs, err := decodeItemList(v, 20, "extended-community-ipv6", func(b []byte) IPv6ExtendedCommunity { return IPv6ExtendedCommunity(b) })
	if err != nil {
		return nil, err
	}
	return IPv6ExtendedCommunities(cs), nil
}
