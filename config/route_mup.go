package config

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// This file reads ExaBGP 5.0's SRv6 MUP routes (draft-mpmz-bess-mup-safi),
// as its configuration "announce { ipv4 { mup ...; } }" and its API
// "announce ipv4 mup ..." write them:
//
//	mup-isd PREFIX rd RD
//	mup-dsd IP rd RD
//	mup-t1st PREFIX rd RD teid N qfi N endpoint IP [source IP]
//	mup-t2st IP rd RD teid N/BITS
//
// followed by next-hop, extended-community, bgp-prefix-sid-srv6 and the
// other route attributes.

// parseMUP reads one MUP route of afi from c; check requires a next hop
// (announcements).
func parseMUP(dst []Route, c *cursor, afi codec.AFI, check bool) ([]Route, error) {
	kind, err := c.need("mup route type (mup-isd, mup-dsd, mup-t1st, mup-t2st)")
	if err != nil {
		return dst, err
	}
	start := c.i - 1
	m := codec.MUP{AFI: afi, Arch: codec.MUPArch3GPP5G}
	switch kind {
	case "mup-isd":
		m.RouteType = codec.MUPInterworkSegmentDiscovery
		if m.Prefix, err = mupPrefix(c, afi); err == nil {
			m.RD, err = mupRD(c)
		}
	case "mup-dsd":
		m.RouteType = codec.MUPDirectSegmentDiscovery
		if m.Addr, err = mupAddr(c, afi, "address"); err == nil {
			m.RD, err = mupRD(c)
		}
	case "mup-t1st":
		m.RouteType = codec.MUPType1SessionTransformed
		err = mupT1ST(c, &m)
	case "mup-t2st":
		m.RouteType = codec.MUPType2SessionTransformed
		err = mupT2ST(c, &m)
	default:
		return dst, c.errf("unknown mup route type, expected mup-isd, mup-dsd, mup-t1st or mup-t2st")
	}
	if err != nil {
		return dst, err
	}
	var r routeSpec
	r.fam, r.fixedFam = m.Family(), true
	for c.more() {
		w := c.next()
		if w == "label" || w == "path-information" || w == "rd" || w == "route-distinguisher" || w == "split" {
			return dst, c.errf("%s is not valid for mup", w)
		}
		ok, err := readRouteKeyword(c, w, &r)
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, c.errf("unknown mup route attribute")
		}
	}
	// ExaBGP 5.0 maps an IPv4 next hop of an ipv6 mup route into IPv6.
	if afi == codec.AFIIPv6 && r.nextHop.Is4() {
		r.nextHop = netip.AddrFrom16(r.nextHop.As16())
	}
	if check && !r.withdraw && !r.nextHop.IsValid() && !r.self {
		return dst, c.errAt(start, "invalid mup route (missing next-hop)")
	}
	r.nlri = m
	out, err := r.appendRoutes(dst)
	if err != nil {
		return dst, c.errAt(start, "%s", err.Error())
	}
	return out, nil
}

// mupRD reads "rd RD".
func mupRD(c *cursor) (codec.RD, error) {
	if err := expectWord(c, "rd"); err != nil {
		return codec.RD{}, err
	}
	v, err := c.need("route-distinguisher")
	if err != nil {
		return codec.RD{}, err
	}
	rd, err := codec.ParseRD(v)
	if err != nil {
		return rd, c.wrap(err)
	}
	return rd, nil
}

// expectWord reads the keyword want.
func expectWord(c *cursor, want string) error {
	w, err := c.need(want)
	if err != nil {
		return err
	}
	if w != want {
		return c.errf("expected %s", want)
	}
	return nil
}

// mupAddr reads an address of afi (what names it in errors).
func mupAddr(c *cursor, afi codec.AFI, what string) (netip.Addr, error) {
	w, err := c.need(what)
	if err != nil {
		return netip.Addr{}, err
	}
	a, err := netip.ParseAddr(w)
	if err != nil || a.Zone() != "" || a.Is4() != (afi == codec.AFIIPv4) {
		return netip.Addr{}, c.errf("invalid %s %s address", afi, what)
	}
	return a, nil
}

// mupPrefix reads "IP/LEN" of afi; host bits may be set (ExaBGP keeps the
// bytes the length spans).
func mupPrefix(c *cursor, afi codec.AFI) (netip.Prefix, error) {
	w, err := c.need("prefix")
	if err != nil {
		return netip.Prefix{}, err
	}
	ip, bits, ok := strings.Cut(w, "/")
	a, err := netip.ParseAddr(ip)
	if !ok || err != nil || a.Zone() != "" || a.Is4() != (afi == codec.AFIIPv4) {
		return netip.Prefix{}, c.errf("invalid %s prefix", afi)
	}
	n, err := strconv.ParseUint(bits, 10, 8)
	if err != nil || int(n) > a.BitLen() {
		return netip.Prefix{}, c.errf("invalid %s prefix length", afi)
	}
	return netip.PrefixFrom(a, int(n)), nil
}

// mupNumber reads "KEYWORD N" with N of bits bits.
func mupNumber(c *cursor, keyword string, bits int) (uint64, error) {
	if err := expectWord(c, keyword); err != nil {
		return 0, err
	}
	w, err := c.need(keyword)
	if err != nil {
		return 0, err
	}
	n, err := parseUint(w, bits)
	if err != nil {
		return 0, c.errf("invalid %s, expected a number of %d bits", keyword, bits)
	}
	return n, nil
}

// mupT1ST reads "PREFIX rd RD teid N qfi N endpoint IP [source IP]".
func mupT1ST(c *cursor, m *codec.MUP) error {
	var err error
	if m.Prefix, err = mupPrefix(c, m.AFI); err != nil {
		return err
	}
	if m.RD, err = mupRD(c); err != nil {
		return err
	}
	teid, err := mupNumber(c, "teid", 32)
	if err != nil {
		return err
	}
	qfi, err := mupNumber(c, "qfi", 8)
	if err != nil {
		return err
	}
	m.TEID, m.QFI = uint32(teid), uint8(qfi)
	if err := expectWord(c, "endpoint"); err != nil {
		return err
	}
	if m.Endpoint, err = mupAddr(c, m.AFI, "endpoint"); err != nil {
		return err
	}
	if c.peek() == "source" {
		c.next()
		if m.Source, err = mupAddr(c, m.AFI, "source"); err != nil {
			return err
		}
	}
	return nil
}

// mupT2ST reads "IP rd RD teid N/BITS": BITS from 0 to 32, and N must fit.
func mupT2ST(c *cursor, m *codec.MUP) error {
	var err error
	if m.Addr, err = mupAddr(c, m.AFI, "endpoint"); err != nil {
		return err
	}
	if m.RD, err = mupRD(c); err != nil {
		return err
	}
	if err := expectWord(c, "teid"); err != nil {
		return err
	}
	w, err := c.need("teid/length")
	if err != nil {
		return err
	}
	v, l, ok := strings.Cut(w, "/")
	teid, err1 := strconv.ParseUint(v, 10, 32)
	bits, err2 := strconv.ParseUint(l, 10, 8)
	if !ok || err1 != nil || err2 != nil || bits > 32 {
		return c.errf("invalid teid, expected TEID/LENGTH with a length from 0 to 32")
	}
	if bits < 32 && teid >= 1<<bits {
		return c.errf("teid %d does not fit in %d bits", teid, bits)
	}
	m.TEID, m.TEIDBits = uint32(teid), uint8(bits)
	return nil
}
