package config

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"strings"

	"github.com/exago/exago/codec"
)

// flowSpec is one flow route as read.
type flowSpec struct {
	route routeSpec
	afi   codec.AFI // 0 until a component or the family fixes it
	vpn   bool
	rules []codec.FlowRule
}

// flowStatement reads one statement of a flow block: "route NAME { rd ...;
// next-hop ...; match { ... } then { ... } scope { ... } }", or a route on
// one line ("route match-words... action-words...;").
func flowStatement(dst []Route, n *Node, fam codec.Family) ([]Route, error) {
	if len(n.Words) == 0 || n.Words[0].Text != "route" {
		return dst, statementError(n, "expected route")
	}
	if !n.Block {
		c := newTokenCursor(n.Words[1:], n.Pos)
		return parseFlowOneLine(dst, c, fam)
	}
	var f flowSpec
	f.setFamily(fam)
	// "route NAME {": the name is only a label.
	if len(n.Words) > 2 {
		return dst, errorAt(n.Words[2].Pos, "unexpected word after the flow route name")
	}
	for _, ch := range n.Children {
		if len(ch.Words) == 0 {
			continue
		}
		kw := ch.Words[0]
		if ch.Block {
			if len(ch.Words) != 1 {
				return dst, errorAt(ch.Words[1].Pos, "unexpected word after %s", kw.Text)
			}
			for _, st := range ch.Children {
				if st.Block {
					return dst, statementError(st, "unexpected block")
				}
				if len(st.Words) == 0 {
					continue
				}
				c := newTokenCursor(st.Words, st.Pos)
				w := c.next()
				var ok bool
				var err error
				switch kw.Text {
				case "match":
					ok, err = f.readMatch(c, w)
				case "then":
					ok, err = f.readThen(c, w)
				case "scope":
					ok, err = f.readScope(c, w)
				default:
					return dst, errorAt(kw.Pos, "unknown flow section %q", kw.Text)
				}
				if err != nil {
					return dst, err
				}
				if !ok {
					return dst, c.errf("unknown %s keyword", kw.Text)
				}
				if c.more() {
					return dst, c.errAt(c.i, "unexpected word")
				}
			}
			continue
		}
		c := newTokenCursor(ch.Words, ch.Pos)
		w := c.next()
		ok, err := f.readRouteLevel(c, w)
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, c.errf("unknown flow route keyword")
		}
		if c.more() {
			return dst, c.errAt(c.i, "unexpected word")
		}
	}
	return f.appendRoutes(dst, func(msg string) error { return errorAt(n.Words[0].Pos, "%s", msg) })
}

// parseFlowOneLine reads a flow route written on one line: match, then and
// route-level keywords in any order.
func parseFlowOneLine(dst []Route, c *cursor, fam codec.Family) ([]Route, error) {
	var f flowSpec
	f.setFamily(fam)
	for c.more() {
		w := c.next()
		ok, err := f.readMatch(c, w)
		if !ok && err == nil {
			ok, err = f.readThen(c, w)
		}
		if !ok && err == nil {
			ok, err = f.readScope(c, w)
		}
		if !ok && err == nil {
			ok, err = f.readRouteLevel(c, w)
		}
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, c.errf("unknown flow keyword")
		}
	}
	return f.appendRoutes(dst, func(msg string) error { return c.errAt(0, "%s", msg) })
}

// setFamily fixes the family when the statement gave it.
func (f *flowSpec) setFamily(fam codec.Family) {
	if fam.AFI != 0 {
		f.afi = fam.AFI
		f.vpn = fam.SAFI == codec.SAFIFlowVPN
	}
}

// readRouteLevel reads rd and next-hop.
func (f *flowSpec) readRouteLevel(c *cursor, w string) (bool, error) {
	switch w {
	case "rd", "route-distinguisher", "next-hop":
		return readRouteKeyword(c, w, &f.route)
	}
	return false, nil
}

// readScope reads the keywords of a scope block (interface-set).
func (f *flowSpec) readScope(c *cursor, w string) (bool, error) {
	if w != "interface-set" {
		return false, nil
	}
	var es [][8]byte
	err := readList(c, "interface-set", func(s string) error {
		e, err := parseInterfaceSet(s)
		es = append(es, e)
		return err
	})
	if err != nil {
		return true, err
	}
	f.route.attrs.addExt(es...)
	return true, nil
}

