package api

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// apiMP is the content of MP_REACH_NLRI or MP_UNREACH_NLRI.
type apiMP struct {
	fam   codec.Family
	nlris []apiNLRI
}

// apiAttributes are the decoded path attributes of an UPDATE.
type apiAttributes struct {
	attrs   []apiAttr
	nexthop string
	reach   *apiMP
	unreach *apiMP
}

// knownAttr reports whether ExaBGP 4.2 decodes code itself (it keeps the
// others as generic attributes when transitive and drops them otherwise).
func knownAttr(c codec.AttrCode) bool {
	switch c {
	case codec.AttrOrigin, codec.AttrASPath, codec.AttrNextHop, codec.AttrMED, codec.AttrLocalPref,
		codec.AttrAtomicAggregate, codec.AttrAggregator, codec.AttrCommunities, codec.AttrOriginatorID,
		codec.AttrClusterList, codec.AttrMPReach, codec.AttrMPUnreach, codec.AttrExtCommunities,
		codec.AttrAS4Path, codec.AttrAS4Aggregator, codec.AttrPMSITunnel, codec.AttrIPv6ExtCommunity,
		codec.AttrAIGP, codec.AttrBGPLS, codec.AttrLargeCommunities, codec.AttrPrefixSID:
		return true
	}
	return false
}

