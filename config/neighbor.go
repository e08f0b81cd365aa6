package config

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/exago/exago/codec"
)

// AllFamilies are the families ExaBGP 4.2 negotiates when a neighbor has no
// family block, in its (AFI, SAFI) order.
func AllFamilies() []codec.Family {
	return []codec.Family{
		codec.IPv4Unicast, codec.IPv4Multicast, codec.IPv4MPLS, codec.IPv4VPN,
		codec.IPv4RTC, codec.IPv4Flow, codec.IPv4FlowVPN,
		codec.IPv6Unicast, codec.IPv6Multicast, codec.IPv6MPLS, codec.IPv6VPN,
		codec.IPv6Flow, codec.IPv6FlowVPN,
		codec.L2VPNVPLS, codec.L2VPNEVPN,
		codec.BGPLS, codec.BGPLSVPN,
	}
}

// familyNames are the "afi safi" pairs a family block accepts (ExaBGP 4.2).
var familyNames = map[string]codec.Family{
	"ipv4 unicast":         codec.IPv4Unicast,
	"ipv4 multicast":       codec.IPv4Multicast,
	"ipv4 nlri-mpls":       codec.IPv4MPLS,
	"ipv4 labeled-unicast": codec.IPv4MPLS,
	"ipv4 mpls-vpn":        codec.IPv4VPN,
	"ipv4 flow":            codec.IPv4Flow,
	"ipv4 flow-vpn":        codec.IPv4FlowVPN,
	"ipv4 rtc":             codec.IPv4RTC,
	"ipv6 unicast":         codec.IPv6Unicast,
	"ipv6 multicast":       codec.IPv6Multicast,
	"ipv6 nlri-mpls":       codec.IPv6MPLS,
	"ipv6 labeled-unicast": codec.IPv6MPLS,
	"ipv6 mpls-vpn":        codec.IPv6VPN,
	"ipv6 flow":            codec.IPv6Flow,
	"ipv6 flow-vpn":        codec.IPv6FlowVPN,
	"l2vpn vpls":           codec.L2VPNVPLS,
	"l2vpn evpn":           codec.L2VPNEVPN,
	"bgp-ls bgp-ls":        codec.BGPLS,
	"bgp-ls bgp-ls-vpn":    codec.BGPLSVPN,
	// ExaBGP 5.0
	"ipv4 mup":       codec.IPv4MUP,
	"ipv6 mup":       codec.IPv6MUP,
	"ipv4 mcast-vpn": codec.IPv4MVPN,
	"ipv6 mcast-vpn": codec.IPv6MVPN,
}

// neighborBuild gathers a neighbor's statements (its own, then its
// templates') before the defaults and checks are applied.
type neighborBuild struct {
	nb *Neighbor

	peerSet, localSet, localAuto, localASSet, peerASSet, routerIDSet, md5IPSet bool
	passiveSet                                                                 bool

	families     []codec.Family
	familyAll    bool
	familyMin    bool
	addPathFams  []codec.Family
	addPathModes map[codec.Family]AddPathMode
	capNextHop   *bool
	nexthops     []nextHopEntry
	graceful     bool
	graceTime    int
	// routeBlocks are where the routes of nb.Routes were read: the routes
	// from index end of the previous entry to end of this one came from
	// the block at pos.
	routeBlocks []routeBlock
	// matches are the processes-match expressions, resolved once every
	// process is known.
	matches []processMatch
}

// processMatch is one "processes-match" expression of the api block at
// index api of the neighbor's APIs.
type processMatch struct {
	api int
	re  *regexp.Regexp
	pos Position
}

type nextHopEntry struct {
	family codec.Family
	nhAFI  codec.AFI
	pos    Position
}

