package config

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// familyOf reads "afi safi" at the start of a statement.
func familyOf(c *Node) (codec.Family, error) {
	if len(c.Words) < 2 {
		return codec.Family{}, errorAt(c.Pos, "invalid afi/safi pair %q", keyword(c))
	}
	name := strings.ToLower(c.Words[0].Text + " " + c.Words[1].Text)
	f, ok := familyNames[name]
	if !ok {
		return codec.Family{}, errorAt(c.Words[1].Pos, "invalid afi/safi pair %s/%s", c.Words[0].Text, c.Words[1].Text)
	}
	return f, nil
}

// familyBlock reads "family { ipv4 unicast; ... }", "family { all; }" or
// the 3.x "family { minimal; }" (the families the routes need).
func (nb *neighborBuild) familyBlock(n *Node) error {
	var seen []codec.Family
	for _, c := range n.Children {
		if c.Block {
			return errorAt(c.Pos, "unexpected block %q in family", keyword(c))
		}
		switch strings.ToLower(keyword(c)) {
		case "all":
			if len(seen) > 0 || nb.familyAll {
				return errorAt(c.Pos, "all can not be used with any other options")
			}
			nb.familyAll = true
			continue
		case "minimal":
			nb.familyMin = true
			continue
		}
		if nb.familyAll {
			return errorAt(c.Pos, "can not add any family once family all is set")
		}
		f, err := familyOf(c)
		if err != nil {
			return err
		}
		if len(c.Words) > 2 {
			return errorAt(c.Words[2].Pos, "unexpected %q after the family", c.Words[2].Text)
		}
		for _, s := range seen {
			if s == f {
				return errorAt(c.Pos, "duplicate afi/safi pair %s", f)
			}
		}
		seen = append(seen, f)
	}
	nb.families = append(nb.families, seen...)
	return nil
}

// addPathBlock reads "add-path { ipv4 unicast; ... }", the families the
// capability-level add-path mode applies to. A third word (5.x) gives the
// family its own mode.
func (nb *neighborBuild) addPathBlock(n *Node) error {
	for _, c := range n.Children {
		if c.Block {
			return errorAt(c.Pos, "unexpected block %q in add-path", keyword(c))
		}
		f, err := familyOf(c)
		if err != nil {
			return err
		}
		nb.addPathFams = append(nb.addPathFams, f)
		if len(c.Words) > 2 {
			mode, err := addPathMode(c.Words[2])
			if err != nil {
				return err
			}
			if nb.addPathModes == nil {
				nb.addPathModes = map[codec.Family]AddPathMode{}
			}
			nb.addPathModes[f] = mode
		}
	}
	return nil
}

func addPathMode(w Token) (AddPathMode, error) {
	switch strings.ToLower(w.Text) {
	case "disable", "disabled":
		return AddPathNone, nil
	case "receive":
		return AddPathReceive, nil
	case "send":
		return AddPathSend, nil
	case "send/receive":
		return AddPathBoth, nil
	case "receive/send":
		return 0, errorAt(w.Pos, "the option is send/receive")
	}
	return 0, errorAt(w.Pos, "%q is an invalid add-path, options are: send, receive, send/receive", w.Text)
}

// nextHopBlock reads "nexthop { ipv4 unicast ipv6; ... }".
func (nb *neighborBuild) nextHopBlock(n *Node) error {
	for _, c := range n.Children {
		if c.Block {
			return errorAt(c.Pos, "unexpected block %q in nexthop", keyword(c))
		}
		f, err := familyOf(c)
		if err != nil {
			return err
		}
		switch f.SAFI {
		case codec.SAFIUnicast, codec.SAFIMulticast, codec.SAFIMPLS, codec.SAFIMPLSVPN:
		default:
			return errorAt(c.Words[1].Pos, "invalid afi/safi pair %s for nexthop", f)
		}
		if len(c.Words) != 3 {
			return errorAt(c.Pos, "syntax: AFI SAFI NEXTHOP-AFI;")
		}
		nh, ok := codec.ParseAFI(strings.ToLower(c.Words[2].Text))
		if !ok || (nh != codec.AFIIPv4 && nh != codec.AFIIPv6) || nh == f.AFI {
			return errorAt(c.Words[2].Pos, "invalid nexthop afi %s", c.Words[2].Text)
		}
		nb.nexthops = append(nb.nexthops, nextHopEntry{family: f, nhAFI: nh, pos: c.Pos})
	}
	return nil
}