// decodeAPIAttributes decodes the path attributes field of an UPDATE.
func decodeAPIAttributes(data []byte, o codec.Options) (*apiAttributes, error) {
	pa := &apiAttributes{nexthop: "no-nexthop"}
	seen := map[codec.AttrCode]bool{}
	values := map[codec.AttrCode][]byte{}
	flags := map[codec.AttrCode]codec.AttrFlags{}
	var order []codec.AttrCode
	for len(data) > 0 {
		if len(data) < 3 {
			return nil, fmt.Errorf("decode path attributes: truncated header")
		}
		flag := codec.AttrFlags(data[0])
		code := codec.AttrCode(data[1])
		off, l := 3, int(data[2])
		if flag&codec.FlagExtLength != 0 {
			if len(data) < 4 {
				return nil, fmt.Errorf("decode path attributes: truncated header")
			}
			off, l = 4, int(binary.BigEndian.Uint16(data[2:]))
		}
		if len(data) < off+l {
			return nil, fmt.Errorf("decode attribute %d: length %d overflows the attributes", code, l)
		}
		v := data[off : off+l]
		data = data[off+l:]
		if seen[code] {
			if code == codec.AttrMPReach || code == codec.AttrMPUnreach {
				return nil, fmt.Errorf("decode attribute %d: duplicate", code)
			}
			continue
		}
		if !knownAttr(code) {
			if flag&codec.FlagTransitive == 0 {
				continue
			}
			flag |= codec.FlagPartial
		}
		seen[code] = true
		values[code] = v
		flags[code] = flag
		order = append(order, code)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })

	asn4 := o.ASN4
	for _, code := range order {
		v := values[code]
		var j []byte
		var text string
		switch code {
		case codec.AttrOrigin:
			if len(v) != 1 {
				return nil, fmt.Errorf("decode origin: length %d", len(v))
			}
			j = append(j, `"origin": "`...)
			j = append(j, originName(v[0])...)
			j = append(j, '"')
			text = " origin " + originName(v[0])
		case codec.AttrASPath:
			if len(v) == 0 {
				continue
			}
			p, err := decodeASPath(v, asn4)
			if err != nil {
				return nil, err
			}
			if v4, ok := values[codec.AttrAS4Path]; ok && len(v4) > 0 {
				p4, err := decodeASPath(v4, true)
				if err != nil {
					return nil, err
				}
				p = mergeAS4Path(p, p4)
			}
			j = p.appendJSON(j)
			text = " as-path " + p.text()
		case codec.AttrAS4Path:
			if _, ok := values[codec.AttrASPath]; ok && len(values[codec.AttrASPath]) > 0 {
				continue
			}
			if len(v) == 0 {
				continue
			}
			p, err := decodeASPath(v, true)
			if err != nil {
				return nil, err
			}
			// ExaBGP prints its class flags (optional transitive).
			j = append(j, fmt.Sprintf(`"attribute-0x%02X-0x%02X": "%s"`, uint8(code), 0xC0, p.text())...)
			text = fmt.Sprintf(" attribute [ 0x%02X 0x%02X %s ]", uint8(code), 0xC0, p.text())
		case codec.AttrNextHop:
			if len(v) != 4 {
				return nil, fmt.Errorf("decode next-hop: length %d", len(v))
			}
			pa.nexthop = netip.AddrFrom4([4]byte(v)).String()
			continue
		case codec.AttrMED, codec.AttrLocalPref:
			if len(v) != 4 {
				return nil, fmt.Errorf("decode attribute %d: length %d", code, len(v))
			}
			name := "med"
			if code == codec.AttrLocalPref {
				name = "local-preference"
			}
			j = appendQuoted(j, name)
			j = append(j, ": "...)
			j = strconv.AppendUint(j, uint64(binary.BigEndian.Uint32(v)), 10)
			text = " " + name + " " + strconv.FormatUint(uint64(binary.BigEndian.Uint32(v)), 10)
		case codec.AttrAtomicAggregate:
			j = append(j, `"atomic-aggregate": true`...)
			text = " atomic-aggregate"
		case codec.AttrAggregator, codec.AttrAS4Aggregator:
			// ExaBGP 4.2 reads both with the session's AS width and
			// reports each as "aggregator".
			w := 2
			if asn4 {
				w = 4
			}
			if len(v) < w || len(v) < 4 {
				return nil, fmt.Errorf("decode aggregator: length %d", len(v))
			}
			var as uint32
			if w == 2 {
				as = uint32(binary.BigEndian.Uint16(v))
			} else {
				as = binary.BigEndian.Uint32(v)
			}
			j = append(j, `"aggregator": "`...)
			j = strconv.AppendUint(j, uint64(as), 10)
			j = append(j, ':')
			j = netip.AddrFrom4([4]byte(v[len(v)-4:])).AppendTo(j)
			j = append(j, '"')
			text = " aggregator ( " + strconv.FormatUint(uint64(as), 10) + ":" + netip.AddrFrom4([4]byte(v[len(v)-4:])).String() + " )"
		case codec.AttrCommunities:
			if len(v)%4 != 0 {
				return nil, fmt.Errorf("decode communities: length %d", len(v))
			}
			text = " community " + listText(v, 4, communityString)
			j = append(j, `"community": [ `...)
			for i := 0; i < len(v); i += 4 {
				if i > 0 {
					j = append(j, ", "...)
				}
				j = append(j, "[ "...)
				j = strconv.AppendUint(j, uint64(binary.BigEndian.Uint16(v[i:])), 10)
				j = append(j, ", "...)
				j = strconv.AppendUint(j, uint64(binary.BigEndian.Uint16(v[i+2:])), 10)
				j = append(j, " ]"...)
			}
			j = append(j, " ]"...)
		case codec.AttrOriginatorID:
			if len(v) != 4 {
				return nil, fmt.Errorf("decode originator-id: length %d", len(v))
			}
			text = " originator-id " + netip.AddrFrom4([4]byte(v)).String()
			j = append(j, `"originator-id": "`...)
			j = netip.AddrFrom4([4]byte(v)).AppendTo(j)
			j = append(j, '"')
		case codec.AttrClusterList:
			if len(v)%4 != 0 {
				return nil, fmt.Errorf("decode cluster-list: length %d", len(v))
			}
			text = " cluster-list " + clusterListText(v)
			j = append(j, `"cluster-list": [ `...)
			for i := 0; i < len(v); i += 4 {
				if i > 0 {
					j = append(j, ", "...)
				}
				j = append(j, '"')
				j = netip.AddrFrom4([4]byte(v[i:])).AppendTo(j)
				j = append(j, '"')
			}
			j = append(j, " ]"...)
		case codec.AttrMPReach:
			mp, err := decodeAPIMPReach(v, o)
			if err != nil {
				return nil, err
			}
			pa.reach = mp
			continue
		case codec.AttrMPUnreach:
			mp, err := decodeAPIMPUnreach(v, o)
			if err != nil {
				return nil, err
			}
			pa.unreach = mp
			continue
		case codec.AttrExtCommunities:
			if len(v)%8 != 0 {
				return nil, fmt.Errorf("decode extended-community: length %d", len(v))
			}
			for i := 0; i < len(v); i += 8 {
				if v[i] == 0x82 && v[i+1] == 0x08 {
					// ExaBGP 4.2 recurses forever printing this one.
					return nil, fmt.Errorf("decode extended-community: redirect with 4-byte AS is not printable by ExaBGP 4.2")
				}
			}
			text = " extended-community " + listText(v, 8, extCommunityString)
			j = append(j, `"extended-community": [ `...)
			for i := 0; i < len(v); i += 8 {
				if i > 0 {
					j = append(j, ", "...)
				}
				j = append(j, `{ "value": `...)
				j = strconv.AppendUint(j, binary.BigEndian.Uint64(v[i:]), 10)
				j = append(j, `, "string": "`...)
				if extCommunityKnown(v[i : i+8]) {
					j = append(j, extCommunityString(v[i:i+8])...)
				}
				j = append(j, `" }`...)
			}
			j = append(j, " ]"...)
		case codec.AttrIPv6ExtCommunity:
			if len(v)%20 != 0 {
				return nil, fmt.Errorf("decode ipv6 extended-community: length %d", len(v))
			}
			j = append(j, fmt.Sprintf(`"attribute-0x%02X-0x%02X": "%s"`, uint8(code), 0xC0, ipv6ExtCommunitiesString(v))...)
			text = fmt.Sprintf(" attribute [ 0x%02X 0x%02X %s ]", uint8(code), 0xC0, ipv6ExtCommunitiesString(v))
		case codec.AttrLargeCommunities:
			if len(v)%12 != 0 {
				return nil, fmt.Errorf("decode large-community: length %d", len(v))
			}
			text = " large-community " + listText(v, 12, largeCommunityString)
			j = append(j, `"large-community": [ `...)
			for i := 0; i < len(v); i += 12 {
				if i > 0 {
					j = append(j, ", "...)
				}
				j = append(j, "[ "...)
				j = strconv.AppendUint(j, uint64(binary.BigEndian.Uint32(v[i:])), 10)
				j = append(j, ", "...)
				j = strconv.AppendUint(j, uint64(binary.BigEndian.Uint32(v[i+4:])), 10)
				j = append(j, " , "...)
				j = strconv.AppendUint(j, uint64(binary.BigEndian.Uint32(v[i+8:])), 10)
				j = append(j, " ]"...)
			}
			j = append(j, " ]"...)
		case codec.AttrAIGP:
			// ExaBGP 4.2 drops AIGP unless the aigp capability was
			// negotiated, which exago does not model here.
			continue
		case codec.AttrPMSITunnel:
			if len(v) < 5 {
				return nil, fmt.Errorf("decode pmsi: length %d", len(v))
			}
			ps := pmsiString(v)
			j = append(j, `"pmsi": "`+ps+`"`...)
			text = " pmsi " + ps
		case codec.AttrPrefixSID:
			s, err := prefixSIDJSON(v)
			if err != nil {
				return nil, err
			}
			j = append(j, `"bgp-prefix-sid": `...)
			j = append(j, s...)
			text = " bgp-prefix-sid " + prefixSIDText(v)
		default:
			j = append(j, fmt.Sprintf(`"attribute-0x%02X-0x%02X": "0x`, uint8(code), uint8(flags[code]))...)
			j = appendHexLower(j, v)
			j = append(j, '"')
			text = fmt.Sprintf(" attribute [ 0x%02X 0x%02X 0x%x ]", uint8(code), uint8(flags[code]), v)
		}
		pa.attrs = append(pa.attrs, apiAttr{code: code, json: j, text: text})
	}
	return pa, nil
}