// neighbor builds one "neighbor ADDRESS { ... }" section.
func (b *builder) neighbor(n *Node) error {
	if !n.Block {
		return errorAt(n.Pos, "neighbor needs a { } block")
	}
	nb := &neighborBuild{
		nb: &Neighbor{
			HoldTime:     DefaultHoldTime,
			GroupUpdates: true,
			AutoFlush:    true,
			AdjRIBOut:    true,
			AdjRIBIn:     true,
			Capabilities: Capabilities{ASN4: true, ExtendedMessage: true},
			Pos:          n.Pos,
		},
	}
	switch len(n.Words) {
	case 1:
	case 2:
		if err := nb.peerAddress(n.Words[1]); err != nil {
			return err
		}
	default:
		return errorAt(n.Words[2].Pos, "syntax: neighbor ADDRESS { ... }, unexpected %q", n.Words[2].Text)
	}
	if err := b.applyWithTemplates(nb, n, map[string]bool{}); err != nil {
		return err
	}
	if err := nb.finish(n); err != nil {
		return err
	}
	key := fmt.Sprintf("%s %s %d", nb.nb.PeerAddress, nb.nb.LocalAddress, nb.nb.Listen)
	if nb.nb.PeerRange.IsValid() {
		key = fmt.Sprintf("%s %s %d", nb.nb.PeerRange, nb.nb.LocalAddress, nb.nb.Listen)
	}
	if prev, dup := b.peers[key]; dup {
		return errorAt(n.Pos, "duplicate peer definition %s (first at %s)", nb.nb.PeerAddress, posString(prev))
	}
	b.peers[key] = n.Pos
	b.cfg.Neighbors = append(b.cfg.Neighbors, nb.nb)
	b.matches = append(b.matches, neighborMatches{nb.nb, nb.matches})
	return nil
}

// applyWithTemplates applies the statements of n, then those of the
// templates it inherits, in order. As in ExaBGP 4.2 a template's setting
// replaces the neighbor's own, and its routes come after the neighbor's.
func (b *builder) applyWithTemplates(nb *neighborBuild, n *Node, seen map[string]bool) error {
	var inherits []Token
	for _, c := range n.Children {
		if keyword(c) == "inherit" && !c.Block {
			names, err := listArg(c)
			if err != nil {
				return err
			}
			inherits = append(inherits, names...)
			continue
		}
		if err := b.neighborStatement(nb, c); err != nil {
			return err
		}
	}
	for _, name := range inherits {
		t, ok := b.templates[name.Text]
		if !ok {
			return errorAt(name.Pos, "template %q is not defined", name.Text)
		}
		if seen[name.Text] {
			return errorAt(name.Pos, "template %q inherits itself", name.Text)
		}
		seen[name.Text] = true
		if err := b.applyWithTemplates(nb, t, seen); err != nil {
			return err
		}
		delete(seen, name.Text)
	}
	return nil
}

func (nb *neighborBuild) peerAddress(w Token) error {
	text := w.Text
	if strings.Contains(text, "/") {
		p, err := netip.ParsePrefix(text)
		if err != nil {
			return errorAt(w.Pos, "%q is an invalid IP address", text)
		}
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits())
		nb.nb.PeerAddress = p.Masked().Addr()
		nb.nb.PeerRange = netip.Prefix{}
		if p.Bits() < p.Addr().BitLen() {
			nb.nb.PeerRange = p.Masked()
		}
		nb.peerSet = true
		return nil
	}
	a, err := netip.ParseAddr(text)
	if err != nil || a.Zone() != "" {
		return errorAt(w.Pos, "%q is an invalid IP address", text)
	}
	nb.nb.PeerAddress = a.Unmap()
	nb.nb.PeerRange = netip.Prefix{}
	nb.peerSet = true
	return nil
}

