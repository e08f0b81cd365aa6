package config

import (
	"errors"
	"slices"
	"strings"

	"github.com/exago/exago/codec"
)

// routesFromBlock turns a neighbor's route-bearing block into routes:
// "static { route ... }", "announce { ipv4 { unicast ... } ... }",
// "flow { route NAME { ... } }", "l2vpn { vpls ... }", or a single "route"
// or "vpls" statement. Errors are *PosError values at the offending word.
func routesFromBlock(n *Node) ([]Route, error) {
	if len(n.Words) == 0 {
		return nil, errorAt(n.Pos, "empty statement")
	}
	var out []Route
	var err error
	switch kw := n.Words[0].Text; kw {
	case "static":
		for _, ch := range n.Children {
			if out, err = staticStatement(out, ch, true); err != nil {
				return nil, err
			}
		}
	case "route":
		return staticStatement(nil, n, true)
	case "flow":
		for _, ch := range n.Children {
			if out, err = flowStatement(out, ch, codec.Family{}); err != nil {
				return nil, err
			}
		}
	case "l2vpn":
		for _, ch := range n.Children {
			if out, err = l2vpnStatement(out, ch); err != nil {
				return nil, err
			}
		}
	case "vpls":
		return l2vpnStatement(nil, n)
	case "operational":
		// operational messages (ASM, ADM...) are not routes
		return nil, nil
	case "announce":
		for _, ch := range n.Children {
			if out, err = announceAFI(out, ch); err != nil {
				return nil, err
			}
		}
	default:
		return nil, errorAt(n.Words[0].Pos, "%q does not hold routes", kw)
	}
	return out, nil
}

// statementCursor returns a cursor over the words of n after the first
// skip ones, followed by the words of its child statements when n is a
// block ("route P { next-hop X; med 10; }").
func statementCursor(n *Node, skip int) (*cursor, error) {
	toks := n.Words[skip:]
	if n.Block {
		toks = append([]Token(nil), toks...)
		for _, ch := range n.Children {
			if ch.Block {
				return nil, errorAt(ch.Pos, "unexpected block in %s", n.Words[0].Text)
			}
			toks = append(toks, ch.Words...)
		}
	}
	return newTokenCursor(toks, n.Pos), nil
}

// staticStatement reads "route PREFIX ...;" or "route PREFIX { ... }";
// check refuses IPv4 unicast routes without next hop.
func staticStatement(dst []Route, n *Node, check bool) ([]Route, error) {
	if len(n.Words) == 0 || n.Words[0].Text != "route" {
		return dst, statementError(n, "expected route")
	}
	if n.Run != "" {
		dst = slices.Grow(dst, strings.Count(n.Run, ";"))
		err := runStatements(n, func(_ string, c *cursor) error {
			var err error
			dst, err = parseStatic(dst, c, codec.Family{}, check)
			return err
		})
		return dst, err
	}
	c, err := statementCursor(n, 1)
	if err != nil {
		return dst, err
	}
	return parseStatic(dst, c, codec.Family{}, check)
}

