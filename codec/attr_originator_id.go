package codec

import (
	"fmt"
	"net/netip"
	"strings"
)

// OriginatorID is the ORIGINATOR_ID attribute (RFC 4456 section 8).
type OriginatorID netip.Addr

// Code is AttrOriginatorID.
func (OriginatorID) Code() AttrCode { return AttrOriginatorID }

// Flags is optional non-transitive.
func (OriginatorID) Flags() AttrFlags { return FlagOptional }

// AppendValue appends the 4-byte identifier.
func (o OriginatorID) AppendValue(b []byte, _ Options) ([]byte, error) {
	a := netip.Addr(o)
	if !a.Is4() {
		return b, fmt.Errorf("encode originator-id: %s is not ipv4", a)
	}
	v := a.As4()
	return append(b, v[:]...), nil
}

// String is the dotted quad.
func (o OriginatorID) String() string { return netip.Addr(o).String() }

// DecodeOriginatorID decodes an ORIGINATOR_ID value.
func DecodeOriginatorID(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.9: "if the length of a received ORIGINATOR_ID
	// attribute is not 4, [...] the attribute is considered malformed"
	// (treat-as-withdraw).
	if len(v) != 4 {
		return nil, fmt.Errorf("decode originator-id: length %d, want 4", len(v))
	}
	return OriginatorID(netip.AddrFrom4([4]byte(v))), nil
}

// ClusterList is the CLUSTER_LIST attribute (RFC 4456 section 8).
type ClusterList []netip.Addr

// Code is AttrClusterList.
func (ClusterList) Code() AttrCode { return AttrClusterList }

// Flags is optional non-transitive.
func (ClusterList) Flags() AttrFlags { return FlagOptional }

// AppendValue appends each 4-byte cluster id.
func (c ClusterList) AppendValue(b []byte, _ Options) ([]byte, error) {
	for _, a := range c {
		if !a.Is4() {
			return b, fmt.Errorf("encode cluster-list: %s is not ipv4", a)
		}
		v := a.As4()
		b = append(b, v[:]...)
	}
	return b, nil
}

// String is ExaBGP's form: the id alone, or "[ a b ]".
func (c ClusterList) String() string {
	if len(c) == 1 {
		return c[0].String()
	}
	parts := make([]string, len(c))
	for i, a := range c {
		parts[i] = a.String()
	}
	return "[ " + strings.Join(parts, " ") + " ]"
}

// DecodeClusterList decodes a CLUSTER_LIST value.
func DecodeClusterList(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.10: "if the length of a received CLUSTER_LIST
	// attribute is not a non-zero multiple of 4, [...] the attribute is
	// considered malformed" (treat-as-withdraw).
	c, err := decodeItemList(v, 4, "cluster-list", func(b []byte) netip.Addr { return netip.AddrFrom4([4]byte(b)) })
	if err != nil {
		return nil, err
	}
	return ClusterList(c), nil
}