// neighborStatement applies one statement of a neighbor (or template) body.
func (b *builder) neighborStatement(nb *neighborBuild, c *Node) error {
	n := nb.nb
	var err error
	kw := keyword(c)
	if c.Block {
		switch kw {
		case "family":
			return nb.familyBlock(c)
		case "capability":
			return nb.capabilityBlock(c)
		case "add-path":
			return nb.addPathBlock(c)
		case "nexthop":
			return nb.nextHopBlock(c)
		case "api":
			return nb.apiBlock(c, "")
		case "process":
			// ExaBGP 3.x: "process NAME { receive { ... } }" in a neighbor.
			if len(c.Words) != 2 {
				return errorAt(c.Pos, "syntax: process NAME { ... }")
			}
			return nb.apiBlock(c, c.Words[1].Text)
		case "static", "announce", "flow", "l2vpn", "operational", "vpls":
			routes, err := b.routesOf(c, c)
			if err != nil {
				return err
			}
			nb.addRoutes(routes, c.Pos)
			return nil
		case "route":
			return nb.routeStatement(b, c)
		case "tcp-ao":
			return nil // 5.x TCP-AO: accepted, not supported by exago
		}
		return errorAt(c.Pos, "unknown neighbor section %q", kw)
	}
	switch kw {
	case "description":
		w, err := oneWord(c)
		if err != nil {
			return errorAt(c.Pos, "bad neighbor description")
		}
		n.Description = w.Text
	case "peer-address":
		w, err := oneWord(c)
		if err != nil {
			return err
		}
		return nb.peerAddress(w)
	case "router-id":
		a, err := addrArg(c)
		if err != nil {
			return err
		}
		if !a.Is4() {
			return errorAt(c.Words[1].Pos, "%q is an invalid router-id", c.Words[1].Text)
		}
		n.RouterID, nb.routerIDSet = a, true
	case "local-address":
		if len(c.Words) >= 2 && c.Words[1].Text == "auto" {
			n.LocalAddress, nb.localSet, nb.localAuto = netip.Addr{}, true, true
			return nil
		}
		if n.LocalAddress, err = addrArg(c); err != nil {
			return err
		}
		nb.localSet, nb.localAuto = true, false
	case "local-as":
		if n.LocalAS, err = asnArg(c); err != nil {
			return err
		}
		nb.localASSet = true
	case "peer-as":
		if n.PeerAS, err = asnArg(c); err != nil {
			return err
		}
		nb.peerASSet = true
	case "hold-time":
		v, err := intArg(c, "hold-time", 0, 65535)
		if err != nil {
			return err
		}
		if v > 0 && v < 3 {
			return errorAt(c.Words[1].Pos, "holdtime must be zero or at least three seconds")
		}
		n.HoldTime = uint16(v)
	case "rate-limit":
		if len(c.Words) >= 2 && strings.HasPrefix(strings.ToLower(c.Words[1].Text), "disable") {
			n.RateLimit = 0
			return nil
		}
		if n.RateLimit, err = intArg(c, "rate-limit", 1, 1<<31-1); err != nil {
			return err
		}
	case "passive":
		if n.Passive, err = boolArg(c, true); err != nil {
			return err
		}
		nb.passiveSet = true
	case "listen":
		v, err := intArg(c, "port", 0, 65535)
		if err != nil {
			return err
		}
		n.Listen = uint16(v)
	case "connect":
		v, err := intArg(c, "port", 0, 65535)
		if err != nil {
			return err
		}
		n.Connect = uint16(v)
	case "outgoing-ttl", "incoming-ttl", "ttl-security":
		v, err := ttlArg(c)
		if err != nil {
			return err
		}
		switch kw {
		case "outgoing-ttl":
			n.OutgoingTTL = v
		case "incoming-ttl":
			n.IncomingTTL = v
		default:
			n.TTLSecurity = v
		}
	case "md5-password", "md5":
		if len(c.Words) < 2 {
			return errorAt(c.Pos, "md5-password requires the password as an argument (quoted or unquoted)")
		}
		n.MD5Password = c.Words[1].Text // further words are ignored, as by ExaBGP
	case "md5-base64":
		v, _, err := autoBoolArg(c, false)
		if err != nil {
			return err
		}
		n.MD5Base64 = v
	case "md5-ip":
		if n.MD5IP, err = addrArg(c); err != nil {
			return err
		}
		nb.md5IPSet = true
	case "group-updates":
		n.GroupUpdates, err = boolArg(c, true)
	case "auto-flush":
		n.AutoFlush, err = boolArg(c, true)
	case "adj-rib-out":
		n.AdjRIBOut, err = boolArg(c, false)
	case "adj-rib-in":
		n.AdjRIBIn, err = boolArg(c, false)
	case "manual-eor":
		n.ManualEOR, err = boolArg(c, false)
	case "host-name":
		w, err := oneWord(c)
		if err != nil {
			return err
		}
		if !validHostName(w.Text) {
			return errorAt(w.Pos, "bad host-name %q", w.Text)
		}
		n.HostName = w.Text
	case "domain-name":
		w, err := oneWord(c)
		if err != nil {
			return err
		}
		if !validDomainName(w.Text) {
			return errorAt(w.Pos, "bad domain-name %q", w.Text)
		}
		n.DomainName = w.Text
	case "source-interface":
		w, err := oneWord(c)
		if err != nil {
			return err
		}
		n.SourceInterface = w.Text
	case "local-link-local":
		_, err = addrArg(c) // 5.x: accepted, the session picks the link-local address
	case "multi-session":
		// ExaBGP 3.x spelling of the capability.
		n.Capabilities.MultiSession, err = boolArg(c, true)
	case "route":
		return nb.routeStatement(b, c)
	default:
		return errorAt(c.Pos, "unknown neighbor keyword %q", kw)
	}
	return err
}