// capabilityBlock reads "capability { ... }". A bare keyword turns the
// capability on (graceful-restart then uses the hold time).
func (nb *neighborBuild) capabilityBlock(n *Node) error {
	caps := &nb.nb.Capabilities
	for _, c := range n.Children {
		if c.Block {
			if strings.ToLower(keyword(c)) == "nexthop" && len(c.Words) == 1 {
				// "capability { nexthop { ipv4 unicast ipv6; } }" turns the
				// extended next hop on and lists its families.
				on := true
				nb.capNextHop = &on
				if err := nb.nextHopBlock(c); err != nil {
					return err
				}
				continue
			}
			return errorAt(c.Pos, "unexpected block %q in capability", keyword(c))
		}
		var err error
		switch kw := strings.ToLower(keyword(c)); kw {
		case "asn4":
			caps.ASN4, err = boolArg(c, true)
		case "route-refresh", "refresh":
			caps.RouteRefresh, err = boolArg(c, true)
		case "extended-message":
			caps.ExtendedMessage, err = boolArg(c, true)
		case "multi-session":
			caps.MultiSession, err = boolArg(c, true)
		case "operational":
			caps.Operational, err = boolArg(c, true)
		case "aigp":
			caps.AIGP, err = boolArg(c, true)
		case "software-version":
			caps.SoftwareVersion, err = boolArg(c, true)
		case "nexthop":
			var v bool
			if v, err = boolArg(c, true); err == nil {
				nb.capNextHop = &v
			}
		case "graceful-restart":
			err = nb.gracefulRestart(c)
		case "add-path":
			if len(c.Words) < 2 {
				return errorAt(c.Pos, "add-path must be one of send, receive, send/receive, disable")
			}
			caps.AddPathGlobal, err = addPathMode(c.Words[1])
		case "link-local-nexthop", "link-local-prefer":
			_, err = boolArg(c, true) // 5.x: accepted
		default:
			return errorAt(c.Pos, "unknown capability %q", keyword(c))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (nb *neighborBuild) gracefulRestart(c *Node) error {
	if len(c.Words) == 1 {
		nb.graceful, nb.graceTime = true, 0
		return nil
	}
	w, err := oneWord(c)
	if err != nil {
		return err
	}
	switch strings.ToLower(w.Text) {
	case "disable", "disabled", "false":
		nb.graceful = false
		return nil
	case "enable", "enabled", "true":
		nb.graceful, nb.graceTime = true, 0
		return nil
	}
	v, perr := strconv.Atoi(w.Text)
	if perr != nil {
		return errorAt(w.Pos, "%q is an invalid graceful-restart time", w.Text)
	}
	if v < 0 {
		return errorAt(w.Pos, "graceful-restart can not be negative")
	}
	if v > 4095 {
		return errorAt(w.Pos, "graceful-restart must be smaller or equal to 4095")
	}
	nb.graceful, nb.graceTime = true, v
	return nil
}

// apiKinds are the message kinds of api send/receive blocks.
var apiKinds = []string{"parsed", "packets", "consolidate", "open", "update", "notification", "keepalive", "refresh", "operational"}

// apiBlock reads "api [NAME] { processes [ a b ]; neighbor-changes;
// receive { parsed; update; } send { packets; } }". process names the
// helper for the 3.x "process NAME { }" form.
func (nb *neighborBuild) apiBlock(n *Node, process string) error {
	api := API{Pos: n.Pos}
	if process != "" {
		api.Processes = []string{process}
	} else if len(n.Words) == 2 {
		api.Name = n.Words[1].Text
	} else if len(n.Words) > 2 {
		return errorAt(n.Words[2].Pos, "syntax: api [NAME] { ... }")
	}
	for _, c := range n.Children {
		var err error
		kw := strings.ToLower(keyword(c))
		if c.Block {
			switch kw {
			case "receive":
				api.Receive, err = apiDirection(c, api.Receive)
			case "send":
				api.Send, err = apiDirection(c, api.Send)
			default:
				return errorAt(c.Pos, "unknown api section %q (expected send or receive)", keyword(c))
			}
			if err != nil {
				return err
			}
			continue
		}
		switch kw {
		case "processes", "process":
			names, err := listArg(c)
			if err != nil {
				return err
			}
			for _, w := range names {
				api.Processes = append(api.Processes, w.Text)
			}
		case "processes-match":
			names, err := listArg(c)
			if err != nil {
				return err
			}
			for _, w := range names {
				re, rerr := regexp.Compile(w.Text)
				if rerr != nil {
					return errorAt(w.Pos, "invalid processes-match regexp %q: %v", w.Text, rerr)
				}
				nb.matches = append(nb.matches, processMatch{api: len(nb.nb.APIs), re: re, pos: w.Pos})
			}
		case "neighbor-changes":
			api.NeighborChanges, err = boolArg(c, true)
		case "negotiated":
			api.Negotiated, err = boolArg(c, true)
		case "fsm":
			api.FSM, err = boolArg(c, true)
		case "signal":
			api.Signal, err = boolArg(c, true)
		case "encoder":
			_, err = oneWord(c) // 3.x: the encoder moved to the process section
		default:
			if legacyAPIFlag(&api, kw) {
				continue
			}
			return errorAt(c.Pos, "unknown api keyword %q", keyword(c))
		}
		if err != nil {
			return err
		}
	}
	nb.nb.APIs = append(nb.nb.APIs, api)
	return nil
}

func apiDirection(n *Node, kinds []string) ([]string, error) {
	for _, c := range n.Children {
		if c.Block {
			return nil, errorAt(c.Pos, "unexpected block %q in %s", keyword(c), keyword(n))
		}
		kind := strings.ToLower(keyword(c))
		if !isAPIKind(kind) {
			return nil, errorAt(c.Pos, "unknown %s option %q (expected one of %s)", keyword(n), keyword(c), strings.Join(apiKinds, ", "))
		}
		on, err := boolArg(c, true)
		if err != nil {
			return nil, err
		}
		if on {
			kinds = appendKind(kinds, kind)
		} else {
			kinds = removeKind(kinds, kind)
		}
	}
	return kinds, nil
}

func isAPIKind(s string) bool {
	for _, k := range apiKinds {
		if k == s {
			return true
		}
	}
	return false
}

func appendKind(kinds []string, k string) []string {
	for _, have := range kinds {
		if have == k {
			return kinds
		}
	}
	return append(kinds, k)
}

func removeKind(kinds []string, k string) []string {
	out := kinds[:0]
	for _, have := range kinds {
		if have != k {
			out = append(out, have)
		}
	}
	return out
}

// legacyAPIFlag applies the ExaBGP 3.x process flags ("receive-routes;",
// "receive-packets;", "send-packets;", "parse-routes;"...) to api.
func legacyAPIFlag(api *API, kw string) bool {
	switch kw {
	case "receive-routes":
		api.Receive = appendKinds(api.Receive, "parsed", "update", "refresh")
		return true
	case "parse-routes", "peer-updates":
		api.Receive = appendKinds(api.Receive, "parsed", "update")
		api.NeighborChanges = true
		return true
	case "receive-operational":
		api.Receive = appendKinds(api.Receive, "parsed", "operational")
		return true
	}
	dir, kind, ok := strings.Cut(kw, "-")
	if !ok || (dir != "receive" && dir != "send") {
		return false
	}
	if !isAPIKind(kind) {
		kind = strings.TrimSuffix(kind, "s") // receive-updates, receive-opens...
		if !isAPIKind(kind) {
			return false
		}
	}
	if dir == "receive" {
		api.Receive = appendKind(api.Receive, kind)
	} else {
		api.Send = appendKind(api.Send, kind)
	}
	return true
}

func appendKinds(kinds []string, add ...string) []string {
	for _, k := range add {
		kinds = appendKind(kinds, k)
	}
	return kinds
}
