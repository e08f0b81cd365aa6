package api

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// apiAttributes are the path attributes of an UPDATE as ExaBGP reports
// them, with the parts that go with the NLRI.
type apiAttributes struct {
	// json is the members of the "attribute" object, ", "-separated.
	json []byte
	// text is the attributes in ExaBGP's text API form, each led by a
	// space (only when asked for).
	text string
	// count is the number of attributes printed.
	count   int
	nexthop netip.Addr
	reach   *codec.MPReach
	unreach *codec.MPUnreach
	// jsonErr and textErr are why the JSON or the text form could not be
	// written where ExaBGP 4.2 fails on one form only (BGP-LS TLVs it
	// has no JSON or no text for).
	jsonErr, textErr error
}

// exabgpAttributes returns attrs in ExaBGP 4.2's printing order (by
// code). On a 2-byte AS session (!o.ASN4) codec folds AS4_PATH and
// AS4_AGGREGATOR into AS_PATH and AGGREGATOR, while ExaBGP 4.2 prints
// AGGREGATOR as received and AS4_AGGREGATOR read with 2-byte AS numbers
// (its first two bytes) as a second "aggregator", and merges AS4_PATH its
// own way: the attributes as received come from codec (DecodeAS4Received
// on body), or, without body, are rebuilt from the folded AGGREGATOR.
func exabgpAttributes(attrs []codec.Attribute, o codec.Options, body []byte) []codec.Attribute {
	out := attrs
	if !o.ASN4 {
		var r codec.AS4Received
		if body != nil {
			r = codec.DecodeAS4Received(body, o)
		} else if a, ok := codec.FindAttribute(attrs, codec.AttrAggregator); ok {
			if ag := a.(codec.Aggregator); ag.AS > 0xffff {
				r.Aggregator = &codec.Aggregator{AS: codec.ASTrans, Address: ag.Address}
				r.AS4Aggregator = &codec.AS4Aggregator{AS: ag.AS, Address: ag.Address}
			}
		}
		out = make([]codec.Attribute, 0, len(attrs)+2)
		var has4, hasAgg4 bool
		for _, x := range attrs {
			switch x.(type) {
			case codec.ASPath:
				if r.ASPath != nil {
					x = r.ASPath
				}
			case codec.Aggregator:
				if r.Aggregator != nil {
					x = *r.Aggregator
				}
			case codec.AS4Path:
				has4 = true
			case codec.AS4Aggregator:
				hasAgg4 = true
			}
			out = append(out, x)
		}
		if r.AS4Path != nil && !has4 {
			out = append(out, r.AS4Path)
		}
		if r.AS4Aggregator != nil && !hasAgg4 {
			out = append(out, *r.AS4Aggregator)
		}
	}
	if !slices.IsSortedFunc(out, cmpAttr) {
		if o.ASN4 {
			out = slices.Clone(out) // attrs is the caller's
		}
		slices.SortStableFunc(out, cmpAttr)
	}
	return out
}

