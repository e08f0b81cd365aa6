package config

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/exago/exago/codec"
)

// maxSplit bounds how many routes one "split" may create.
const maxSplit = 1 << 20

// routeSpec is one route statement as read, before it becomes Routes.
type routeSpec struct {
	// fam is the family; for static routes its SAFI is settled by
	// settleSAFI (rd: mpls-vpn, label: nlri-mpls).
	fam      codec.Family
	fixedFam bool
	prefix   netip.Prefix
	pathID   uint32
	labels   []uint32
	rd       codec.RD
	hasRD    bool
	nextHop  netip.Addr
	self     bool
	attrs    attrValues
	split    int
	watchdog string
	name     string
	withdraw bool
	// nlri, when set, is the NLRI (flow, vpls) built by its own parser.
	nlri codec.NLRI
}

// parsePrefixWord reads "IP/LEN" or a bare address (a host route). Host
// bits must be clear, as ExaBGP 4.2 requires.
func parsePrefixWord(s string) (netip.Prefix, error) {
	slash := strings.IndexByte(s, '/')
	if slash < 0 {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("invalid prefix %q", s)
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	a, err := netip.ParseAddr(s[:slash])
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("invalid prefix %q", s)
	}
	bits, err := parseUint(s[slash+1:], 8)
	if err != nil || int(bits) > a.BitLen() {
		return netip.Prefix{}, fmt.Errorf("invalid prefix %q", s)
	}
	p := netip.PrefixFrom(a, int(bits))
	if p.Masked().Addr() != a {
		return netip.Prefix{}, fmt.Errorf("invalid network %s for netmask %d", a, bits)
	}
	return p, nil
}

// inetFamily is the unicast (or, for a multicast group, multicast) family
// of the prefix's address, as ExaBGP picks it.
func inetFamily(p netip.Prefix) codec.Family {
	afi := codec.AFIIPv4
	if p.Addr().Is6() {
		afi = codec.AFIIPv6
	}
	safi := codec.SAFIUnicast
	if p.Addr().IsMulticast() {
		safi = codec.SAFIMulticast
	}
	return codec.Family{AFI: afi, SAFI: safi}
}

// readRouteKeyword reads the value of keyword w (already consumed) into r
// when w is one of the route attributes shared by every route statement;
// it reports whether w was one.
func readRouteKeyword(c *cursor, w string, r *routeSpec) (bool, error) {
	switch w {
	case "next-hop":
		v, err := c.need("next-hop")
		if err != nil {
			return true, err
		}
		if strings.EqualFold(v, "self") {
			r.self, r.nextHop = true, netip.Addr{}
			return true, nil
		}
		a, err := parseAddr(v)
		if err != nil {
			return true, c.wrap(err)
		}
		// "::FFFF:1.2.3.4" stays an IPv6 next hop, as in ExaBGP
		r.nextHop, r.self = a, false
	case "path-information":
		v, err := c.need("path-information")
		if err != nil {
			return true, err
		}
		if r.pathID, err = parsePathID(v); err != nil {
			return true, c.wrap(err)
		}
	case "rd", "route-distinguisher":
		v, err := c.need("route-distinguisher")
		if err != nil {
			return true, err
		}
		if r.rd, err = codec.ParseRD(v); err != nil {
			return true, c.wrap(err)
		}
		r.hasRD = true
	case "label":
		ls, err := readLabels(c)
		if err != nil {
			return true, err
		}
		r.labels = ls
		if r.labels == nil {
			r.labels = []uint32{}
		}
	case "name":
		v, err := c.need("name")
		if err != nil {
			return true, err
		}
		r.name = v
	case "split":
		v, err := c.need("split /<mask>")
		if err != nil {
			return true, err
		}
		if len(v) < 2 || v[0] != '/' {
			return true, c.errf("split /<number>")
		}
		n, err := parseUint(v[1:], 8)
		if err != nil || n > 128 {
			return true, c.errf("split /<number>")
		}
		r.split = int(n)
	case "watchdog":
		v, err := c.need("watchdog name")
		if err != nil {
			return true, err
		}
		if strings.EqualFold(v, "announce") || strings.EqualFold(v, "withdraw") {
			return true, c.errf("invalid watchdog name")
		}
		r.watchdog = v
	case "withdraw":
		r.withdraw = true
	default:
		return readAttrKeyword(c, w, &r.attrs)
	}
	return true, nil
}