// originName is ExaBGP's name of an ORIGIN value.
func originName(v byte) string {
	switch v {
	case 0:
		return "igp"
	case 1:
		return "egp"
	case 2:
		return "incomplete"
	}
	return "invalid"
}

// asPath is an AS_PATH flattened by segment kind, as ExaBGP keeps it.
type asPath struct {
	seq, set, cseq, cset []uint32
}

// decodeASPath reads AS_PATH or AS4_PATH segments.
func decodeASPath(v []byte, asn4 bool) (asPath, error) {
	var p asPath
	w := 2
	if asn4 {
		w = 4
	}
	for len(v) > 0 {
		if len(v) < 2 {
			return p, fmt.Errorf("decode as-path: truncated segment")
		}
		t, n := v[0], int(v[1])
		if len(v) < 2+n*w {
			return p, fmt.Errorf("decode as-path: not enough data")
		}
		var dst *[]uint32
		switch t {
		case 1:
			dst = &p.set
		case 2:
			dst = &p.seq
		case 3:
			dst = &p.cseq
		case 4:
			dst = &p.cset
		default:
			return p, fmt.Errorf("decode as-path: invalid segment type %d", t)
		}
		for i := 0; i < n; i++ {
			o := 2 + i*w
			if w == 2 {
				*dst = append(*dst, uint32(binary.BigEndian.Uint16(v[o:])))
			} else {
				*dst = append(*dst, binary.BigEndian.Uint32(v[o:]))
			}
		}
		v = v[2+n*w:]
	}
	return p, nil
}