// readMatch reads one match keyword and its value.
func (f *flowSpec) readMatch(c *cursor, w string) (bool, error) {
	t, afi, ok := codec.ParseFlowType(w)
	if !ok {
		return false, nil
	}
	if t.IsPrefix() {
		v, err := c.need(w)
		if err != nil {
			return true, err
		}
		p, offset, err := parseFlowPrefix(v)
		if err != nil {
			return true, c.wrap(err)
		}
		pafi := codec.AFIIPv4
		if p.Addr().Is6() {
			pafi = codec.AFIIPv6
		}
		if afi == codec.AFIIPv6 && pafi != codec.AFIIPv6 && strings.HasSuffix(w, "-ipv6") {
			return true, c.errf("%s needs an ipv6 prefix", w)
		}
		if err := f.fixAFI(pafi); err != nil {
			return true, c.wrap(err)
		}
		f.rules = append(f.rules, codec.NewFlowPrefixRule(t, p, offset))
		return true, nil
	}
	ops, err := readFlowOps(c, t)
	if err != nil {
		return true, err
	}
	f.rules = append(f.rules, codec.NewFlowOpsRule(t, ops...))
	return true, nil
}

// fixAFI settles the address family from a prefix component.
func (f *flowSpec) fixAFI(afi codec.AFI) error {
	if f.afi != 0 && f.afi != afi {
		for _, r := range f.rules {
			if r.Type.IsPrefix() {
				return fmt.Errorf("flow route mixes ipv4 and ipv6 prefixes")
			}
		}
	}
	f.afi = afi
	return nil
}

// parseFlowPrefix reads "IP/LEN" or, for IPv6, "IP/LEN/OFFSET".
func parseFlowPrefix(s string) (netip.Prefix, uint8, error) {
	parts := strings.Split(s, "/")
	var offset uint64
	switch len(parts) {
	case 2:
	case 3:
		var err error
		if offset, err = parseUint(parts[2], 8); err != nil {
			return netip.Prefix{}, 0, fmt.Errorf("invalid prefix offset %q", s)
		}
	default:
		if len(parts) == 1 {
			a, err := netip.ParseAddr(s)
			if err == nil {
				return netip.PrefixFrom(a, a.BitLen()), 0, nil
			}
		}
		return netip.Prefix{}, 0, fmt.Errorf("invalid prefix %q", s)
	}
	a, err := netip.ParseAddr(parts[0])
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, 0, fmt.Errorf("invalid prefix %q", s)
	}
	if len(parts) == 3 && !a.Is6() {
		return netip.Prefix{}, 0, fmt.Errorf("prefix offset is for ipv6 only %q", s)
	}
	bits, err := parseUint(parts[1], 8)
	if err != nil || int(bits) > a.BitLen() {
		return netip.Prefix{}, 0, fmt.Errorf("invalid prefix %q", s)
	}
	return netip.PrefixFrom(a, int(bits)).Masked(), uint8(offset), nil
}

// readFlowOps reads "EXPR" or "[ EXPR... ]" of a numeric or bitmask
// component, where EXPR is terms joined by '&' ("&" ANDs a term with the
// previous one; terms of separate words are ORed).
func readFlowOps(c *cursor, t codec.FlowType) ([]codec.FlowOp, error) {
	var ops []codec.FlowOp
	err := readList(c, "flow match value", func(w string) error {
		var err error
		ops, err = appendFlowExpr(ops, t, w)
		return err
	})
	return ops, err
}

// appendFlowExpr appends the terms of one expression ("=80", ">8080&<8088",
// "!=tcp", "SYN&!=push").
func appendFlowExpr(ops []codec.FlowOp, t codec.FlowType, s string) ([]codec.FlowOp, error) {
	and := byte(0)
	for {
		if s == "" {
			return ops, fmt.Errorf("can not finish an expression on an &")
		}
		op, rest, err := flowOperator(t, s)
		if err != nil {
			return ops, err
		}
		val := rest
		amp := strings.IndexByte(rest, '&')
		if amp >= 0 {
			val, rest = rest[:amp], rest[amp+1:]
		}
		v, err := flowValue(t, val)
		if err != nil {
			return ops, err
		}
		ops = append(ops, codec.FlowOp{Op: op | and, Value: v})
		if amp < 0 {
			return ops, nil
		}
		and = codec.FlowAnd
		s = rest
	}
}