// formatAttributes turns codec's decoded attributes into ExaBGP 4.2's
// printed ones, ordered by code; withText asks for the text form too. o
// are the options they were decoded with; body is the UPDATE body they
// came from, nil when unknown.
func formatAttributes(attrs []codec.Attribute, o codec.Options, withText bool, body []byte) (*apiAttributes, error) {
	pa := &apiAttributes{}
	attrs = exabgpAttributes(attrs, o, body)
	var as4 codec.AS4Path
	path, hasPath := codec.FindAttribute(attrs, codec.AttrASPath)
	if a, ok := codec.FindAttribute(attrs, codec.AttrAS4Path); ok {
		as4 = a.(codec.AS4Path)
	}
	hasPath = hasPath && len(path.(codec.ASPath)) > 0
	var tb strings.Builder
	for _, a := range attrs {
		j := pa.json
		if pa.count > 0 {
			j = append(j, ", "...)
		}
		var text string
		switch v := a.(type) {
		case codec.Origin:
			j = append(j, `"origin": "`...)
			j = append(j, v.String()...)
			j = append(j, '"')
			if withText {
				text = " origin " + v.String()
			}
		case codec.ASPath:
			if len(v) == 0 {
				continue
			}
			p := flatPath(v)
			if len(as4) > 0 {
				p = mergeAS4Path(p, flatPath(codec.ASPath(as4)))
			}
			j = p.appendJSON(j)
			if withText {
				text = " as-path " + p.text()
			}
		case codec.AS4Path:
			if hasPath || len(v) == 0 {
				continue
			}
			// ExaBGP prints its class flags (optional transitive).
			s := flatPath(codec.ASPath(v)).text()
			j = fmt.Appendf(j, `"attribute-0x%02X-0x%02X": "%s"`, uint8(codec.AttrAS4Path), 0xC0, s)
			if withText {
				text = fmt.Sprintf(" attribute [ 0x%02X 0x%02X %s ]", uint8(codec.AttrAS4Path), 0xC0, s)
			}
		case codec.NextHop:
			pa.nexthop = v.Addr()
			continue
		case codec.MED:
			j = append(j, `"med": `...)
			j = strconv.AppendUint(j, uint64(v), 10)
			if withText {
				text = " med " + strconv.FormatUint(uint64(v), 10)
			}
		case codec.LocalPref:
			j = append(j, `"local-preference": `...)
			j = strconv.AppendUint(j, uint64(v), 10)
			if withText {
				text = " local-preference " + strconv.FormatUint(uint64(v), 10)
			}
		case codec.AtomicAggregate:
			j = append(j, `"atomic-aggregate": true`...)
			text = " atomic-aggregate"
		case codec.Aggregator:
			j, text = appendAggregator(j, v, withText)
		case codec.AS4Aggregator:
			// ExaBGP 4.2 reports it as a second "aggregator", read with
			// the session's AS width.
			ag := codec.Aggregator(v)
			if !o.ASN4 {
				ag.AS >>= 16
			}
			j, text = appendAggregator(j, ag, withText)
		case codec.Communities:
			if withText {
				text = " community " + v.String()
			}
			j = append(j, `"community": [ `...)
			for i, c := range v {
				if i > 0 {
					j = append(j, ", "...)
				}
				j = append(j, "[ "...)
				j = strconv.AppendUint(j, uint64(c>>16), 10)
				j = append(j, ", "...)
				j = strconv.AppendUint(j, uint64(c&0xffff), 10)
				j = append(j, " ]"...)
			}
			j = append(j, " ]"...)
		case codec.OriginatorID:
			if withText {
				text = " originator-id " + netip.Addr(v).String()
			}
			j = append(j, `"originator-id": "`...)
			j = netip.Addr(v).AppendTo(j)
			j = append(j, '"')
		case codec.ClusterList:
			j = append(j, `"cluster-list": [ `...)
			for i, c := range v {
				if i > 0 {
					j = append(j, ", "...)
				}
				j = append(j, '"')
				j = c.AppendTo(j)
				j = append(j, '"')
			}
			j = append(j, " ]"...)
			if withText {
				s := make([]string, len(v))
				for i, c := range v {
					s[i] = c.String()
				}
				text = " cluster-list [ " + strings.Join(s, " ") + " ]"
			}
		case codec.MPReach:
			pa.reach = &v
			continue
		case codec.MPUnreach:
			pa.unreach = &v
			continue
		case codec.ExtendedCommunities:
			for _, c := range v {
				if c[0] == 0x82 && c[1] == 0x08 {
					// ExaBGP 4.2 recurses forever printing this one.
					return nil, fmt.Errorf("format extended-community: redirect with 4-byte AS is not printable by ExaBGP 4.2")
				}
			}
			if withText {
				text = " extended-community " + extCommunitiesText(v)
			}
			j = append(j, `"extended-community": [ `...)
			for i, c := range v {
				if i > 0 {
					j = append(j, ", "...)
				}
				j = append(j, `{ "value": `...)
				j = strconv.AppendUint(j, c.Value(), 10)
				j = append(j, `, "string": "`...)
				if extCommunityKnown(c) {
					j = append(j, extCommunityString(c)...)
				}
				j = append(j, `" }`...)
			}
			j = append(j, " ]"...)
		case codec.IPv6ExtendedCommunities:
			s := ipv6ExtCommunitiesString(v)
			j = fmt.Appendf(j, `"attribute-0x%02X-0x%02X": "%s"`, uint8(codec.AttrIPv6ExtCommunity), 0xC0, s)
			if withText {
				text = fmt.Sprintf(" attribute [ 0x%02X 0x%02X %s ]", uint8(codec.AttrIPv6ExtCommunity), 0xC0, s)
			}
		case codec.LargeCommunities:
			if withText {
				text = " large-community " + v.String()
			}
			j = append(j, `"large-community": [ `...)
			for i, c := range v {
				if i > 0 {
					j = append(j, ", "...)
				}
				j = append(j, "[ "...)
				j = strconv.AppendUint(j, uint64(c.Global), 10)
				j = append(j, ", "...)
				j = strconv.AppendUint(j, uint64(c.Local1), 10)
				j = append(j, " , "...)
				j = strconv.AppendUint(j, uint64(c.Local2), 10)
				j = append(j, " ]"...)
			}
			j = append(j, " ]"...)
		case codec.AIGP:
			// ExaBGP 4.2 drops AIGP unless the aigp capability was
			// negotiated, which exago does not model here.
			continue
		case codec.PMSITunnel:
			ps := pmsiString(v)
			j = append(j, `"pmsi": "`...)
			j = append(j, ps...)
			j = append(j, '"')
			text = " pmsi " + ps
		case codec.BGPLSAttribute:
			j = append(j, `"bgp-ls": `...)
			var err error
			if j, err = appendBGPLSAttributeJSON(j, v); err != nil {
				pa.jsonErr = fmt.Errorf("format bgp-ls attribute: %w", err)
			}
			if withText {
				t, err := appendBGPLSAttributeText([]byte(" bgp-ls "), v)
				if err != nil {
					pa.textErr = fmt.Errorf("format bgp-ls attribute text: %w", err)
				}
				text = string(t)
			}
		case codec.PrefixSID:
			j = append(j, `"bgp-prefix-sid": `...)
			j = appendPrefixSIDJSON(j, v)
			if withText {
				text = " bgp-prefix-sid " + prefixSIDText(v)
			}
		default:
			// Generic (unknown transitive, kept with the partial bit as
			// ExaBGP sets it) and attributes ExaBGP prints raw (BGP-LS):
			// codec's encoder gives the value back.
			flags := a.Flags()
			if g, ok := a.(codec.Generic); ok {
				flags = g.AttrFlags | codec.FlagPartial
			}
			val, err := a.AppendValue(nil, o)
			if err != nil {
				return nil, fmt.Errorf("format %s: %w", a.Code(), err)
			}
			j = fmt.Appendf(j, `"attribute-0x%02X-0x%02X": "0x%x"`, uint8(a.Code()), uint8(flags), val)
			if withText {
				text = fmt.Sprintf(" attribute [ 0x%02X 0x%02X 0x%x ]", uint8(a.Code()), uint8(flags), val)
			}
		}
		pa.json = j
		pa.count++
		if withText {
			tb.WriteString(text)
		}
	}
	pa.text = tb.String()
	return pa, nil
}