// mergeAS4Path applies RFC 6793 section 4.2.3 the way ExaBGP 4.2 does
// (confederation segments are dropped).
func mergeAS4Path(p2, p4 asPath) asPath {
	var r asPath
	if len(p2.seq) < len(p4.seq) {
		r.seq = p2.seq
	} else {
		r.seq = append(append([]uint32(nil), p2.seq[:len(p2.seq)-len(p4.seq)]...), p4.seq...)
	}
	if len(p2.set) < len(p4.set) {
		r.set = p4.set
	} else {
		r.set = append(append([]uint32(nil), p2.set[:len(p2.set)-len(p4.set)]...), p4.set...)
	}
	return r
}

// appendJSON writes the as-path members: "as-path" and
// "confederation-path" always, "as-set" and "confederation-set" when not
// empty.
func (p asPath) appendJSON(b []byte) []byte {
	list := func(b []byte, name string, v []uint32, always bool) []byte {
		if len(v) == 0 && !always {
			return b
		}
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		b = appendQuoted(b, name)
		b = append(b, ": "...)
		if len(v) == 0 {
			return append(b, "[]"...)
		}
		b = append(b, "[ "...)
		for i, a := range v {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = strconv.AppendUint(b, uint64(a), 10)
		}
		return append(b, " ]"...)
	}
	sub := list(nil, "as-path", p.seq, true)
	sub = list(sub, "as-set", p.set, false)
	sub = list(sub, "confederation-path", p.cseq, true)
	sub = list(sub, "confederation-set", p.cset, false)
	return append(b, sub...)
}

// text is ExaBGP's text form of an AS path: "[ 1 2 ( 3 4 ) ]".
func (p asPath) text() string {
	s := asPathString(p.seq, p.set)
	if len(p.cseq) > 0 || len(p.cset) > 0 {
		s += asPathString(p.cseq, p.cset)
	}
	return s
}

func asPathString(seq, set []uint32) string {
	join := func(v []uint32) string {
		s := ""
		for i, a := range v {
			if i > 0 {
				s += " "
			}
			s += strconv.FormatUint(uint64(a), 10)
		}
		return s
	}
	switch {
	case len(seq) == 1 && len(set) == 0:
		return "[ " + join(seq) + " ]"
	case len(seq) >= 1 && len(set) > 0:
		return "[ " + join(seq) + " ( " + join(set) + " ) ]"
	case len(seq) > 1:
		return "[ " + join(seq) + " ]"
	case len(set) > 0:
		return "[ ( " + join(set) + " )]"
	}
	return "[ ]"
}

