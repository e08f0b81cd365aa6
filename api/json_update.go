package api

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/exago/exago/codec"
)

// apiUpdate is an UPDATE as ExaBGP 4.2 reports it: End-of-RIB, or
// attributes and NLRI (each with its next hop) in ExaBGP's order.
type apiUpdate struct {
	eor *codec.Family
	// attrs are the printed attributes (JSON members, text).
	attrs *apiAttributes
	nlris []apiNLRI
}

// printForms are the forms of an UPDATE a caller prints.
type printForms uint8

const (
	// printJSON is the JSON API form.
	printJSON printForms = 1 << iota
	// printText is the text form (text API, "decoded update" lines).
	printText
)

// formatUpdate prepares codec's decoded UPDATE for printing. o are the
// options it was decoded with (add-path decides whether path identifiers
// print); skipped is how many flow routes codec left out of it, as ExaBGP
// does; forms are the forms to print (the text of the attributes is only
// written with printText); body is the UPDATE body it came from (nil when
// unknown). It fails where ExaBGP 4.2 fails to print one of forms.
func formatUpdate(u *codec.Update, o codec.Options, skipped int, forms printForms, body []byte) (*apiUpdate, error) {
	withText := forms&printText != 0
	pa, err := formatAttributes(u.Attributes, o, withText, body)
	if err != nil {
		return nil, err
	}
	out := &apiUpdate{attrs: pa}
	n := len(u.Withdrawn) + len(u.NLRI)
	if pa.unreach != nil {
		n += len(pa.unreach.NLRI)
	}
	if pa.reach != nil {
		n += 2 * len(pa.reach.NLRI)
	}
	out.nlris = make([]apiNLRI, 0, n)
	v4 := o.HasAddPath(codec.IPv4Unicast)
	for _, x := range u.Withdrawn {
		out.nlris = append(out.nlris, apiNLRI{n: x, fam: codec.IPv4Unicast, addPath: v4})
	}
	for _, x := range u.NLRI {
		out.nlris = append(out.nlris, apiNLRI{n: x, fam: codec.IPv4Unicast, announced: true, nh: pa.nexthop, addPath: v4})
	}
	if m := pa.unreach; m != nil {
		if !supportedFamily(m.Family) && len(m.NLRI) > 0 {
			return nil, fmt.Errorf("format update: unsupported family %s", m.Family)
		}
		if err := checkFlows(m.NLRI); err != nil {
			return nil, err
		}
		ap := o.HasAddPath(m.Family)
		for _, x := range m.NLRI {
			out.nlris = append(out.nlris, apiNLRI{n: x, fam: m.Family, addPath: ap})
		}
	}
	if m := pa.reach; m != nil {
		if !supportedFamily(m.Family) {
			return nil, fmt.Errorf("format update: unsupported family %s", m.Family)
		}
		if err := checkNextHop(*m, o); err != nil {
			return nil, err
		}
		if r, ok := codec.MPReachReserved(body); ok && r != 0 {
			return nil, fmt.Errorf("format update: the reserved bit of MP_REACH_NLRI is not zero")
		}
		if len(m.NLRI) == 0 && skipped == 0 {
			return nil, fmt.Errorf("format update: no data to decode in an MPREACHNLRI but it is not an EOR %d/%d", m.Family.AFI, m.Family.SAFI)
		}
		if err := checkFlows(m.NLRI); err != nil {
			return nil, err
		}
		ap := o.HasAddPath(m.Family)
		// ExaBGP reports every NLRI once per next hop (global, then
		// link-local).
		for _, x := range m.NLRI {
			if !m.NextHop.IsValid() {
				out.nlris = append(out.nlris, apiNLRI{n: x, fam: m.Family, announced: true, addPath: ap})
				continue
			}
			out.nlris = append(out.nlris, apiNLRI{n: x, fam: m.Family, announced: true, nh: m.NextHop, addPath: ap})
			if m.LinkLocal.IsValid() {
				out.nlris = append(out.nlris, apiNLRI{n: x, fam: m.Family, announced: true, nh: m.LinkLocal, addPath: ap})
			}
		}
	}
	for i := range out.nlris {
		n := &out.nlris[i]
		switch {
		case isBGPLS(n.fam):
			if err := n.formatBGPLS(); err != nil {
				return nil, err
			}
		case n.fam.SAFI == codec.SAFISRPolicy:
			if _, ok := n.n.(codec.SRPolicy); !ok {
				return nil, fmt.Errorf("format update: malformed %s nlri %s", n.fam, n.n)
			}
		}
	}
	if forms&printJSON != 0 && pa.jsonErr != nil {
		return nil, pa.jsonErr
	}
	if withText && pa.textErr != nil && len(out.nlris) > 0 {
		return nil, pa.textErr
	}
	if pa.count == 0 && len(out.nlris) == 0 {
		f := codec.IPv4Unicast
		switch {
		case pa.unreach != nil:
			f = pa.unreach.Family
		case pa.reach != nil:
			f = pa.reach.Family
		}
		out.eor = &f
	}
	return out, nil
}

