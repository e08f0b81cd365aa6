package codec

import (
	"fmt"
	"net/netip"
)

// NextHop is the NEXT_HOP attribute (RFC 4271 section 5.1.3), an IPv4
// address (ExaBGP writes 16 bytes if given an IPv6 one).
type NextHop netip.Addr

// Code is AttrNextHop.
func (NextHop) Code() AttrCode { return AttrNextHop }

// Flags is well-known transitive.
func (NextHop) Flags() AttrFlags { return FlagTransitive }

// Addr is the next-hop address.
func (n NextHop) Addr() netip.Addr { return netip.Addr(n) }

// AppendValue appends the address bytes.
func (n NextHop) AppendValue(b []byte, _ Options) ([]byte, error) {
	a := netip.Addr(n)
	if !a.IsValid() {
		return b, fmt.Errorf("encode next-hop: no address")
	}
	return append(b, a.AsSlice()...), nil
}

// String is the address.
func (n NextHop) String() string { return netip.Addr(n).String() }

// DecodeNextHop decodes a NEXT_HOP value.
func DecodeNextHop(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.3: "The attribute is considered malformed if its
	// length is not 4" (treat-as-withdraw).
	if len(v) != 4 {
		return nil, fmt.Errorf("decode next-hop: length %d, want 4", len(v))
	}
	return NextHop(netip.AddrFrom4([4]byte(v))), nil
}
