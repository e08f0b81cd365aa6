package peer

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Path attribute type codes the sink describes.
const (
	attrOrigin       = 1
	attrASPath       = 2
	attrNextHop      = 3
	attrMED          = 4
	attrLocalPref    = 5
	attrAtomicAgg    = 6
	attrAggregator   = 7
	attrCommunities  = 8
	attrOriginatorID = 9
	attrClusterList  = 10
	attrMPReach      = 14
	attrMPUnreach    = 15
	attrExtCommunity = 16
	attrLargeCommun  = 32
)

// mpRoutes are the NLRI of one MP_REACH_NLRI or MP_UNREACH_NLRI.
type mpRoutes struct {
	afi     uint16
	safi    uint8
	nextHop []netip.Addr
	// prefixes are decoded for unicast and multicast of IPv4 and IPv6;
	// other families keep their NLRI as raw bytes.
	prefixes []netip.Prefix
	raw      []byte
}

// family names the AFI/SAFI pair as ExaBGP writes it.
func family(afi uint16, safi uint8) string {
	a := map[uint16]string{1: "ipv4", 2: "ipv6", 25: "l2vpn", 16388: "bgp-ls"}[afi]
	s := map[uint8]string{1: "unicast", 2: "multicast", 4: "nlri-mpls", 5: "mcast-vpn", 70: "evpn", 65: "vpls", 71: "bgp-ls",
		72: "bgp-ls-vpn", 73: "mup", 128: "mpls-vpn", 132: "rtc", 133: "flow", 134: "flow-vpn"}[safi]
	if a == "" {
		a = "afi-" + strconv.Itoa(int(afi))
	}
	if s == "" {
		s = "safi-" + strconv.Itoa(int(safi))
	}
	return a + " " + s
}

// plainPrefixes reports whether the family's NLRI are bare prefixes.
func plainPrefixes(afi uint16, safi uint8) bool {
	return (afi == 1 || afi == 2) && (safi == 1 || safi == 2)
}

// prefixesOf decodes length-prefixed NLRI of IPv4 (afi 1) or IPv6 (afi 2).
func prefixesOf(afi uint16, b []byte) ([]netip.Prefix, error) {
	if afi == 1 {
		return prefixes(b)
	}
	var out []netip.Prefix
	for len(b) > 0 {
		bits := int(b[0])
		if bits > 128 {
			return nil, fmt.Errorf("prefix length %d", bits)
		}
		n := (bits + 7) / 8
		if 1+n > len(b) {
			return nil, fmt.Errorf("prefix truncated: %X", b)
		}
		var a [16]byte
		copy(a[:], b[1:1+n])
		out = append(out, netip.PrefixFrom(netip.AddrFrom16(a), bits))
		b = b[1+n:]
	}
	return out, nil
}

// nextHops reads an MP_REACH_NLRI next hop field: one IPv4 or IPv6
// address, an IPv6 global and link-local pair, each possibly behind a
// route distinguisher (VPN families).
func nextHops(nh []byte) []netip.Addr {
	var out []netip.Addr
	switch len(nh) {
	case 12, 24, 48: // RD + address (+ RD + link-local)
		var plain []byte
		for len(nh) >= 12 {
			size := 4
			if len(nh) >= 24 {
				size = 16
			}
			plain = append(plain, nh[8:8+size]...)
			nh = nh[8+size:]
		}
		nh = plain
	}
	size := 16
	if len(nh) == 4 {
		size = 4
	}
	for len(nh) >= size {
		if a, ok := netip.AddrFromSlice(nh[:size]); ok {
			out = append(out, a)
		}
		nh = nh[size:]
	}
	return out
}

// decodeMP reads an MP_REACH_NLRI (reach) or MP_UNREACH_NLRI value.
func decodeMP(v []byte, reach bool) (mpRoutes, error) {
	var r mpRoutes
	if len(v) < 3 {
		return r, fmt.Errorf("mp attribute too short: %X", v)
	}
	r.afi, r.safi = binary.BigEndian.Uint16(v), v[2]
	v = v[3:]
	if reach {
		if len(v) < 1 || 1+int(v[0])+1 > len(v) {
			return r, fmt.Errorf("mp_reach next hop overflows")
		}
		r.nextHop = nextHops(v[1 : 1+int(v[0])])
		v = v[2+int(v[0]):] // next hop and the reserved byte
	}
	if plainPrefixes(r.afi, r.safi) {
		p, err := prefixesOf(r.afi, v)
		if err != nil {
			return r, err
		}
		r.prefixes = p
		return r, nil
	}
	r.raw = v
	return r, nil
}

