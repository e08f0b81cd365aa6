package api

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/exago/exago/codec"
)

// apiNLRI is one NLRI of an UPDATE as ExaBGP's API prints it.
type apiNLRI struct {
	fam       codec.Family
	announced bool
	// nexthop is the next hop's text ("no-nexthop" when there is none).
	nexthop string
	// flow is set for flow NLRI, whose JSON depends on the next hop.
	flow *flowNLRI
	// json is the NLRI JSON object.
	json []byte
	// compact is the exabgp.api.compact form ("10.0.0.0/24") of a plain
	// prefix; nil when the NLRI has no compact form.
	compact []byte
	// pre and post are ExaBGP's text of the NLRI before and after the
	// " next-hop X" part of its extensive form.
	pre, post string
	// vpls is set for VPLS NLRI, whose text always names a next hop.
	vpls bool
	// evpn is set for EVPN NLRI, whose text never names a next hop.
	evpn bool
	// dropped is set for NLRI ExaBGP silently ignores (malformed flows).
	dropped bool
}

// extensive is ExaBGP's text form of the NLRI ("10.0.0.0/24 next-hop
// 1.2.3.4", "flow ...", "eor 1/1 (ipv4 unicast)").
func (n apiNLRI) extensive() string {
	switch {
	case n.flow != nil:
		if n.nexthop == "no-nexthop" {
			return n.flow.extensive("")
		}
		return n.flow.extensive(n.nexthop)
	case n.evpn:
		return n.pre
	case n.vpls && n.nexthop == "no-nexthop":
		return n.pre
	case n.vpls:
		return n.pre + "next-hop " + n.nexthop
	case n.nexthop == "no-nexthop":
		return n.pre + n.post
	}
	return n.pre + " next-hop " + n.nexthop + n.post
}

// apiAttr is one path attribute ready to print: its code (for ordering)
// and its JSON members ("name": value, possibly several for AS_PATH).
type apiAttr struct {
	code codec.AttrCode
	json []byte
	// text is the attribute in ExaBGP's text API form, led by a space.
	text string
}

// apiUpdate is an UPDATE decoded the way ExaBGP 4.2 reports it.
type apiUpdate struct {
	eor   *codec.Family
	attrs []apiAttr
	nlris []apiNLRI
}

// decodeAPIUpdate decodes an UPDATE body (after the 19-byte header) under
// the options of its direction.
func decodeAPIUpdate(body []byte, o codec.Options) (*apiUpdate, error) {
	u := &apiUpdate{}
	if len(body) == 4 && binary.BigEndian.Uint32(body) == 0 {
		u.eor = &codec.IPv4Unicast
		return u, nil
	}
	if len(body) == 11 && body[0] == 0 && body[1] == 0 && body[2] == 0 && body[3] == 7 &&
		body[4] == 0x90 && body[5] == 0x0F && body[6] == 0 && body[7] == 3 {
		f := codec.Family{AFI: codec.AFI(binary.BigEndian.Uint16(body[8:])), SAFI: codec.SAFI(body[10])}
		u.eor = &f
		return u, nil
	}
	if len(body) < 2 {
		return nil, fmt.Errorf("decode update: %d bytes, need 4", len(body))
	}
	wl := int(binary.BigEndian.Uint16(body))
	if len(body) < 2+wl+2 {
		return nil, fmt.Errorf("decode update: withdrawn routes length %d overflows the message", wl)
	}
	withdrawn := body[2 : 2+wl]
	al := int(binary.BigEndian.Uint16(body[2+wl:]))
	if len(body) < 4+wl+al {
		return nil, fmt.Errorf("decode update: path attributes length %d overflows the message", al)
	}
	attrs := body[4+wl : 4+wl+al]
	announced := body[4+wl+al:]

	pa, err := decodeAPIAttributes(attrs, o)
	if err != nil {
		return nil, err
	}
	u.attrs = pa.attrs

	v4 := codec.IPv4Unicast
	addPath := o.HasAddPath(v4)
	for len(withdrawn) > 0 {
		n, rest, err := decodeAPINLRI(v4, withdrawn, addPath, false)
		if err != nil {
			return nil, err
		}
		n.nexthop = "no-nexthop"
		u.nlris = append(u.nlris, n)
		withdrawn = rest
	}
	for len(announced) > 0 {
		n, rest, err := decodeAPINLRI(v4, announced, addPath, true)
		if err != nil {
			return nil, err
		}
		n.nexthop = pa.nexthop
		u.nlris = append(u.nlris, n)
		announced = rest
	}
	if pa.unreach != nil {
		for _, n := range pa.unreach.nlris {
			u.nlris = append(u.nlris, n)
		}
	}
	if pa.reach != nil {
		for _, n := range pa.reach.nlris {
			u.nlris = append(u.nlris, n)
		}
	}
	if len(u.attrs) == 0 && len(u.nlris) == 0 {
		switch {
		case pa.unreach == nil && pa.reach == nil:
			u.eor = &codec.IPv4Unicast
		case pa.unreach != nil:
			u.eor = &pa.unreach.fam
		default:
			u.eor = &pa.reach.fam
		}
	}
	return u, nil
}

