package config

import (
	"github.com/exago/exago/codec"
)

// This file reads ExaBGP 5.0's MCAST-VPN routes (RFC 6514), as its
// configuration "announce { ipv4 { mcast-vpn ...; } }" and its API
// "announce ipv4 mcast-vpn ..." write them:
//
//	source-ad source IP group IP rd RD
//	shared-join rp IP group IP rd RD source-as ASN
//	source-join source IP group IP rd RD source-as ASN
//
// followed by next-hop, extended-community and the other route
// attributes. Unlike MUP routes, an IPv4 next hop stays IPv4 in an ipv6
// mcast-vpn route, as in ExaBGP 5.0.

// parseMVPN reads one MCAST-VPN route of afi from c; check requires a
// next hop (announcements).
func parseMVPN(dst []Route, c *cursor, afi codec.AFI, check bool) ([]Route, error) {
	kind, err := c.need("mcast-vpn route type (source-ad, shared-join, source-join)")
	if err != nil {
		return dst, err
	}
	start := c.i - 1
	m := codec.MVPN{AFI: afi}
	source := "source"
	switch kind {
	case "source-ad":
		m.RouteType = codec.MVPNSourceActiveAD
	case "shared-join":
		m.RouteType, source = codec.MVPNSharedTreeJoin, "rp"
	case "source-join":
		m.RouteType = codec.MVPNSourceTreeJoin
	default:
		return dst, c.errf("unknown mcast-vpn route type, expected source-ad, shared-join or source-join")
	}
	if err := expectWord(c, source); err != nil {
		return dst, err
	}
	if m.Source, err = mupAddr(c, afi, source); err != nil {
		return dst, err
	}
	if err := expectWord(c, "group"); err != nil {
		return dst, err
	}
	if m.Group, err = mupAddr(c, afi, "group"); err != nil {
		return dst, err
	}
	if m.RD, err = mupRD(c); err != nil {
		return dst, err
	}
	if m.RouteType != codec.MVPNSourceActiveAD {
		as, err := mupNumber(c, "source-as", 32)
		if err != nil {
			return dst, err
		}
		m.SourceAS = uint32(as)
	}
	var r routeSpec
	r.fam, r.fixedFam = m.Family(), true
	for c.more() {
		w := c.next()
		if w == "label" || w == "path-information" || w == "rd" || w == "route-distinguisher" || w == "split" {
			return dst, c.errf("%s is not valid for mcast-vpn", w)
		}
		ok, err := readRouteKeyword(c, w, &r)
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, c.errf("unknown mcast-vpn route attribute")
		}
	}
	if check && !r.withdraw && !r.nextHop.IsValid() && !r.self {
		return dst, c.errAt(start, "invalid announcement (missing next-hop, label or rd ?)")
	}
	r.nlri = m
	out, err := r.appendRoutes(dst)
	if err != nil {
		return dst, c.errAt(start, "%s", err.Error())
	}
	return out, nil
}