// routeStatement handles a route written straight in the neighbor (ExaBGP
// 3.x): it is parsed as if it were inside "static { }".
func (nb *neighborBuild) routeStatement(b *builder, c *Node) error {
	static := &Node{Words: []Token{{Text: "static", Pos: c.Pos}}, Block: true, Children: []*Node{c}, Pos: c.Pos}
	routes, err := b.routesOf(c, static)
	if err != nil {
		return err
	}
	nb.addRoutes(routes, c.Pos)
	return nil
}

// routesOf returns the routes of the block n, the statement c of the
// file. Neighbors reading the same statement (a template's, a group's)
// share one slice of routes rather than parsing it again into copies; the
// slice is clipped, so that a neighbor adding routes copies it.
func (b *builder) routesOf(c, n *Node) ([]Route, error) {
	if rs, ok := b.shared[c]; ok {
		return rs, nil
	}
	rs, err := b.routes(n)
	if err != nil {
		return nil, wrapAt(c.Pos, err)
	}
	rs = slices.Clip(rs)
	b.shared[c] = rs
	return rs, nil
}

// routeBlock is where a range of a neighbor's routes was read.
type routeBlock struct {
	end int
	pos Position
}

// addRoutes adds the routes read in the block at pos; the first block's
// slice is kept as it is, not copied.
func (nb *neighborBuild) addRoutes(routes []Route, pos Position) {
	if len(routes) == 0 {
		return
	}
	if nb.nb.Routes == nil {
		nb.nb.Routes = routes
	} else {
		nb.nb.Routes = append(nb.nb.Routes, routes...)
	}
	nb.routeBlocks = append(nb.routeBlocks, routeBlock{end: len(nb.nb.Routes), pos: pos})
}

// routePos is where route i of the neighbor was read (its block).
func (nb *neighborBuild) routePos(i int) Position {
	for _, b := range nb.routeBlocks {
		if i < b.end {
			return b.pos
		}
	}
	return nb.nb.Pos
}

func ttlArg(c *Node) (int, error) {
	if len(c.Words) >= 2 {
		switch strings.ToLower(c.Words[1].Text) {
		case "false", "disable", "disabled":
			return 0, nil
		}
	}
	return intArg(c, "ttl", 0, 255)
}

// validHostName is ExaBGP 4.2's host-name check: letters, digits, '.' and
// '-', starting with a letter or digit, ending with a letter, no "..".
func validHostName(s string) bool {
	return validName(s, false)
}

// validDomainName is ExaBGP 4.2's domain-name check: as validHostName, but
// the first character may not be a digit either.
func validDomainName(s string) bool {
	return validName(s, true)
}