// appendHexLower writes v as lower-case hex.
func appendHexLower(b, v []byte) []byte {
	const digits = "0123456789abcdef"
	for _, c := range v {
		b = append(b, digits[c>>4], digits[c&15])
	}
	return b
}

// communityString is ExaBGP's text of a standard community.
func communityString(c []byte) string {
	switch binary.BigEndian.Uint32(c) {
	case 0xFFFFFF01:
		return "no-export"
	case 0xFFFFFF02:
		return "no-advertise"
	case 0xFFFFFF03:
		return "no-export-subconfed"
	case 0xFFFFFF04:
		return "no-peer"
	case 0xFFFF029A:
		return "blackhole"
	}
	return strconv.Itoa(int(binary.BigEndian.Uint16(c))) + ":" + strconv.Itoa(int(binary.BigEndian.Uint16(c[2:])))
}

// largeCommunityString is ExaBGP's text of a large community.
func largeCommunityString(c []byte) string {
	return strconv.FormatUint(uint64(binary.BigEndian.Uint32(c)), 10) + ":" +
		strconv.FormatUint(uint64(binary.BigEndian.Uint32(c[4:])), 10) + ":" +
		strconv.FormatUint(uint64(binary.BigEndian.Uint32(c[8:])), 10)
}

// listText is ExaBGP's text of a community list: one value alone, several
// sorted by their wire bytes between brackets.
func listText(v []byte, size int, str func([]byte) string) string {
	var cs [][]byte
	for i := 0; i+size <= len(v); i += size {
		cs = append(cs, v[i:i+size])
	}
	if len(cs) == 1 {
		return str(cs[0])
	}
	sort.SliceStable(cs, func(i, j int) bool { return string(cs[i]) < string(cs[j]) })
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = str(c)
	}
	return "[ " + strings.Join(s, " ") + " ]"
}

// clusterListText is ExaBGP's text of a cluster list: bracketed unless
// the attribute is one byte long.
func clusterListText(v []byte) string {
	var s []string
	for i := 0; i+4 <= len(v); i += 4 {
		s = append(s, netip.AddrFrom4([4]byte(v[i:i+4])).String())
	}
	return "[ " + strings.Join(s, " ") + " ]"
}

// pmsiString is ExaBGP's text of a PMSI tunnel attribute
// ("pmsi:ingressreplication:0:100(1601):3.3.3.3").
func pmsiString(v []byte) string {
	flags, tt := v[0], v[1]
	raw := uint32(v[2])<<16 | uint32(v[3])<<8 | uint32(v[4])
	tunnel := v[5:]
	names := map[byte]string{0: "notunnel", 1: "rsvp-tep2mplsp", 2: "mldpp2mplsp", 3: "pim-ssmtree",
		4: "pim-smtree", 5: "bidir-pimtree", 6: "ingressreplication", 7: "mldpmp2mplsp"}
	name, ok := names[tt]
	if !ok {
		name = "unknown"
	}
	label := "0"
	if raw != 0 {
		label = strconv.FormatUint(uint64(raw>>4), 10) + "(" + strconv.FormatUint(uint64(raw), 10) + ")"
	}
	var t string
	switch {
	case tt == 0:
	case tt == 6 && len(tunnel) == 4:
		t = netip.AddrFrom4([4]byte(tunnel)).String()
	case tt == 6 && len(tunnel) == 16:
		t = netip.AddrFrom16([16]byte(tunnel)).String()
	case len(tunnel) > 0:
		t = "0x" + string(appendHexUpper(nil, tunnel))
	}
	return "pmsi:" + name + ":" + strconv.Itoa(int(flags)) + ":" + label + ":" + t
}