// nextHopLengths are the MP_REACH_NLRI next-hop lengths ExaBGP 4.2
// accepts per family (route distinguisher included).
func nextHopLengths(f codec.Family) []int {
	switch f {
	case codec.IPv4Unicast, codec.IPv4Multicast, codec.IPv4MPLS, codec.L2VPNVPLS, codec.L2VPNEVPN:
		return []int{4}
	case codec.IPv4VPN:
		return []int{12}
	case codec.IPv4Flow, codec.IPv4FlowVPN:
		return []int{0, 4}
	case codec.IPv6Unicast, codec.IPv6MPLS:
		return []int{16, 32}
	case codec.IPv6VPN:
		return []int{24, 40}
	case codec.IPv6Flow, codec.IPv6FlowVPN:
		return []int{0, 16, 32}
	case codec.BGPLS:
		return []int{4}
	case codec.IPv4SRPolicy, codec.IPv6SRPolicy:
		// Not in ExaBGP 4.2: either address family, as RFC 9830 allows.
		return []int{4, 16, 32}
	case codec.IPv4MUP, codec.IPv6MUP, codec.IPv4MVPN, codec.IPv6MVPN:
		// ExaBGP 5.0's suite sends either address family in both.
		return []int{4, 16, 32}
	}
	return nil
}

// checkNextHop fails on the next-hop lengths ExaBGP 4.2 refuses for the
// family of m (with extended next hop, the lengths of the next hop's AFI).
func checkNextHop(m codec.MPReach, o codec.Options) error {
	n := 0
	if m.NextHop.IsValid() {
		n = m.NextHop.BitLen() / 8
		if m.LinkLocal.IsValid() {
			n += 16
		}
		if m.Family.SAFI == codec.SAFIMPLSVPN {
			n += 8
		}
	}
	lengths := nextHopLengths(m.Family)
	if len(o.ExtNextHop) > 0 {
		afi := codec.AFIIPv4
		switch n {
		case 16, 32, 24, 40:
			afi = codec.AFIIPv6
		case 4, 12:
		default:
			return fmt.Errorf("format update: unsupported family %s with extended next-hop capability enabled", m.Family)
		}
		if l := nextHopLengths(codec.Family{AFI: afi, SAFI: m.Family.SAFI}); l != nil {
			lengths = l
		}
	}
	if !slices.Contains(lengths, n) {
		return fmt.Errorf("format update: invalid %s next-hop length %d", m.Family, n)
	}
	return nil
}

// checkFlows fails on the flow routes ExaBGP 4.2 cannot print: a protocol
// (next-header) or fragment value of more than one byte makes it fail with
// a TypeError and reject the whole message. codec keeps the value, not its
// wire length, so values that fit one byte but came in two are not seen.
func checkFlows(ns []codec.NLRI) error {
	for _, n := range ns {
		f, ok := n.(codec.Flow)
		if !ok {
			continue
		}
		for _, r := range f.Rules {
			if r.Type != codec.FlowProtocol && r.Type != codec.FlowFragment {
				continue
			}
			for _, op := range r.Ops {
				if op.Value > 0xff {
					return fmt.Errorf("format %s nlri: %s value %d of more than one byte", f.Fam, r.Type.Name(f.Fam.AFI), op.Value)
				}
			}
		}
	}
	return nil
}

