package config

import (
	"slices"
	"strings"
)

// This file rewrites the ExaBGP 3.x constructs of a file's statement tree
// into their ExaBGP 4.x form before the model is built, with a warning
// for each, so that the daemon loads them and "exago validate --fix"
// prints a file ExaBGP 4.2 accepts. The rewrites follow ExaBGP 3.4's
// configuration parser (configuration/ancient.py):
//
//   - group NAME { settings; neighbor A { ... } ... }: the group's settings,
//     routes and processes are copied into each of its neighbors, before
//     the neighbor's own (which win, as a 3.4 neighbor scope starts as a
//     copy of its group's);
//   - graceful-restart, route-refresh, add-path, asn4, aigp, multi-session
//     written in the neighbor move into its capability block;
//   - family { inet4 X; inet6 X; inet X; } become ipv4 and ipv6; family {
//     minimal; } (the families of the neighbor's routes) stays for the
//     builder and is spelled out by Migrate;
//   - process NAME { run ...; encoder ...; receive-routes; ... } inside a
//     neighbor or group becomes a top-level process (run and encoder,
//     defined once) and an api block of the neighbor (the message flags);
//     receive { keepalive; } and the other 3.x receive/send flags map to
//     4.x api flags;
//   - inherit naming a template the file does not define is dropped, as
//     ExaBGP 4.2 ignores it.

// legacyCapabilities are the capability statements 3.x took in a neighbor.
var legacyCapabilities = []string{"graceful-restart", "route-refresh", "add-path", "asn4", "aigp", "multi-session"}

// legacyProcessFlags maps the message flags of a 3.x process to 4.x api
// statements: "neighbor-changes", "receive KIND" or "send KIND".
var legacyProcessFlags = map[string][]string{
	"neighbor-changes":    {"neighbor-changes"},
	"receive-routes":      {"receive parsed", "receive update", "receive refresh"},
	"parse-routes":        {"neighbor-changes", "receive parsed", "receive update"},
	"peer-updates":        {"neighbor-changes", "receive parsed", "receive update"},
	"receive-parsed":      {"receive parsed"},
	"receive-updates":     {"receive update"},
	"receive-refresh":     {"receive refresh"},
	"receive-operational": {"receive parsed", "receive operational"},
	"receive-packets":     {"receive packets"},
	"send-packets":        {"send packets"},
}

// legacyReceiveKinds maps the words of a 3.x "receive { }" block to 4.x
// receive kinds.
var legacyReceiveKinds = map[string]string{
	"packets": "packets", "parsed": "parsed", "consolidate": "consolidate",
	"notification": "notification", "open": "open", "keepalive": "keepalive",
	"refresh": "refresh", "update": "update", "updates": "update", "operational": "operational",
}

// modernizer holds the state of one file's rewrite.
type modernizer struct {
	warns []Warning
	// templates are the template names a neighbor may inherit.
	templates map[string]bool
	// defined are the top-level process names; added the processes moved
	// out of neighbors, in order.
	defined map[string]bool
	added   []*Node
}

// warn records a warning at pos, once (a group's statement is copied into
// each of its neighbors).
func (m *modernizer) warn(pos Position, modern, msg string) {
	w := Warning{Pos: pos, Msg: msg, Modern: modern}
	if !slices.Contains(m.warns, w) {
		m.warns = append(m.warns, w)
	}
}