// settleSAFI picks the SAFI of a static route the way ExaBGP 4.2 does: a
// route distinguisher makes it mpls-vpn, a label nlri-mpls.
func (r *routeSpec) settleSAFI() {
	if r.fixedFam {
		return
	}
	r.fam = inetFamily(r.prefix)
	switch {
	case r.hasRD:
		r.fam.SAFI = codec.SAFIMPLSVPN
	case r.labels != nil:
		r.fam.SAFI = codec.SAFIMPLS
	}
}

// missingNextHop reports whether r is an IPv4 unicast or multicast route
// with no next hop, which ExaBGP refuses to announce.
func missingNextHop(f codec.Family, nh netip.Addr, self bool) bool {
	return !nh.IsValid() && !self && f.AFI == codec.AFIIPv4 &&
		(f.SAFI == codec.SAFIUnicast || f.SAFI == codec.SAFIMulticast)
}

// prefixNLRI returns the NLRI of p in r's family.
func (r *routeSpec) prefixNLRI(p netip.Prefix) codec.NLRI {
	id := codec.PathID(r.pathID)
	switch r.fam.SAFI {
	case codec.SAFIMPLSVPN:
		return codec.VPNPrefix{Fam: r.fam, Prefix: p, Labels: codec.NewLabelStack(r.labels...), RD: r.rd, PathID: id}
	case codec.SAFIMPLS:
		return codec.LabeledPrefix{Fam: r.fam, Prefix: p, Labels: codec.NewLabelStack(r.labels...), PathID: id}
	}
	return codec.Prefix{Fam: r.fam, Prefix: p, PathID: id}
}

// appendRoutes appends the routes of r to dst: one, or one per
// more-specific prefix with "split".
func (r *routeSpec) appendRoutes(dst []Route) ([]Route, error) {
	attrs, err := r.attrs.build()
	if err != nil {
		return dst, err
	}
	base := Route{
		NextHop:     r.nextHop,
		NextHopSelf: r.self,
		Attributes:  attrs,
		Watchdog:    r.watchdog,
		Withdrawn:   r.withdraw,
	}
	if r.nlri != nil {
		base.NLRI = r.nlri
		return append(dst, base), nil
	}
	bits := r.prefix.Bits()
	if r.split == 0 || r.split <= bits {
		base.NLRI = r.prefixNLRI(r.prefix)
		return append(dst, base), nil
	}
	if r.split > r.prefix.Addr().BitLen() {
		return dst, fmt.Errorf("split /%d is longer than the address", r.split)
	}
	if r.split-bits > 20 || 1<<(r.split-bits) > maxSplit {
		return dst, fmt.Errorf("split /%d of %s makes too many routes", r.split, r.prefix)
	}
	n := 1 << (r.split - bits)
	a := r.prefix.Addr()
	for range n {
		rt := base
		rt.NLRI = r.prefixNLRI(netip.PrefixFrom(a, r.split))
		dst = append(dst, rt)
		a = addPow2(a, a.BitLen()-r.split)
	}
	return dst, nil
}

// addPow2 returns a + 2^shift (wrapping).
func addPow2(a netip.Addr, shift int) netip.Addr {
	b := a.AsSlice()
	i := len(b) - 1 - shift/8
	carry := uint(1) << (shift % 8)
	for ; i >= 0 && carry != 0; i-- {
		s := uint(b[i]) + carry
		b[i] = byte(s)
		carry = s >> 8
	}
	out, _ := netip.AddrFromSlice(b)
	return out
}
