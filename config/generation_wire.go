package config

import (
	"bytes"
	"slices"

	"github.com/exago/exago/codec"
)

// WireAttribute returns a as the generation sends it: with SortCommunities,
// standard and extended communities in numeric order; a route origin
// with an IPv4 administrator (type 0x01, subtype 0x03) with the type
// byte of OriginIPv4Type.
func (g Generation) WireAttribute(a codec.Attribute) codec.Attribute {
	switch cs := a.(type) {
	case codec.Communities:
		if g.SortCommunities && !slices.IsSorted(cs) {
			cs = slices.Clone(cs)
			slices.Sort(cs)
			return cs
		}
	case codec.ExtendedCommunities:
		retype := g.OriginIPv4Type != 0x01 && slices.ContainsFunc(cs, isOriginIPv4)
		if !retype && (!g.SortCommunities || slices.IsSortedFunc(cs, cmpExt)) {
			return a
		}
		out := slices.Clone(cs)
		if retype {
			for i, c := range out {
				if isOriginIPv4(c) {
					out[i][0] = g.OriginIPv4Type
				}
			}
		}
		if g.SortCommunities {
			slices.SortFunc(out, cmpExt)
		}
		return out
	}
	return a
}

func cmpExt(x, y codec.ExtendedCommunity) int { return bytes.Compare(x[:], y[:]) }

// isOriginIPv4 is a transitive IPv4-address-specific route origin.
func isOriginIPv4(c codec.ExtendedCommunity) bool { return c[0] == 0x01 && c[1] == 0x03 }