// appendUpdateMessage writes the "message": {...} member of an update;
// compact prints plain prefixes as strings (exabgp.api.compact).
// Announced NLRI are grouped by family then next hop, withdrawn ones by
// family, each in order of first appearance, as ExaBGP does.
func appendUpdateMessage(b []byte, u *apiUpdate, compact bool) []byte {
	b = append(b, `"message": { `...)
	if u.eor != nil {
		b = append(b, `"eor": { "afi" : "`...)
		b = append(b, u.eor.AFI.String()...)
		b = append(b, `", "safi" : "`...)
		b = append(b, u.eor.SAFI.String()...)
		b = append(b, `" }`...)
		return append(b, " }"...)
	}
	var plus, minus bool
	for _, n := range u.nlris {
		plus = plus || n.announced
		minus = minus || !n.announced
	}
	b = append(b, `"update": { `...)
	if u.attrs.count > 0 {
		b = append(b, `"attribute": { `...)
		b = append(b, u.attrs.json...)
		b = append(b, " }"...)
		if plus || minus {
			b = append(b, ", "...)
		}
	}
	if plus {
		b = append(b, `"announce": { `...)
		b = u.appendGroups(b, true, compact)
		b = append(b, " }"...)
		if minus {
			b = append(b, ", "...)
		}
	}
	if minus {
		b = append(b, `"withdraw": { `...)
		b = u.appendGroups(b, false, compact)
		b = append(b, " }"...)
	}
	b = append(b, " }"...)
	return append(b, " }"...)
}

// appendGroups writes the announced (family: next hop: [ NLRI ]) or
// withdrawn (family: [ NLRI ]) members.
func (u *apiUpdate) appendGroups(b []byte, announced, compact bool) []byte {
	var famStack [4]codec.Family
	fams := famStack[:0]
	for i, n := range u.nlris {
		if n.announced != announced || slices.Contains(fams, n.fam) {
			continue
		}
		if len(fams) > 0 {
			b = append(b, ", "...)
		}
		f := n.fam
		fams = append(fams, f)
		b = appendQuoted(b, f.String())
		if !announced {
			b = append(b, ": [ "...)
			b = u.appendNLRIs(b, i, f, false, netip.Addr{}, compact)
			b = append(b, " ]"...)
			continue
		}
		b = append(b, ": { "...)
		var hopStack [2]netip.Addr
		hops := hopStack[:0]
		for k := i; k < len(u.nlris); k++ {
			m := u.nlris[k]
			if !m.announced || m.fam != f || slices.Contains(hops, m.nh) {
				continue
			}
			if len(hops) > 0 {
				b = append(b, ", "...)
			}
			hops = append(hops, m.nh)
			b = append(b, '"')
			b = m.appendNextHop(b)
			b = append(b, `": [ `...)
			b = u.appendNLRIs(b, k, f, true, m.nh, compact)
			b = append(b, " ]"...)
		}
		b = append(b, " }"...)
	}
	return b
}

// appendNLRIs writes, from index i on, the JSON of the NLRI of family f in
// that direction (and with next hop nh when announced), ", "-separated.
func (u *apiUpdate) appendNLRIs(b []byte, i int, f codec.Family, announced bool, nh netip.Addr, compact bool) []byte {
	first := true
	for _, m := range u.nlris[i:] {
		if m.announced != announced || m.fam != f || (announced && m.nh != nh) {
			continue
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = m.appendJSON(b, compact)
	}
	return b
}

// attributesText is ExaBGP's text of the attributes, each led by a space.
func (u *apiUpdate) attributesText() string { return u.attrs.text }

// eorText is ExaBGP's text of an End-of-RIB marker.
func eorText(f codec.Family) string {
	return "eor " + strconv.Itoa(int(f.AFI)) + "/" + strconv.Itoa(int(f.SAFI)) + " (" + f.String() + ")"
}
