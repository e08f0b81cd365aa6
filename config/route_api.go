package config

import (
	"errors"
	"fmt"

	"github.com/exago/exago/codec"
)

// ParseUpdateCommand parses what follows "announce" or "withdraw" on a
// process API line, split with SplitWords, into routes:
//
//	route 1.1.0.0/24 next-hop 101.1.101.1 med 200
//	attributes next-hop 1.2.3.4 nlri 1.0.0.0/24 2.0.0.0/24
//	flow route { match { source 10.0.0.1/32; } then { discard; } }
//	flow route source 10.0.0.1/32 destination-port =80 discard
//	vpls endpoint 5 base 10702 offset 1 size 8 rd 1.1.1.1:1 next-hop 1.1.1.1
//	ipv4 unicast 1.0.0.0/24 next-hop 1.2.3.4 (and ipv6, nlri-mpls, mpls-vpn, flow...)
//	ipv4 mup mup-isd 10.0.1.0/24 rd 100:100 next-hop 2001::1 (ExaBGP 5.0)
//	ipv4 mcast-vpn source-ad source 10.0.0.1 group 239.0.0.1 rd 1:1 next-hop 10.0.0.2
//
// It checks the syntax only: use CheckAnnounce before announcing. Errors
// name the offending word.
func ParseUpdateCommand(words []string) ([]Route, error) {
	return AppendUpdateCommand(nil, words)
}

// AppendUpdateCommand is ParseUpdateCommand appending to dst; a caller
// reusing dst parses a plain "route" line with one allocation (the NLRI).
func AppendUpdateCommand(dst []Route, words []string) ([]Route, error) {
	// ExaBGP accepts a trailing ";" on API lines.
	for len(words) > 0 && words[len(words)-1] == ";" {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return dst, errors.New("missing route")
	}
	c := &cursor{words: words, i: 1}
	switch words[0] {
	case "route":
		if len(words) > 2 && words[2] == "{" {
			return parseBracedAPI(dst, c, "route")
		}
		return parseStatic(dst, c, codec.Family{}, false)
	case "attribute", "attributes":
		return parseAttributesNLRI(dst, c)
	case "flow":
		if w, err := c.need("route"); err != nil {
			return dst, err
		} else if w != "route" {
			return dst, c.errf("expected flow route")
		}
		if c.peek() == "{" || (len(words) > 3 && words[3] == "{") {
			return parseBracedAPI(dst, c, "flow")
		}
		return parseFlowOneLine(dst, c, codec.Family{})
	case "vpls":
		if c.peek() == "{" || (len(words) > 2 && words[2] == "{") {
			return parseBracedAPI(dst, c, "vpls")
		}
		return parseVPLS(dst, c, false)
	}
	afi, ok := codec.ParseAFI(words[0])
	if !ok {
		return dst, c.errAt(0, "unknown route command")
	}
	sw, err := c.need("subsequent address family")
	if err != nil {
		return dst, err
	}
	safi, ok := codec.ParseSAFI(sw)
	if !ok {
		return dst, c.errf("unknown subsequent address family")
	}
	fam := codec.Family{AFI: afi, SAFI: safi}
	switch {
	case afi == codec.AFIL2VPN && safi == codec.SAFIVPLS:
		return parseVPLS(dst, c, false)
	case afi == codec.AFIL2VPN || afi == codec.AFIBGPLS:
	case safi == codec.SAFIFlow || safi == codec.SAFIFlowVPN:
		return parseFlowOneLine(dst, c, fam)
	case safi == codec.SAFIMUP:
		return parseMUP(dst, c, afi, false)
	case safi == codec.SAFIMVPN:
		return parseMVPN(dst, c, afi, false)
	case safi == codec.SAFIUnicast || safi == codec.SAFIMulticast || safi == codec.SAFIMPLS || safi == codec.SAFIMPLSVPN:
		return parseStatic(dst, c, fam, false)
	}
	return dst, c.errAt(1, "family %s is not supported", fam)
}

// parseAttributesNLRI reads "ATTRIBUTES... nlri PREFIX..." (ExaBGP's
// "announce attributes"): the attributes apply to every prefix.
func parseAttributesNLRI(dst []Route, c *cursor) ([]Route, error) {
	var r routeSpec
	for {
		w, err := c.need("nlri")
		if err != nil {
			return dst, err
		}
		if w == "nlri" {
			break
		}
		ok, err := readRouteKeyword(c, w, &r)
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, c.errf("unknown route attribute")
		}
	}
	if !c.more() {
		return dst, c.errf("no prefix after nlri")
	}
	attrs, err := r.attrs.build()
	if err != nil {
		return dst, c.errAt(0, "%s", err.Error())
	}
	for c.more() {
		w := c.next()
		p, err := parsePrefixWord(w)
		if err != nil {
			return dst, c.wrap(err)
		}
		r.prefix = p
		r.settleSAFI()
		dst = append(dst, Route{
			NLRI:        r.prefixNLRI(p),
			NextHop:     r.nextHop,
			NextHopSelf: r.self,
			Attributes:  attrs,
			Watchdog:    r.watchdog,
			Withdrawn:   r.withdraw,
		})
	}
	return dst, nil
}

// parseBracedAPI reads the block form of a route sent on the API: kind
// "route" ("route P { next-hop X; }"), "flow" ("flow route { match { ... }
// then { ... } }") or "vpls" ("vpls NAME { ... }"), by turning the words
// into a statement tree, as ExaBGP feeds API lines to its configuration
// parser.
func parseBracedAPI(dst []Route, c *cursor, kind string) ([]Route, error) {
	head := []Token{{Text: "route"}}
	if kind == "vpls" {
		head[0].Text = "vpls"
	}
	for c.peek() != "{" {
		if !c.more() {
			return dst, c.errf("missing {")
		}
		head = append(head, Token{Text: c.next()})
	}
	c.next()
	root := &Node{Words: head, Block: true}
	stack := []*Node{root}
	var words []Token
	for c.more() {
		w := c.next()
		top := stack[len(stack)-1]
		switch w {
		case ";":
			if len(words) > 0 {
				top.Children = append(top.Children, &Node{Words: words})
				words = nil
			}
		case "{":
			if len(words) == 0 {
				return dst, c.errf("block without a name")
			}
			n := &Node{Words: words, Block: true}
			top.Children = append(top.Children, n)
			stack = append(stack, n)
			words = nil
		case "}":
			if len(words) > 0 {
				top.Children = append(top.Children, &Node{Words: words})
				words = nil
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				if c.more() {
					return dst, c.errAt(c.i, "unexpected words after }")
				}
				var err error
				switch kind {
				case "vpls":
					dst, err = l2vpnStatement(dst, root)
				case "route":
					dst, err = staticStatement(dst, root, false)
				default:
					dst, err = flowStatement(dst, root, codec.Family{})
				}
				if err != nil {
					return dst, apiError(err)
				}
				return dst, nil
			}
		default:
			words = append(words, Token{Text: w})
		}
	}
	return dst, c.errf("missing }")
}

// apiError drops the meaningless position of an error raised on a tree
// built from API words.
func apiError(err error) error {
	var pe *PosError
	if errors.As(err, &pe) && pe.Pos.Line == 0 {
		if pe.Err != nil {
			return fmt.Errorf("%s: %w", pe.Msg, pe.Err)
		}
		return errors.New(pe.Msg)
	}
	return err
}