// modernize rewrites the 3.x constructs of nodes (a file's top-level
// statements); known reports templates defined by earlier files.
func modernize(nodes []*Node, known func(string) bool) ([]*Node, []Warning) {
	m := &modernizer{templates: map[string]bool{}, defined: map[string]bool{}}
	for _, n := range nodes {
		switch keyword(n) {
		case "template":
			for _, c := range n.Children {
				if keyword(c) == "neighbor" && len(c.Words) == 2 {
					m.templates[c.Words[1].Text] = true
				}
			}
		case "process":
			if len(n.Words) == 2 {
				m.defined[n.Words[1].Text] = true
			}
		}
	}
	inheritOK := func(name string) bool { return m.templates[name] || (known != nil && known(name)) }
	var globalAPIs []*Node
	var out []*Node
	for _, n := range nodes {
		switch keyword(n) {
		case "process":
			p, api := m.topProcess(n)
			if api != nil {
				globalAPIs = append(globalAPIs, api)
			}
			out = append(out, p)
		case "group":
			if !n.Block {
				out = append(out, n)
				continue
			}
			m.warn(n.Pos, "one neighbor { } block per peer, the group's settings repeated in each",
				`"group" is ExaBGP 3.x syntax: its settings are copied into each of its neighbors`)
			var shared []*Node
			for _, c := range n.Children {
				if keyword(c) != "neighbor" {
					shared = append(shared, c)
				}
			}
			for _, c := range n.Children {
				if keyword(c) != "neighbor" {
					continue
				}
				merged := *c
				merged.Children = nil
				for _, s := range shared {
					if !overridden(s, c.Children) {
						merged.Children = append(merged.Children, s)
					}
				}
				merged.Children = append(merged.Children, c.Children...)
				out = append(out, m.neighbor(&merged, inheritOK))
			}
		case "neighbor", "peer":
			out = append(out, m.neighbor(n, inheritOK))
		case "template":
			t := *n
			t.Children = make([]*Node, len(n.Children))
			for i, c := range n.Children {
				t.Children[i] = c
				if keyword(c) == "neighbor" && c.Block {
					t.Children[i] = m.neighbor(c, inheritOK)
				}
			}
			out = append(out, &t)
		default:
			out = append(out, n)
		}
	}
	if len(globalAPIs) > 0 {
		for i, n := range out {
			if k := keyword(n); (k == "neighbor" || k == "peer") && n.Block {
				cp := *n
				cp.Children = append(slices.Clone(n.Children), globalAPIs...)
				out[i] = &cp
			}
		}
	}
	if len(m.added) > 0 {
		out = append(slices.Clone(m.added), out...)
	}
	return out, m.warns
}

// overridden reports whether a group's setting s is set again by one of
// the neighbor's own statements (a simple setting, not a block, a route
// or an inherit), which then wins.
func overridden(s *Node, own []*Node) bool {
	kw := keyword(s)
	if s.Block || kw == "route" || kw == "inherit" {
		return false
	}
	return slices.ContainsFunc(own, func(c *Node) bool { return !c.Block && keyword(c) == kw })
}

// neighbor rewrites the 3.x statements of one neighbor (or template) body.
func (m *modernizer) neighbor(n *Node, inheritOK func(string) bool) *Node {
	if !n.Block {
		return n
	}
	out := *n
	out.Children = nil
	var capability, static *Node
	var moved []*Node
	for _, c := range n.Children {
		kw := keyword(c)
		switch {
		case !c.Block && kw == "peer-address" && len(n.Words) == 1 && len(c.Words) == 2 && keyword(n) == "neighbor":
			m.warn(c.Pos, "neighbor "+tokenText(c.Words[1])+" { ... }", `"peer-address" inside the neighbor block: the address goes after "neighbor"`)
			out.Words = []Token{n.Words[0], c.Words[1]}
			continue
		case kw == "route" && keyword(n) == "neighbor":
			if static == nil {
				// once per neighbor: a 3.x file may hold many routes
				m.warn(c.Pos, "static { route ...; }", `"route" in a neighbor is ExaBGP 3.x syntax: the routes move into a static block`)
				static = &Node{Words: []Token{{Text: "static", Pos: c.Pos}}, Block: true, Pos: c.Pos}
				out.Children = append(out.Children, static)
			}
			static.Children = append(static.Children, c)
			continue
		case !c.Block && slices.Contains(legacyCapabilities, kw):
			m.warn(c.Pos, "capability { "+nodeText(c)+"; }", `"`+kw+`" in a neighbor is ExaBGP 3.x syntax: it moves into the capability block`)
			moved = append(moved, c)
			continue
		case c.Block && kw == "capability" && capability == nil:
			cp := *c
			cp.Children = slices.Clone(c.Children)
			capability = &cp
			out.Children = append(out.Children, capability)
			continue
		case c.Block && kw == "family":
			out.Children = append(out.Children, m.family(c))
			continue
		case c.Block && kw == "process" && len(c.Words) <= 2:
			if api := m.process(c); api != nil {
				out.Children = append(out.Children, api)
			}
			continue
		case !c.Block && kw == "inherit":
			names, err := listArg(c)
			if err == nil {
				kept := names[:0:0]
				for _, w := range names {
					if inheritOK(w.Text) {
						kept = append(kept, w)
						continue
					}
					m.warn(w.Pos, "remove it, or define template { neighbor "+w.Text+" { } }",
						`template "`+w.Text+`" is not defined: ignored, as ExaBGP 4.2 does`)
				}
				if len(kept) == 0 {
					continue
				}
				if len(kept) != len(names) {
					c = listStatement(c.Words[0], kept)
				}
			}
		}
		out.Children = append(out.Children, c)
	}
	if len(moved) > 0 {
		if capability == nil {
			capability = &Node{Words: []Token{{Text: "capability", Pos: moved[0].Pos}}, Block: true, Pos: moved[0].Pos}
			out.Children = append(out.Children, capability)
		}
		for _, c := range moved {
			if keyword(c) == "multi-session" && len(c.Words) == 1 {
				// 3.x "multi-session;" is a boolean set to true
				c = &Node{Words: []Token{c.Words[0], {Text: "enable", Pos: c.Pos}}, Pos: c.Pos}
			}
			capability.Children = append(capability.Children, c)
		}
	}
	return &out
}