// cmpAttr orders attributes by code.
func cmpAttr(a, b codec.Attribute) int { return cmp.Compare(a.Code(), b.Code()) }

// appendAggregator writes an "aggregator" member and gives its text
// when withText.
func appendAggregator(j []byte, a codec.Aggregator, withText bool) ([]byte, string) {
	j = append(j, `"aggregator": "`...)
	j = strconv.AppendUint(j, uint64(a.AS), 10)
	j = append(j, ':')
	j = a.Address.AppendTo(j)
	j = append(j, '"')
	if !withText {
		return j, ""
	}
	return j, " aggregator ( " + a.String() + " )"
}

// asPath is an AS_PATH flattened by segment kind, as ExaBGP keeps it.
type asPath struct {
	seq, set, cseq, cset []uint32
}

// flatPath flattens codec's segments.
func flatPath(p codec.ASPath) asPath {
	var r asPath
	for _, s := range p {
		switch s.Type {
		case codec.ASSequence:
			r.seq = append(r.seq, s.ASNs...)
		case codec.ASSet:
			r.set = append(r.set, s.ASNs...)
		case codec.ASConfedSequence:
			r.cseq = append(r.cseq, s.ASNs...)
		case codec.ASConfedSet:
			r.cset = append(r.cset, s.ASNs...)
		}
	}
	return r
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
	list := func(b []byte, name string, v []uint32, always, first bool) []byte {
		if len(v) == 0 && !always {
			return b
		}
		if !first {
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
	b = list(b, "as-path", p.seq, true, true)
	b = list(b, "as-set", p.set, false, false)
	b = list(b, "confederation-path", p.cseq, true, false)
	return list(b, "confederation-set", p.cset, false, false)
}

// text is ExaBGP's text form of an AS path: "[ 1 2 ( 3 4 ) ]".
func (p asPath) text() string {
	s := codec.NewASPath(p.seq, p.set, nil, nil).String()
	if len(p.cseq) > 0 || len(p.cset) > 0 {
		s += codec.NewASPath(p.cseq, p.cset, nil, nil).String()
	}
	return s
}

// pmsiString is ExaBGP's text of a PMSI tunnel attribute
// ("pmsi:ingressreplication:0:100(1601):3.3.3.3").
func pmsiString(p codec.PMSITunnel) string {
	names := [...]string{"notunnel", "rsvp-tep2mplsp", "mldpp2mplsp", "pim-ssmtree",
		"pim-smtree", "bidir-pimtree", "ingressreplication", "mldpmp2mplsp"}
	name := "unknown"
	if int(p.TunnelType) < len(names) {
		name = names[p.TunnelType]
	}
	label := "0"
	if p.RawLabel != 0 {
		label = strconv.FormatUint(uint64(p.Label()), 10) + "(" + strconv.FormatUint(uint64(p.RawLabel), 10) + ")"
	}
	var t string
	switch {
	case p.TunnelType == codec.PMSINoTunnel:
	case p.TunnelType == codec.PMSIIngressReplication && (len(p.Tunnel) == 4 || len(p.Tunnel) == 16):
		a, _ := netip.AddrFromSlice(p.Tunnel)
		t = a.String()
	case len(p.Tunnel) > 0:
		t = "0x" + string(appendHexUpper(nil, p.Tunnel))
	}
	return "pmsi:" + name + ":" + strconv.Itoa(int(p.TunnelFlags)) + ":" + label + ":" + t
}