// describeAttributes words the path attributes other than MP_REACH and
// MP_UNREACH the way ExaBGP's text API does ("origin igp as-path [ 65001 ]
// med 10 community [ 65000:100 ]"), and returns the MP attributes decoded.
func describeAttributes(attrs []byte) (text string, reach, unreach []mpRoutes, err error) {
	var words []string
	for len(attrs) > 0 {
		if len(attrs) < 3 {
			return "", nil, nil, fmt.Errorf("attribute header truncated")
		}
		flags, code := attrs[0], attrs[1]
		hl, l := 3, int(attrs[2])
		if flags&0x10 != 0 {
			if len(attrs) < 4 {
				return "", nil, nil, fmt.Errorf("attribute header truncated")
			}
			hl, l = 4, int(binary.BigEndian.Uint16(attrs[2:]))
		}
		if hl+l > len(attrs) {
			return "", nil, nil, fmt.Errorf("attribute %d overflows", code)
		}
		v := attrs[hl : hl+l]
		attrs = attrs[hl+l:]
		switch code {
		case attrOrigin:
			if l == 1 && v[0] < 3 {
				words = append(words, "origin", [...]string{"igp", "egp", "incomplete"}[v[0]])
			}
		case attrASPath:
			words = append(words, "as-path", asPath(v))
		case attrNextHop:
			if a, ok := netip.AddrFromSlice(v); ok {
				words = append(words, "next-hop", a.String())
			}
		case attrMED:
			if l == 4 {
				words = append(words, "med", strconv.FormatUint(uint64(binary.BigEndian.Uint32(v)), 10))
			}
		case attrLocalPref:
			if l == 4 {
				words = append(words, "local-preference", strconv.FormatUint(uint64(binary.BigEndian.Uint32(v)), 10))
			}
		case attrAtomicAgg:
			words = append(words, "atomic-aggregate")
		case attrCommunities:
			var cs []string
			for i := 0; i+4 <= len(v); i += 4 {
				cs = append(cs, fmt.Sprintf("%d:%d", binary.BigEndian.Uint16(v[i:]), binary.BigEndian.Uint16(v[i+2:])))
			}
			words = append(words, "community", "[ "+strings.Join(cs, " ")+" ]")
		case attrLargeCommun:
			var cs []string
			for i := 0; i+12 <= len(v); i += 12 {
				cs = append(cs, fmt.Sprintf("%d:%d:%d", binary.BigEndian.Uint32(v[i:]), binary.BigEndian.Uint32(v[i+4:]), binary.BigEndian.Uint32(v[i+8:])))
			}
			words = append(words, "large-community", "[ "+strings.Join(cs, " ")+" ]")
		case attrExtCommunity:
			var cs []string
			for i := 0; i+8 <= len(v); i += 8 {
				cs = append(cs, fmt.Sprintf("0x%X", v[i:i+8]))
			}
			words = append(words, "extended-community", "[ "+strings.Join(cs, " ")+" ]")
		case attrOriginatorID:
			if a, ok := netip.AddrFromSlice(v); ok {
				words = append(words, "originator-id", a.String())
			}
		case attrMPReach, attrMPUnreach:
			r, err := decodeMP(v, code == attrMPReach)
			if err != nil {
				return "", nil, nil, err
			}
			if code == attrMPReach {
				reach = append(reach, r)
			} else {
				unreach = append(unreach, r)
			}
		default:
			words = append(words, fmt.Sprintf("attribute-%d", code), fmt.Sprintf("0x%X", v))
		}
	}
	return strings.Join(words, " "), reach, unreach, nil
}

// asPath words an AS_PATH of 4-byte ASNs (the sink negotiates them):
// sequences plain, sets in parentheses.
func asPath(v []byte) string {
	var parts []string
	for len(v) >= 2 {
		typ, n := v[0], int(v[1])
		v = v[2:]
		if 4*n > len(v) {
			break
		}
		var asns []string
		for i := range n {
			asns = append(asns, strconv.FormatUint(uint64(binary.BigEndian.Uint32(v[4*i:])), 10))
		}
		v = v[4*n:]
		if typ == 1 {
			parts = append(parts, "( "+strings.Join(asns, " ")+" )")
		} else {
			parts = append(parts, asns...)
		}
	}
	if len(parts) == 0 {
		return "[ ]"
	}
	return "[ " + strings.Join(parts, " ") + " ]"
}

// describe words a decoded UPDATE on one line: the IPv4 routes of the
// classic fields, then those of each MP attribute with its family and
// next hop, then the attributes.
func (u update) describe() string {
	var b strings.Builder
	if u.eor {
		return "end-of-rib"
	}
	if len(u.announced) > 0 {
		fmt.Fprintf(&b, "ipv4 unicast announce %v", u.announced)
	}
	if len(u.withdrawn) > 0 {
		sep(&b)
		fmt.Fprintf(&b, "ipv4 unicast withdraw %v", u.withdrawn)
	}
	for _, r := range u.reach {
		sep(&b)
		fmt.Fprintf(&b, "%s announce %s next-hop %v", family(r.afi, r.safi), r.nlri(), r.nextHop)
	}
	for _, r := range u.unreach {
		sep(&b)
		fmt.Fprintf(&b, "%s withdraw %s", family(r.afi, r.safi), r.nlri())
	}
	if u.attrText != "" {
		sep(&b)
		b.WriteString("with ")
		b.WriteString(u.attrText)
	}
	return b.String()
}

func (r mpRoutes) nlri() string {
	if r.raw != nil || r.prefixes == nil {
		return fmt.Sprintf("nlri 0x%X", r.raw)
	}
	return fmt.Sprint(r.prefixes)
}

func sep(b *strings.Builder) {
	if b.Len() > 0 {
		b.WriteString("; ")
	}
}