// announceAFI reads "ipv4 { unicast ...; }" and its siblings of an
// announce block.
func announceAFI(dst []Route, n *Node) ([]Route, error) {
	if len(n.Words) != 1 || !n.Block {
		return dst, statementError(n, "expected ipv4 { }, ipv6 { } or l2vpn { }")
	}
	afiWord := n.Words[0]
	afi, ok := codec.ParseAFI(afiWord.Text)
	if !ok || afi == codec.AFIBGPLS {
		return dst, errorAt(afiWord.Pos, "unknown address family %q", afiWord.Text)
	}
	var err error
	for _, ch := range n.Children {
		if len(ch.Words) == 0 {
			continue
		}
		if ch.Run != "" {
			dst = slices.Grow(dst, strings.Count(ch.Run, ";"))
			err = runStatements(ch, func(kw string, c *cursor) error {
				var err error
				dst, err = announceSAFI(dst, afi, kw, nil, c)
				return err
			})
		} else {
			dst, err = announceSAFI(dst, afi, ch.Words[0].Text, ch, nil)
		}
		if err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// announceSAFI reads one "SAFI ROUTE...;" statement of an announce AFI
// block: the statement ch, or, for a run, the words of c.
func announceSAFI(dst []Route, afi codec.AFI, sw string, ch *Node, c *cursor) ([]Route, error) {
	swPos := func() Position {
		if ch != nil {
			return ch.Words[0].Pos
		}
		return c.keywordPos(sw)
	}
	safi, ok := codec.ParseSAFI(sw)
	if !ok {
		return dst, errorAt(swPos(), "unknown subsequent address family %q for %s", sw, afi)
	}
	fam := codec.Family{AFI: afi, SAFI: safi}
	wordsAfter := func() (*cursor, error) {
		if c != nil {
			return c, nil
		}
		return statementCursor(ch, 1)
	}
	switch {
	case afi == codec.AFIL2VPN && safi == codec.SAFIVPLS && ch != nil:
		return l2vpnStatement(dst, ch)
	case afi == codec.AFIL2VPN && safi == codec.SAFIVPLS:
		return parseVPLS(dst, c, true)
	case afi == codec.AFIL2VPN:
		return dst, errorAt(swPos(), "family %s is not supported in announce", fam)
	case safi == codec.SAFIFlow || safi == codec.SAFIFlowVPN:
		c, err := wordsAfter()
		if err != nil {
			return dst, err
		}
		return parseFlowOneLine(dst, c, fam)
	case safi == codec.SAFIMUP:
		c, err := wordsAfter()
		if err != nil {
			return dst, err
		}
		return parseMUP(dst, c, afi, true)
	case safi == codec.SAFIMVPN:
		c, err := wordsAfter()
		if err != nil {
			return dst, err
		}
		return parseMVPN(dst, c, afi, true)
	case safi == codec.SAFIUnicast || safi == codec.SAFIMulticast || safi == codec.SAFIMPLS || safi == codec.SAFIMPLSVPN:
		c, err := wordsAfter()
		if err != nil {
			return dst, err
		}
		return parseStatic(dst, c, fam, true)
	}
	return dst, errorAt(swPos(), "family %s is not supported in announce", fam)
}

// statementError is an error at the first word of n.
func statementError(n *Node, msg string) error {
	if len(n.Words) > 0 {
		return errorAt(n.Words[0].Pos, "%s, got %q", msg, n.Words[0].Text)
	}
	return errorAt(n.Pos, "%s", msg)
}

// parseStatic reads "PREFIX attributes..." into dst. fam, when set, is the
// family the prefix must belong to ("announce { ipv6 { mpls-vpn ... } }");
// otherwise the prefix and the rd/label keywords choose it. check refuses
// IPv4 unicast routes without next hop, as ExaBGP does when announcing.
func parseStatic(dst []Route, c *cursor, fam codec.Family, check bool) ([]Route, error) {
	w, err := c.need("prefix")
	if err != nil {
		return dst, err
	}
	var r routeSpec
	if r.prefix, err = parsePrefixWord(w); err != nil {
		return dst, c.wrap(err)
	}
	if fam.AFI != 0 {
		if a := r.prefix.Addr(); (fam.AFI == codec.AFIIPv4) != a.Is4() {
			return dst, c.errf("prefix is not %s", fam.AFI)
		}
		r.fam, r.fixedFam = fam, true
	}
	for c.more() {
		w = c.next()
		ok, err := readRouteKeyword(c, w, &r)
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, c.errf("unknown route attribute")
		}
	}
	r.settleSAFI()
	if check && !r.withdraw {
		if missingNextHop(r.fam, r.nextHop, r.self) {
			return dst, c.errAt(0, "invalid route (missing next-hop, label or rd ?)")
		}
		// the checks of ExaBGP's announce { ipv4 { ... } } sections
		if r.fixedFam {
			switch {
			case r.fam.SAFI == codec.SAFIUnicast && !r.nextHop.IsValid() && !r.self:
				return dst, c.errAt(0, "invalid announcement (missing next-hop ?)")
			case r.fam.SAFI == codec.SAFIMPLS && len(r.labels) == 0:
				return dst, c.errAt(0, "invalid announcement (missing next-hop or label ?)")
			case r.fam.SAFI == codec.SAFIMPLSVPN && !r.hasRD:
				return dst, c.errAt(0, "invalid announcement (missing next-hop, label or rd ?)")
			}
		}
	}
	out, err := r.appendRoutes(dst)
	if err != nil {
		return dst, c.errAt(0, "%s", err.Error())
	}
	return out, nil
}

// CheckAnnounce reports an error when r cannot be announced: an IPv4
// unicast or multicast route without next hop (ExaBGP's "missing
// next-hop" check; withdrawals need none), or a vpls route without next hop.
func CheckAnnounce(r Route) error {
	if r.NLRI == nil {
		return errors.New("route without nlri")
	}
	f := r.NLRI.Family()
	if missingNextHop(f, r.NextHop, r.NextHopSelf) || (f == codec.L2VPNVPLS && !r.NextHop.IsValid() && !r.NextHopSelf) {
		return errors.New("invalid route " + strings.TrimSpace(r.NLRI.String()) + " (missing next-hop)")
	}
	return nil
}
