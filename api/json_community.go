package api

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// extCommunityString is ExaBGP 4.2's text of one 8-byte extended
// community ("target:65000:1", "rate-limit:0", "0x..." when unknown).
func extCommunityString(c []byte) string {
	t, st := c[0]&0x0F, c[1]
	u16 := func(o int) uint64 { return uint64(binary.BigEndian.Uint16(c[o:])) }
	u32 := func(o int) uint64 { return uint64(binary.BigEndian.Uint32(c[o:])) }
	ip := func(o int) string { return netip.AddrFrom4([4]byte(c[o : o+4])).String() }
	d := strconv.FormatUint
	switch {
	case t == 0 && st == 2:
		return "target:" + d(u16(2), 10) + ":" + d(u32(4), 10)
	case t == 1 && st == 2:
		return "target:" + ip(2) + ":" + d(u16(6), 10)
	case t == 2 && st == 2:
		return "target:" + d(u32(2), 10) + "L:" + d(u16(6), 10)
	case t == 0 && st == 3:
		return "origin:" + d(u16(2), 10) + ":" + ip(4)
	case t == 1 && st == 3:
		// ExaBGP 4.2 swaps the fields of this one when it decodes it.
		return "origin:" + d(u16(6), 10) + ":" + ip(2)
	case t == 2 && st == 3:
		return "origin:" + d(u32(2), 10) + "L:" + d(u16(6), 10)
	case t == 0 && st == 6:
		f := math.Float32frombits(binary.BigEndian.Uint32(c[4:]))
		return "rate-limit:" + strconv.FormatInt(int64(f), 10)
	case t == 0 && st == 7:
		var s []string
		if c[7]&2 != 0 {
			s = append(s, "sample")
		}
		if c[7]&1 != 0 {
			s = append(s, "terminal")
		}
		return "action " + strings.Join(s, "-")
	case t == 0 && st == 8:
		return "redirect:" + d(u16(2), 10) + ":" + d(u32(4), 10)
	case t == 2 && st == 8:
		return "redirect:" + d(u32(2), 10) + ":" + d(u16(6), 10)
	case t == 0 && st == 9:
		return "mark " + d(uint64(c[7]), 10)
	case t == 0 && st == 0x0A:
		return "l2info:" + d(uint64(c[2]), 10) + ":" + d(uint64(c[3]), 10) + ":" + d(u16(4), 10) + ":" + d(u16(6), 10)
	case t == 1 && st == 0x0C:
		if u16(6)&1 != 0 {
			return "copy-to-nexthop-ietf " + ip(2) + " (with copy)"
		}
		return "redirect-to-nexthop-ietf " + ip(2)
	case t == 8 && st == 0:
		if c[7]&1 != 0 {
			return "copy-to-nexthop"
		}
		return "redirect-to-nexthop"
	case t == 3 && st == 0x0C:
		return "encap:" + encapName(u16(6))
	case t == 6 && st == 0:
		return "mac-mobility:" + d(u32(4), 10)
	case t == 3 && st == 0x14:
		return "consistentHashSortOrder:" + d(u32(2), 10)
	}
	return fmt.Sprintf("0x%016X", binary.BigEndian.Uint64(c))
}

// extCommunityKnown reports whether ExaBGP 4.2 has a class for the
// community (its JSON "string" is empty otherwise).
func extCommunityKnown(c []byte) bool {
	switch [2]byte{c[0] & 0x0F, c[1]} {
	case [2]byte{0, 2}, [2]byte{1, 2}, [2]byte{2, 2}, [2]byte{0, 3}, [2]byte{1, 3}, [2]byte{2, 3},
		[2]byte{0, 6}, [2]byte{0, 7}, [2]byte{0, 8}, [2]byte{2, 8}, [2]byte{0, 9}, [2]byte{0, 0x0A},
		[2]byte{1, 0x0C}, [2]byte{8, 0}, [2]byte{3, 0x0C}, [2]byte{6, 0}, [2]byte{3, 0x14}:
		return true
	}
	return false
}

// encapName names a tunnel type of the encapsulation extended community.
func encapName(t uint64) string {
	switch t {
	case 0:
		return "Default"
	case 1:
		return "L2TPv3"
	case 2:
		return "GRE"
	case 7:
		return "IP-in-IP"
	case 8:
		return "VXLAN"
	case 9:
		return "NVGRE"
	case 10:
		return "MPLS"
	case 12:
		return "VXLAN-GPE"
	case 13:
		return "MPLS-in-UDP"
	}
	return "encap:UNKNOWN-" + strconv.FormatUint(t, 10)
}

