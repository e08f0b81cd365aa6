package api

import (
	"fmt"
	"net/netip"
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

// formatUpdate prepares codec's decoded UPDATE for printing; o are the
// options it was decoded with (add-path decides whether path identifiers
// print); withText asks for the text form of the attributes; skipped is how many flow routes codec left out of it, as ExaBGP
// does. It fails where ExaBGP 4.2 fails to print the message.
func formatUpdate(u *codec.Update, o codec.Options, skipped int, withText bool) (*apiUpdate, error) {
	pa, err := formatAttributes(u.Attributes, o, withText)
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
		out.nlris = append(out.nlris, apiNLRI{n: x, addPath: v4})
	}
	for _, x := range u.NLRI {
		out.nlris = append(out.nlris, apiNLRI{n: x, announced: true, nh: pa.nexthop, addPath: v4})
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
			out.nlris = append(out.nlris, apiNLRI{n: x, addPath: ap})
		}
	}
	if m := pa.reach; m != nil {
		if !supportedFamily(m.Family) {
			return nil, fmt.Errorf("format update: unsupported family %s", m.Family)
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
				out.nlris = append(out.nlris, apiNLRI{n: x, announced: true, addPath: ap})
				continue
			}
			out.nlris = append(out.nlris, apiNLRI{n: x, announced: true, nh: m.NextHop, addPath: ap})
			if m.LinkLocal.IsValid() {
				out.nlris = append(out.nlris, apiNLRI{n: x, announced: true, nh: m.LinkLocal, addPath: ap})
			}
		}
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
	first := true
	for i, n := range u.nlris {
		if n.announced != announced || u.seenFamily(i, announced) {
			continue
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		f := n.family()
		b = appendQuoted(b, f.String())
		if !announced {
			b = append(b, ": [ "...)
			b = u.appendNLRIs(b, i, f, false, netip.Addr{}, compact)
			b = append(b, " ]"...)
			continue
		}
		b = append(b, ": { "...)
		firstHop := true
		for k := i; k < len(u.nlris); k++ {
			m := u.nlris[k]
			if !m.announced || m.family() != f || u.seenNextHop(i, k) {
				continue
			}
			if !firstHop {
				b = append(b, ", "...)
			}
			firstHop = false
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

// seenFamily reports whether an NLRI before i has the same family and
// direction as u.nlris[i].
func (u *apiUpdate) seenFamily(i int, announced bool) bool {
	f := u.nlris[i].family()
	for _, m := range u.nlris[:i] {
		if m.announced == announced && m.family() == f {
			return true
		}
	}
	return false
}

// seenNextHop reports whether an announced NLRI of the family between
// from and k has the next hop of u.nlris[k].
func (u *apiUpdate) seenNextHop(from, k int) bool {
	n := u.nlris[k]
	for _, m := range u.nlris[from:k] {
		if m.announced && m.family() == n.family() && m.nh == n.nh {
			return true
		}
	}
	return false
}

// appendNLRIs writes, from index i on, the JSON of the NLRI of family f in
// that direction (and with next hop nh when announced), ", "-separated.
func (u *apiUpdate) appendNLRIs(b []byte, i int, f codec.Family, announced bool, nh netip.Addr, compact bool) []byte {
	first := true
	for _, m := range u.nlris[i:] {
		if m.announced != announced || m.family() != f || (announced && m.nh != nh) {
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