// appendUpdateMessage writes the "message": {...} member of an update;
// compact prints plain prefixes as strings (exabgp.api.compact).
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
	// announced: family -> next hop -> nlris, in order of appearance.
	type group struct {
		nh    string
		nlris [][]byte
	}
	type famAnn struct {
		fam    codec.Family
		groups []*group
	}
	type famWd struct {
		fam   codec.Family
		nlris [][]byte
	}
	var plus []*famAnn
	var minus []*famWd
	for _, n := range u.nlris {
		if n.announced {
			var fa *famAnn
			for _, x := range plus {
				if x.fam == n.fam {
					fa = x
				}
			}
			if fa == nil {
				fa = &famAnn{fam: n.fam}
				plus = append(plus, fa)
			}
			var g *group
			for _, x := range fa.groups {
				if x.nh == n.nexthop {
					g = x
				}
			}
			if g == nil {
				g = &group{nh: n.nexthop}
				fa.groups = append(fa.groups, g)
			}
			g.nlris = append(g.nlris, n.jsonForm(compact))
			continue
		}
		var fw *famWd
		for _, x := range minus {
			if x.fam == n.fam {
				fw = x
			}
		}
		if fw == nil {
			fw = &famWd{fam: n.fam}
			minus = append(minus, fw)
		}
		fw.nlris = append(fw.nlris, n.jsonForm(compact))
	}
	b = append(b, `"update": { `...)
	if len(u.attrs) > 0 {
		b = append(b, `"attribute": { `...)
		for i, a := range u.attrs {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, a.json...)
		}
		b = append(b, " }"...)
		if len(plus) > 0 || len(minus) > 0 {
			b = append(b, ", "...)
		}
	}
	if len(plus) > 0 {
		b = append(b, `"announce": { `...)
		for i, fa := range plus {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendQuoted(b, fa.fam.String())
			b = append(b, ": { "...)
			for j, g := range fa.groups {
				if j > 0 {
					b = append(b, ", "...)
				}
				b = appendQuoted(b, g.nh)
				b = append(b, ": [ "...)
				for k, n := range g.nlris {
					if k > 0 {
						b = append(b, ", "...)
					}
					b = append(b, n...)
				}
				b = append(b, " ]"...)
			}
			b = append(b, " }"...)
		}
		b = append(b, " }"...)
		if len(minus) > 0 {
			b = append(b, ", "...)
		}
	}
	if len(minus) > 0 {
		b = append(b, `"withdraw": { `...)
		for i, fw := range minus {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendQuoted(b, fw.fam.String())
			b = append(b, ": [ "...)
			for k, n := range fw.nlris {
				if k > 0 {
					b = append(b, ", "...)
				}
				b = append(b, n...)
			}
			b = append(b, " ]"...)
		}
		b = append(b, " }"...)
	}
	b = append(b, " }"...)
	return append(b, " }"...)
}

// attributesText is ExaBGP's text of the attributes, each led by a space.
func (u *apiUpdate) attributesText() string {
	s := ""
	for _, a := range u.attrs {
		s += a.text
	}
	return s
}

// eorText is ExaBGP's text of an End-of-RIB marker.
func eorText(f codec.Family) string {
	return "eor " + strconv.Itoa(int(f.AFI)) + "/" + strconv.Itoa(int(f.SAFI)) + " (" + f.String() + ")"
}

// jsonForm is the NLRI's JSON, compact when asked and possible.
func (n apiNLRI) jsonForm(compact bool) []byte {
	if compact && n.compact != nil {
		return n.compact
	}
	return n.json
}