// listStatement is "KEYWORD [ words ]".
func listStatement(kw Token, words []Token) *Node {
	n := &Node{Words: []Token{kw, {Text: "[", Pos: kw.Pos}}, Pos: kw.Pos}
	n.Words = append(n.Words, words...)
	n.Words = append(n.Words, Token{Text: "]", Pos: kw.Pos})
	return n
}

// family rewrites inet, inet4 and inet6 into ipv4 and ipv6, and warns
// about minimal.
func (m *modernizer) family(n *Node) *Node {
	out := *n
	out.Children = make([]*Node, 0, len(n.Children))
	for _, c := range n.Children {
		switch kw := strings.ToLower(keyword(c)); kw {
		case "inet", "inet4", "inet6":
			afi := "ipv4"
			if kw == "inet6" {
				afi = "ipv6"
			}
			cp := *c
			cp.Words = slices.Clone(c.Words)
			cp.Words[0].Text = afi
			m.warn(c.Pos, nodeText(&cp)+";", `family "`+kw+`" is ExaBGP 3.x syntax for `+afi)
			out.Children = append(out.Children, &cp)
			continue
		case "minimal":
			m.warn(c.Pos, "the families of the neighbor's routes, one a line (exago validate --fix lists them)",
				`family "minimal" is ExaBGP 3.x syntax: the families of the neighbor's routes are negotiated`)
		}
		out.Children = append(out.Children, c)
	}
	return &out
}

// process turns a 3.x "process NAME { ... }" of a neighbor into an api
// block, moving its run and encoder to a top-level process defined once.
// A block it does not know is returned unchanged, for the builder to
// report.
func (m *modernizer) process(n *Node) *Node {
	def, api, ok := legacyProcess(n)
	if !ok {
		return n
	}
	name := n.Words[1].Text
	m.warn(n.Pos, "process "+name+" { run ...; encoder ...; } at the top level and api { processes [ "+name+" ]; ... } in the neighbor",
		`"process" in a neighbor or group is ExaBGP 3.x syntax`)
	if len(def) > 0 && !m.defined[name] {
		p := &Node{Words: []Token{{Text: "process", Pos: n.Pos}, n.Words[1]}, Block: true, Pos: n.Pos}
		p.Children = def
		if !slices.ContainsFunc(def, func(c *Node) bool { return keyword(c) == "encoder" }) {
			// ExaBGP 3.4 defaulted to the text encoder
			p.Children = append(p.Children, &Node{Words: []Token{{Text: "encoder", Pos: n.Pos}, {Text: "text", Pos: n.Pos}}, Pos: n.Pos})
		}
		m.defined[name] = true
		m.added = append(m.added, p)
	}
	return api
}