// portNames are the common IANA service names ExaBGP's port table knows
// (it knows them all); "destination-port =http".
var portNames = map[string]uint64{
	"ftp-data": 20, "ftp": 21, "ssh": 22, "telnet": 23, "smtp": 25, "domain": 53, "http": 80,
	"pop3": 110, "ntp": 123, "imap": 143, "snmp": 161, "snmptrap": 162, "bgp": 179, "ldap": 389,
	"https": 443, "microsoft-ds": 445, "syslog": 514, "ldaps": 636, "ms-sql-s": 1433,
	"radius": 1812, "mysql": 3306,
}

// flowValue reads the value of one term: port names, then the names and
// numbers codec knows.
func flowValue(t codec.FlowType, s string) (uint64, error) {
	switch t {
	case codec.FlowPort, codec.FlowDestPort, codec.FlowSourcePort:
		if v, ok := portNames[strings.ToLower(s)]; ok {
			return v, nil
		}
		v, err := t.ParseValue(s)
		if err != nil || v > 0xffff {
			return 0, fmt.Errorf("invalid port %q", s)
		}
		return v, nil
	case codec.FlowPacketLength:
		v, err := t.ParseValue(s)
		if err != nil || v > 0xffff {
			return 0, fmt.Errorf("invalid packet-length %q", s)
		}
		return v, nil
	case codec.FlowDSCP:
		v, err := t.ParseValue(s)
		if err != nil || v > 0xffff {
			return 0, fmt.Errorf("invalid %s %q", t.Name(0), s)
		}
		return v, nil
	case codec.FlowLabel:
		v, err := t.ParseValue(s)
		if err != nil || v > 0xfffff {
			return 0, fmt.Errorf("invalid flow-label %q", s)
		}
		return v, nil
	}
	return t.ParseValue(s)
}

// flowOperator reads the operator leading s, as ExaBGP does: numeric
// "=", ">", ">=", "<", "<=", "!=", "true", "false" (none means "=");
// bitmask "=" (match), "!" (not), "!=" (not match), none (include).
func flowOperator(t codec.FlowType, s string) (byte, string, error) {
	if t.IsBitmask() {
		switch {
		case strings.HasPrefix(s, "!="):
			return codec.FlowNot | codec.FlowMatch, s[2:], nil
		case s[0] == '!':
			return codec.FlowNot, s[1:], nil
		case s[0] == '=':
			return codec.FlowMatch, s[1:], nil
		}
		return 0, s, nil
	}
	switch s[0] {
	case '=':
		return codec.FlowEQ, s[1:], nil
	case '!':
		if strings.HasPrefix(s, "!=") {
			return codec.FlowLT | codec.FlowGT, s[2:], nil
		}
		return 0, s, fmt.Errorf("invalid operator syntax %q", s)
	case '>', '<':
		op := codec.FlowGT
		if s[0] == '<' {
			op = codec.FlowLT
		}
		if len(s) > 1 && s[1] == '=' {
			return op | codec.FlowEQ, s[2:], nil
		}
		return op, s[1:], nil
	}
	low := strings.ToLower(s)
	switch {
	case strings.HasPrefix(low, "true"):
		return codec.FlowLT | codec.FlowGT | codec.FlowEQ, s[4:], nil
	case strings.HasPrefix(low, "false"):
		return 0, s[5:], nil
	}
	return codec.FlowEQ, s, nil
}

// Traffic filtering action extended communities (RFC 8955 section 7,
// draft-simpson-idr-flowspec-redirect, RFC 7674).
func trafficRate(asn uint16, rate float32) [8]byte {
	var e [8]byte
	e[0], e[1] = 0x80, 0x06
	binary.BigEndian.PutUint16(e[2:], asn)
	binary.BigEndian.PutUint32(e[4:], math.Float32bits(rate))
	return e
}