func validName(s string, noLeadingDigit bool) bool {
	if s == "" || len(s) > 255 || strings.Contains(s, "..") {
		return false
	}
	isAlnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	first, last := s[0], s[len(s)-1]
	if !isAlnum(first) || (noLeadingDigit && isDigit(first)) || !isAlnum(last) || isDigit(last) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// finish applies ExaBGP 4.2's defaults and checks once every statement of
// the neighbor and its templates is in.
func (nb *neighborBuild) finish(n *Node) error {
	p := nb.nb
	switch {
	case !nb.peerSet:
		return errorAt(n.Pos, "incomplete neighbor, missing peer-address")
	case !nb.localSet:
		return errorAt(n.Pos, "incomplete neighbor, missing local-address")
	case !nb.localASSet:
		return errorAt(n.Pos, "incomplete neighbor, missing local-as")
	case !nb.peerASSet:
		return errorAt(n.Pos, "incomplete neighbor, missing peer-as")
	}
	if !nb.routerIDSet {
		if !p.PeerAddress.Is4() || nb.localAuto || !p.LocalAddress.Is4() {
			return errorAt(n.Pos, "missing router-id for the peer, it can not be set using the local-ip")
		}
		p.RouterID = p.LocalAddress
	}
	if !nb.localAuto && p.LocalAddress.Is4() != p.PeerAddress.Is4() {
		return errorAt(n.Pos, "local-address and peer-address must be of the same family")
	}
	if p.PeerRange.IsValid() && !p.Passive {
		return errorAt(n.Pos, "can only use ip ranges for the peer address with passive neighbors")
	}
	if !nb.md5IPSet {
		p.MD5IP = p.LocalAddress
	}
	if p.MD5Password != "" {
		size := len(p.MD5Password)
		if p.MD5Base64 {
			raw, err := base64.StdEncoding.DecodeString(p.MD5Password)
			if err != nil {
				return errorAt(n.Pos, "invalid base64 encoding of MD5 password")
			}
			size = len(raw)
		}
		if size > 80 {
			return errorAt(n.Pos, "MD5 password must be no larger than 80 characters")
		}
	}

	// families: a route of a family not negotiated is an error (ExaBGP
	// lets IPv4 unicast through).
	switch {
	case nb.familyMin:
		fams := []codec.Family{codec.IPv4Unicast}
		for _, r := range p.Routes {
			if r.NLRI != nil {
				fams = append(fams, r.NLRI.Family())
			}
		}
		p.Families = sortFamilies(fams)
	case len(nb.families) > 0 && !nb.familyAll:
		p.Families = sortFamilies(nb.families)
	default:
		p.Families = AllFamilies()
	}
	for i, r := range p.Routes {
		if r.NLRI == nil {
			continue
		}
		f := r.NLRI.Family()
		if f != codec.IPv4Unicast && !slices.Contains(p.Families, f) {
			return errorAt(nb.routePos(i), "trying to announce a route of type %s when we are not announcing the family to our peer", f)
		}
	}

	caps := &p.Capabilities
	if nb.graceful {
		caps.GracefulRestart = true
		caps.RestartTime = uint16(nb.graceTime)
		if nb.graceTime == 0 {
			caps.RestartTime = p.HoldTime
		}
	}
	if caps.AddPathGlobal != AddPathNone {
		caps.AddPath = map[codec.Family]AddPathMode{}
		if len(nb.addPathFams) > 0 {
			for _, f := range nb.addPathFams {
				if slices.Contains(p.Families, f) {
					mode := caps.AddPathGlobal
					if m, ok := nb.addPathModes[f]; ok {
						mode = m
					}
					caps.AddPath[f] = mode
				}
			}
		} else {
			for _, f := range p.Families {
				caps.AddPath[f] = caps.AddPathGlobal
			}
		}
	}
	on := len(nb.nexthops) > 0
	if nb.capNextHop != nil {
		on = *nb.capNextHop
	}
	if on {
		caps.NextHop = map[codec.Family]codec.AFI{}
		for _, e := range nb.nexthops {
			if !slices.Contains(p.Families, e.family) || !slices.Contains(p.Families, codec.Family{AFI: e.nhAFI, SAFI: e.family.SAFI}) {
				continue // not negotiated: skipped, as ExaBGP does
			}
			caps.NextHop[e.family] = e.nhAFI
		}
	}
	return nil
}

// sortFamilies orders families by (AFI, SAFI) and removes duplicates.
func sortFamilies(fams []codec.Family) []codec.Family {
	out := slices.Clone(fams)
	slices.SortFunc(out, func(a, b codec.Family) int {
		if a.AFI != b.AFI {
			return int(a.AFI) - int(b.AFI)
		}
		return int(a.SAFI) - int(b.SAFI)
	})
	return slices.Compact(out)
}