// topProcess splits a top-level process carrying 3.x message flags into
// the process (run, encoder, respawn) and the api block every neighbor of
// the file gets, as 3.4 applied such a process to all neighbors. A process
// without flags is returned as is with a nil api.
func (m *modernizer) topProcess(n *Node) (*Node, *Node) {
	if !n.Block || len(n.Words) != 2 {
		return n, nil
	}
	flagged := slices.ContainsFunc(n.Children, func(c *Node) bool {
		kw := strings.ToLower(keyword(c))
		return legacyProcessFlags[kw] != nil || (c.Block && (kw == "receive" || kw == "send"))
	})
	if !flagged {
		return n, nil
	}
	def, api, ok := legacyProcess(n)
	if !ok {
		return n, nil
	}
	name := n.Words[1].Text
	m.warn(n.Pos, "api { processes [ "+name+" ]; ... } in each neighbor",
		`message flags in a process are ExaBGP 3.x syntax: they apply to every neighbor`)
	p := *n
	p.Children = def
	return &p, api
}

// legacyProcess reads a 3.x process block: its definition statements
// (run, encoder, respawn) and the api block its message flags make. ok is
// false for a block holding something else, or without a name.
func legacyProcess(n *Node) (def []*Node, api *Node, ok bool) {
	if len(n.Words) != 2 {
		return nil, nil, false
	}
	var neighborChanges bool
	var receive, send []string
	add := func(stmt string) {
		dir, kind, _ := strings.Cut(stmt, " ")
		switch dir {
		case "neighbor-changes":
			neighborChanges = true
		case "receive":
			if !slices.Contains(receive, kind) {
				receive = append(receive, kind)
			}
		case "send":
			if !slices.Contains(send, kind) {
				send = append(send, kind)
			}
		}
	}
	for _, c := range n.Children {
		kw := strings.ToLower(keyword(c))
		switch {
		case !c.Block && (kw == "run" || kw == "encoder" || kw == "respawn"):
			def = append(def, c)
		case !c.Block && legacyProcessFlags[kw] != nil:
			for _, s := range legacyProcessFlags[kw] {
				add(s)
			}
		case c.Block && (kw == "receive" || kw == "send"):
			for _, k := range c.Children {
				w := strings.ToLower(keyword(k))
				switch {
				case w == "neighbor-changes":
					neighborChanges = true
				case kw == "receive" && legacyReceiveKinds[w] != "":
					add("receive " + legacyReceiveKinds[w])
				case kw == "send" && w == "packets":
					add("send packets")
				default:
					return nil, nil, false
				}
			}
		default:
			return nil, nil, false
		}
	}
	pos := n.Pos
	word := func(s string) Token { return Token{Text: s, Pos: pos} }
	api = &Node{Words: []Token{word("api")}, Block: true, Pos: pos}
	api.Children = append(api.Children, listStatement(word("processes"), []Token{n.Words[1]}))
	if neighborChanges {
		api.Children = append(api.Children, &Node{Words: []Token{word("neighbor-changes")}, Pos: pos})
	}
	for _, d := range []struct {
		kw    string
		kinds []string
	}{{"receive", receive}, {"send", send}} {
		if len(d.kinds) == 0 {
			continue
		}
		b := &Node{Words: []Token{word(d.kw)}, Block: true, Pos: pos}
		for _, k := range d.kinds {
			b.Children = append(b.Children, &Node{Words: []Token{word(k)}, Pos: pos})
		}
		api.Children = append(api.Children, b)
	}
	return def, api, true
}

// nodeText is the words of a statement joined by spaces, as written.
func nodeText(n *Node) string {
	parts := make([]string, len(n.Words))
	for i, w := range n.Words {
		parts[i] = tokenText(w)
	}
	return strings.Join(parts, " ")
}