// readThen reads one then keyword (an action) and its value.
func (f *flowSpec) readThen(c *cursor, w string) (bool, error) {
	a := &f.route.attrs
	switch w {
	case "accept":
	case "discard":
		a.addExt(trafficRate(0, 0))
	case "rate-limit":
		v, err := c.need("rate-limit")
		if err != nil {
			return true, err
		}
		n, err := parseUint(v, 64)
		if err != nil {
			return true, c.errf("invalid rate-limit")
		}
		if n > 1000000000000 {
			n = 1000000000000
		}
		a.addExt(trafficRate(0, float32(n)))
	case "redirect":
		v, err := c.need("redirect")
		if err != nil {
			return true, err
		}
		e, nh, err := parseRedirect(v)
		if err != nil {
			return true, c.wrap(err)
		}
		if nh.IsValid() {
			f.route.nextHop, f.route.self = nh, false
		}
		if e.ipv6 {
			a.addExt6(e.e6)
		} else {
			a.addExt(e.e)
		}
	case "redirect-to-nexthop":
		a.addExt([8]byte{0x08, 0x00})
	case "redirect-to-nexthop-ietf":
		v, err := c.need("redirect-to-nexthop-ietf")
		if err != nil {
			return true, err
		}
		ip, err := parseAddr(v)
		if err != nil {
			return true, c.wrap(err)
		}
		if ip.Is4() {
			var e [8]byte
			e[0], e[1] = 0x01, 0x0C
			b := ip.As4()
			copy(e[2:], b[:])
			a.addExt(e)
		} else {
			var e [20]byte
			e[0], e[1] = 0x00, 0x0C
			b := ip.As16()
			copy(e[2:], b[:])
			a.addExt6(e)
		}
	case "copy":
		v, err := c.need("copy")
		if err != nil {
			return true, err
		}
		ip, err := parseAddr(v)
		if err != nil {
			return true, c.wrap(err)
		}
		f.route.nextHop, f.route.self = ip, false
		a.addExt([8]byte{0x08, 0x00, 0, 0, 0, 0, 0, 1})
	case "mark":
		v, err := c.need("mark")
		if err != nil {
			return true, err
		}
		n, err := parseUint(v, 8)
		if err != nil || n > 0x3f {
			return true, c.errf("dscp is not a valid number")
		}
		a.addExt([8]byte{0x80, 0x09, 0, 0, 0, 0, 0, byte(n)})
	case "action":
		v, err := c.need("action")
		if err != nil {
			return true, err
		}
		var bits byte
		if strings.Contains(v, "sample") {
			bits |= 0x02
		}
		if strings.Contains(v, "terminal") {
			bits |= 0x01
		}
		if bits == 0 {
			return true, c.errf("invalid flow action")
		}
		a.addExt([8]byte{0x80, 0x07, 0, 0, 0, 0, 0, bits})
	case "community", "large-community", "extended-community":
		return readAttrKeyword(c, w, a)
	default:
		return false, nil
	}
	return true, nil
}

// redirectValue is the extended community of a redirect action.
type redirectValue struct {
	e    [8]byte
	e6   [20]byte
	ipv6 bool
}

