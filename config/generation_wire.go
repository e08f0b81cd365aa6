package config

import (
	"bytes"
	"slices"

	"github.com/exago/exago/codec"
)

// WireAttribute returns a as the generation sends it: route targets and
// route origins (subtypes 0x02, 0x03) parsed with an IPv4 administrator
// (type 0x01) or a 4-byte AS (type 0x02) get the type bytes of
// TargetIPv4Type and TargetAS4Type1; with SortCommunities, standard and
// extended communities go in numeric order. The route's own lists are not
// changed.
func (g Generation) WireAttribute(a codec.Attribute) codec.Attribute {
	switch cs := a.(type) {
	case codec.Communities:
		if g.SortCommunities && !slices.IsSorted(cs) {
			cs = slices.Clone(cs)
			slices.Sort(cs)
			return cs
		}
	case codec.ExtendedCommunities:
		retype := slices.ContainsFunc(cs, func(c codec.ExtendedCommunity) bool { return g.targetType(c) != c[0] })
		if !retype && (!g.SortCommunities || slices.IsSortedFunc(cs, cmpExt)) {
			return a
		}
		out := slices.Clone(cs)
		for i, c := range out {
			out[i][0] = g.targetType(c)
		}
		if g.SortCommunities {
			slices.SortFunc(out, cmpExt)
		}
		return out
	}
	return a
}

// targetType is the type byte c is sent with.
func (g Generation) targetType(c codec.ExtendedCommunity) byte {
	if c[1] != 0x02 && c[1] != 0x03 {
		return c[0]
	}
	switch c[0] {
	case 0x01:
		return g.TargetIPv4Type
	case 0x02:
		if g.TargetAS4Type1 {
			return 0x01
		}
	}
	return c[0]
}

func cmpExt(x, y codec.ExtendedCommunity) int { return bytes.Compare(x[:], y[:]) }
