package api

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// extCommunityString is ExaBGP 4.2's text of one extended community
// ("target:65000:1", "rate-limit:0", "0x..." when it has no class for it).
// It differs from codec's String where ExaBGP 4.2 does: a type-1 route
// origin prints with its fields swapped, and the classes ExaBGP 4.2 lacks
// print as hex.
func extCommunityString(c codec.ExtendedCommunity) string {
	if !extCommunityKnown(c) {
		return fmt.Sprintf("0x%016X", c.Value())
	}
	t, st := c[0]&0x0F, c[1]
	switch {
	case t == 1 && st == 3:
		// ExaBGP 4.2 swaps the fields of this one when it decodes it.
		return "origin:" + strconv.FormatUint(uint64(binary.BigEndian.Uint16(c[6:])), 10) + ":" +
			netip.AddrFrom4([4]byte(c[2:6])).String()
	case t == 0 && st == 6:
		f := math.Float32frombits(binary.BigEndian.Uint32(c[4:]))
		return "rate-limit:" + strconv.FormatInt(int64(f), 10)
	case t == 6 && st == 0:
		return "mac-mobility:" + strconv.FormatUint(uint64(binary.BigEndian.Uint32(c[4:])), 10)
	}
	return c.String()
}

// extCommunityKnown reports whether ExaBGP 4.2 (or 5.0, for mup:) has a class for the
// community (its JSON "string" is empty otherwise).
func extCommunityKnown(c codec.ExtendedCommunity) bool {
	switch [2]byte{c[0] & 0x0F, c[1]} {
	case [2]byte{0, 2}, [2]byte{1, 2}, [2]byte{2, 2}, [2]byte{0, 3}, [2]byte{1, 3}, [2]byte{2, 3},
		[2]byte{0, 6}, [2]byte{0, 7}, [2]byte{0, 8}, [2]byte{2, 8}, [2]byte{0, 9}, [2]byte{0, 0x0A},
		[2]byte{1, 0x0C}, [2]byte{8, 0}, [2]byte{3, 0x0C}, [2]byte{6, 0}, [2]byte{3, 0x14},
		[2]byte{0x0C, 0}: // ExaBGP 5.0's BGP-MUP direct segment id
		return true
	}
	return false
}

// extCommunitiesText is ExaBGP's text of the extended communities: one
// alone, several sorted by their wire bytes between brackets.
func extCommunitiesText(cs codec.ExtendedCommunities) string {
	if len(cs) == 1 {
		return extCommunityString(cs[0])
	}
	s := slices.Clone(cs)
	slices.SortStableFunc(s, func(a, b codec.ExtendedCommunity) int { return strings.Compare(string(a[:]), string(b[:])) })
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = extCommunityString(c)
	}
	return "[ " + strings.Join(parts, " ") + " ]"
}

// ipv6ExtCommunityString is the text of one IPv6 extended community: the
// full value in hex when ExaBGP has no class for it.
func ipv6ExtCommunityString(c codec.IPv6ExtendedCommunity) string {
	switch [2]byte{c[0] & 0x0F, c[1]} {
	case [2]byte{0, 0x0C}, [2]byte{0, 0x0B}:
		return c.String()
	}
	return "0x" + string(appendHexUpper(nil, c[:]))
}

// ipv6ExtCommunitiesString is ExaBGP's text of the IPv6 extended
// communities attribute: one value alone, several sorted in brackets.
func ipv6ExtCommunitiesString(cs codec.IPv6ExtendedCommunities) string {
	if len(cs) == 1 {
		return ipv6ExtCommunityString(cs[0])
	}
	s := slices.Clone(cs)
	slices.SortFunc(s, func(a, b codec.IPv6ExtendedCommunity) int { return strings.Compare(string(a[:]), string(b[:])) })
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = ipv6ExtCommunityString(c)
	}
	return "[ " + strings.Join(parts, " ") + " ]"
}

// appendPrefixSIDJSON writes the JSON object of a BGP Prefix-SID
// attribute.
func appendPrefixSIDJSON(b []byte, p codec.PrefixSID) []byte {
	var parts []string
	for _, t := range p {
		switch v := t.(type) {
		case codec.SIDLabelIndex:
			parts = append(parts, `"sr-label-index": `+strconv.FormatUint(uint64(v.Index), 10))
		case codec.SIDSRv6Service:
			parts = append(parts, srv6ServiceJSON(v))
		case codec.SIDOriginatorSRGB:
			s := make([]string, len(v.Ranges))
			for i, r := range v.Ranges {
				s[i] = fmt.Sprintf("[%d, %d]", r.Base, r.Range)
			}
			parts = append(parts, `"sr-srgbs": [`+strings.Join(s, ", ")+`]`)
		default:
			parts = append(parts, fmt.Sprintf(`"attribute-not-implemented": "%d"`, t.TLVType()))
		}
	}
	return append(b, "{ "+strings.Join(parts, ", ")+" }"...)
}

// prefixSIDText is ExaBGP's text of a BGP Prefix-SID attribute:
// "[ 777 ]" or "[ 300, [ ( 800000,4096 ) ] ]" (the last TLV of each kind
// wins).
func prefixSIDText(p codec.PrefixSID) string {
	index, srgb := "None", ""
	for _, t := range p {
		switch v := t.(type) {
		case codec.SIDLabelIndex:
			index = strconv.FormatUint(uint64(v.Index), 10)
		case codec.SIDOriginatorSRGB:
			srgb = v.String()
		}
	}
	if srgb != "" {
		return "[ " + index + ", " + srgb + " ]"
	}
	return "[ " + index + " ]"
}

// srv6ServiceJSON is ExaBGP 5.0's JSON of an SRv6 L3 or L2 service TLV:
// "l3-service": [ { "sid": ..., "flags": 0, "endpoint_behavior": N,
// "structure": { ... } } ] (5.0 leaves the "%s" and "%d" of its template
// unformatted; exago prints the values).
func srv6ServiceJSON(s codec.SIDSRv6Service) string {
	name := "l3-service"
	if s.Type == 6 {
		name = "l2-service"
	}
	infos := make([]string, len(s.Infos))
	for i, in := range s.Infos {
		j := `{ "sid": "` + in.SID.String() + `", "flags": 0, "endpoint_behavior": ` + strconv.Itoa(int(in.Behavior))
		if st := in.Structure; st != nil {
			j += fmt.Sprintf(`, "structure": {"locator-block-length": %d, "locator-node-length": %d, "function-length": %d, "argument-length": %d, "transposition-length": %d, "transposition-offset": %d}`,
				st[0], st[1], st[2], st[3], st[4], st[5])
		}
		infos[i] = j + " }"
	}
	return `"` + name + `": [ ` + strings.Join(infos, ", ") + " ]"
}