// parseRedirect reads "ASN:N" (redirect to VRF), "IP" (redirect to next
// hop, Simpson draft) or "[IPv6]:N".
func parseRedirect(s string) (redirectValue, netip.Addr, error) {
	var r redirectValue
	colons := strings.Count(s, ":")
	bracket := strings.ContainsAny(s, "[]")
	if colons == 0 || (colons > 1 && !bracket) {
		ip, err := parseAddr(s)
		if err != nil {
			return r, netip.Addr{}, err
		}
		r.e = [8]byte{0x08, 0x00}
		return r, ip, nil
	}
	if colons == 1 {
		hi, lo, _ := strings.Cut(s, ":")
		if strings.Contains(hi, ".") {
			return r, netip.Addr{}, fmt.Errorf("redirect IP:N is deprecated, not supported by other vendors")
		}
		asn, err := parseUint(hi, 32)
		if err != nil {
			return r, netip.Addr{}, fmt.Errorf("invalid redirect asn %q", hi)
		}
		n, err := parseUint(lo, 32)
		if err != nil {
			return r, netip.Addr{}, fmt.Errorf("invalid redirect value %q", lo)
		}
		if asn >= 1<<16 {
			if n >= 1<<16 {
				return r, netip.Addr{}, fmt.Errorf("with a 32-bit asn the local administrator can only be 16 bits: %d", n)
			}
			r.e[0], r.e[1] = 0x82, 0x08
			binary.BigEndian.PutUint32(r.e[2:], uint32(asn))
			binary.BigEndian.PutUint16(r.e[6:], uint16(n))
			return r, netip.Addr{}, nil
		}
		r.e[0], r.e[1] = 0x80, 0x08
		binary.BigEndian.PutUint16(r.e[2:], uint16(asn))
		binary.BigEndian.PutUint32(r.e[4:], uint32(n))
		return r, netip.Addr{}, nil
	}
	ipPart, nPart, ok := strings.Cut(s, "]:")
	if !ok {
		return r, netip.Addr{}, fmt.Errorf("redirect format incorrect %q", s)
	}
	ip, err := netip.ParseAddr(strings.TrimPrefix(ipPart, "["))
	if err != nil || !ip.Is6() {
		return r, netip.Addr{}, fmt.Errorf("invalid redirect ipv6 address %q", s)
	}
	n, err := parseUint(nPart, 16)
	if err != nil {
		return r, netip.Addr{}, fmt.Errorf("local administrator field is a 16 bits number %q", nPart)
	}
	r.ipv6 = true
	r.e6[0], r.e6[1] = 0x80, 0x0B
	b := ip.As16()
	copy(r.e6[2:], b[:])
	binary.BigEndian.PutUint16(r.e6[18:], uint16(n))
	return r, ip, nil
}

// parseInterfaceSet reads "transitive|non-transitive:input|output|input-output:ASN:GROUP".
func parseInterfaceSet(s string) ([8]byte, error) {
	var e [8]byte
	parts := strings.SplitN(s, ":", 4)
	if len(parts) != 4 {
		return e, fmt.Errorf("invalid interface-set %q", s)
	}
	switch parts[0] {
	case "transitive":
		e[0] = 0x07
	case "non-transitive":
		e[0] = 0x47
	default:
		return e, fmt.Errorf("bad transitivity %q, should be transitive or non-transitive", parts[0])
	}
	e[1] = 0x02
	var dir uint16
	switch parts[1] {
	case "input":
		dir = 1
	case "output":
		dir = 2
	case "input-output":
		dir = 3
	default:
		return e, fmt.Errorf("bad direction %q, should be input, output or input-output", parts[1])
	}
	asn, err := parseUint(parts[2], 32)
	if err != nil {
		return e, fmt.Errorf("invalid interface-set asn %q", parts[2])
	}
	group, err := parseUint(parts[3], 14)
	if err != nil {
		return e, fmt.Errorf("invalid interface-set group %q", parts[3])
	}
	binary.BigEndian.PutUint32(e[2:], uint32(asn))
	binary.BigEndian.PutUint16(e[6:], dir<<14|uint16(group))
	return e, nil
}

// appendRoutes appends the flow route to dst; errf makes an error at the statement.
func (f *flowSpec) appendRoutes(dst []Route, errf func(msg string) error) ([]Route, error) {
	afi := f.afi
	if afi == 0 {
		afi = codec.AFIIPv4
	}
	fam := codec.Family{AFI: afi, SAFI: codec.SAFIFlow}
	if f.vpn || f.route.hasRD {
		fam.SAFI = codec.SAFIFlowVPN
	}
	for _, r := range f.rules {
		if !r.Type.Valid(afi) {
			return dst, errf(r.Type.Name(afi) + " is not valid for " + fam.String())
		}
	}
	f.route.nlri = codec.Flow{Fam: fam, RD: f.route.rd, Rules: f.rules}
	out, err := f.route.appendRoutes(dst)
	if err != nil {
		return dst, errf(err.Error())
	}
	return out, nil
}