// ipv6ExtCommunityString is the text of one 20-byte IPv6 extended
// community.
func ipv6ExtCommunityString(c []byte) string {
	t, st := c[0]&0x0F, c[1]
	a := netip.AddrFrom16([16]byte(c[2:18])).String()
	switch {
	case t == 0 && st == 0x0C:
		if binary.BigEndian.Uint16(c[18:])&1 != 0 {
			return "copy-to-nexthop-ietf " + a + " (with copy)"
		}
		return "redirect-to-nexthop-ietf " + a
	case t == 0 && st == 0x0B:
		return "redirect " + a + ":" + strconv.Itoa(int(binary.BigEndian.Uint16(c[18:])))
	}
	return "0x" + strings.ToUpper(fmt.Sprintf("%x", c))
}

// ipv6ExtCommunitiesString is ExaBGP's text of the IPv6 extended
// communities attribute: one value alone, several sorted in brackets.
func ipv6ExtCommunitiesString(v []byte) string {
	var cs [][]byte
	for i := 0; i+20 <= len(v); i += 20 {
		cs = append(cs, v[i:i+20])
	}
	if len(cs) == 1 {
		return ipv6ExtCommunityString(cs[0])
	}
	sort.Slice(cs, func(i, j int) bool { return string(cs[i]) < string(cs[j]) })
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = ipv6ExtCommunityString(c)
	}
	return "[ " + strings.Join(s, " ") + " ]"
}

// prefixSIDJSON is the JSON object of a BGP Prefix-SID attribute.
func prefixSIDJSON(v []byte) ([]byte, error) {
	var parts []string
	for len(v) > 0 {
		if len(v) < 3 {
			return nil, fmt.Errorf("decode prefix-sid: truncated tlv")
		}
		t := v[0]
		l := int(binary.BigEndian.Uint16(v[1:]))
		if len(v) < 3+l {
			return nil, fmt.Errorf("decode prefix-sid: tlv length %d overflows", l)
		}
		d := v[3 : 3+l]
		v = v[3+l:]
		switch t {
		case 1:
			if l != 7 {
				return nil, fmt.Errorf("decode prefix-sid: invalid label index size %d", l)
			}
			parts = append(parts, `"sr-label-index": `+strconv.FormatUint(uint64(binary.BigEndian.Uint32(d[3:])), 10))
		case 3:
			if l < 2 {
				return nil, fmt.Errorf("decode prefix-sid: invalid srgb size %d", l)
			}
			d = d[2:]
			var s []string
			for len(d) >= 6 {
				base := uint32(d[0])<<16 | uint32(d[1])<<8 | uint32(d[2])
				rng := uint32(d[3])<<16 | uint32(d[4])<<8 | uint32(d[5])
				s = append(s, fmt.Sprintf("[%d, %d]", base, rng))
				d = d[6:]
			}
			parts = append(parts, `"sr-srgbs": [`+strings.Join(s, ", ")+`]`)
		default:
			parts = append(parts, fmt.Sprintf(`"attribute-not-implemented": "%d"`, t))
		}
	}
	return []byte("{ " + strings.Join(parts, ", ") + " }"), nil
}

// prefixSIDText is ExaBGP's text of a BGP Prefix-SID attribute:
// "[ 777 ]" or "[ 300, [ ( 800000,4096 ) ] ]".
func prefixSIDText(v []byte) string {
	index, srgb := "None", ""
	for len(v) >= 3 {
		t := v[0]
		l := int(binary.BigEndian.Uint16(v[1:]))
		if len(v) < 3+l {
			break
		}
		d := v[3 : 3+l]
		v = v[3+l:]
		switch {
		case t == 1 && l == 7:
			index = strconv.FormatUint(uint64(binary.BigEndian.Uint32(d[3:])), 10)
		case t == 3 && l >= 2:
			d = d[2:]
			var s []string
			for len(d) >= 6 {
				base := uint32(d[0])<<16 | uint32(d[1])<<8 | uint32(d[2])
				rng := uint32(d[3])<<16 | uint32(d[4])<<8 | uint32(d[5])
				s = append(s, fmt.Sprintf("( %d,%d )", base, rng))
				d = d[6:]
			}
			srgb = "[ " + strings.Join(s, ", ") + " ]"
		}
	}
	if srgb != "" {
		return "[ " + index + ", " + srgb + " ]"
	}
	return "[ " + index + " ]"
}
