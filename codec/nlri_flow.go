package codec

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Flow is a flow specification NLRI (RFC 8955, RFC 8956): ipv4/ipv6 flow
// (SAFI 133) or flow-vpn (SAFI 134, led by a route distinguisher).
//
// Rules are kept in the order given; the encoder writes them sorted by
// type (stable), one type byte for all the terms of rules of the same
// operator type, the end-of-list bit on the last term, as ExaBGP does.
// ExaBGP never writes nor reads a path identifier for flow routes, so
// AppendNLRI and DecodeFlow ignore add-path.
type Flow struct {
	// Fam is ipv4/ipv6 flow or flow-vpn.
	Fam Family
	// RD is the route distinguisher of flow-vpn routes.
	RD RD
	// Rules are the components.
	Rules []FlowRule
}

// NewFlow returns the flow route of family f with rules.
func NewFlow(f Family, rules ...FlowRule) Flow { return Flow{Fam: f, Rules: rules} }

// Family is the (AFI, SAFI) of the route.
func (f Flow) Family() Family { return f.Fam }

// sorted returns the rules stably sorted by type.
func (f Flow) sorted() []FlowRule {
	if slices.IsSortedFunc(f.Rules, cmpFlowRule) {
		return f.Rules
	}
	r := slices.Clone(f.Rules)
	slices.SortStableFunc(r, cmpFlowRule)
	return r
}

func cmpFlowRule(a, b FlowRule) int { return cmp.Compare(a.Type, b.Type) }

// AppendNLRI appends length (1 byte below 240, else 2 bytes 0xFnnn), the RD
// for flow-vpn, and the components.
func (f Flow) AppendNLRI(b []byte, _ bool) ([]byte, error) {
	start := len(b)
	b = append(b, 0) // length placeholder, 1 byte
	var err error
	if b, err = f.appendComponents(b); err != nil {
		return b[:start], err
	}
	n := len(b) - start - 1
	switch {
	case n < 0xf0:
		b[start] = byte(n)
	case n <= 0x0fff:
		b = append(b, 0)
		copy(b[start+2:], b[start+1:len(b)-1])
		b[start] = 0xf0 | byte(n>>8)
		b[start+1] = byte(n)
	default:
		return b[:start], fmt.Errorf("encode %s nlri: %d bytes of components, more than the encoding allows", f.Fam, n)
	}
	return b, nil
}

// appendComponents writes the RD (flow-vpn) and the sorted components.
func (f Flow) appendComponents(b []byte) ([]byte, error) {
	if f.Fam.SAFI == SAFIFlowVPN {
		b = append(b, f.RD[:]...)
	}
	rules := f.sorted()
	for i := 0; i < len(rules); {
		r := rules[i]
		if !r.Type.Valid(f.Fam.AFI) {
			return b, fmt.Errorf("encode %s nlri: component type %d", f.Fam, r.Type)
		}
		if r.Type.IsPrefix() {
			if !r.Prefix.IsValid() || r.Prefix.Addr().Is6() != (f.Fam.AFI == AFIIPv6) {
				return b, fmt.Errorf("encode %s nlri: %s prefix %s", f.Fam, r.Type.Name(f.Fam.AFI), r.Prefix)
			}
			b = append(b, byte(r.Type), byte(r.Prefix.Bits()))
			if f.Fam.AFI == AFIIPv6 {
				b = append(b, r.Offset)
			}
			b = appendAddrBits(b, r.Prefix.Addr(), r.Prefix.Bits())
			i++
			continue
		}
		// All terms of the rules of this type form one component.
		j := i
		for j < len(rules) && rules[j].Type == r.Type {
			j++
		}
		var last int = -1
		b = append(b, byte(r.Type))
		for _, rr := range rules[i:j] {
			for _, o := range rr.Ops {
				n := r.Type.valueLen(o.Value)
				last = len(b)
				b = append(b, o.Op&flowOpMask|lenBits(n))
				for k := n - 1; k >= 0; k-- {
					b = append(b, byte(o.Value>>(8*k)))
				}
			}
		}
		if last < 0 {
			return b, fmt.Errorf("encode %s nlri: %s without any term", f.Fam, r.Type.Name(f.Fam.AFI))
		}
		b[last] |= FlowEOL
		i = j
	}
	return b, nil
}

// lenBits is the operator length field for a value of n bytes.
func lenBits(n int) byte {
	switch n {
	case 2:
		return 0x10
	case 4:
		return 0x20
	case 8:
		return 0x30
	}
	return 0
}

// DecodeFlow decodes one flow route of family f from b. Components must
// come in increasing type order (RFC 8955 section 4.2).
func DecodeFlow(f Family, b []byte, _ bool) (Flow, []byte, error) {
	fl := Flow{Fam: f}
	if len(b) < 1 {
		return fl, nil, fmt.Errorf("decode %s nlri: missing length", f)
	}
	n := int(b[0])
	b = b[1:]
	if n&0xf0 == 0xf0 {
		if len(b) < 1 {
			return fl, nil, fmt.Errorf("decode %s nlri: missing length", f)
		}
		n = (n&0x0f)<<8 | int(b[0])
		b = b[1:]
	}
	if len(b) < n {
		return fl, nil, fmt.Errorf("decode %s nlri: length %d, %d bytes left", f, n, len(b))
	}
	c, rest := b[:n], b[n:]
	var err error
	if f.SAFI == SAFIFlowVPN {
		if fl.RD, c, err = decodeRD(c); err != nil {
			return fl, nil, fmt.Errorf("decode %s nlri: %w", f, err)
		}
	}
	// One backing array for the terms of all components (each term takes at
	// least 2 bytes), sliced per rule with capped capacity.
	ops := make([]FlowOp, 0, len(c)/2)
	fl.Rules = make([]FlowRule, 0, min(len(c)/3+1, 8))
	var prev FlowType
	for len(c) > 0 {
		t := FlowType(c[0])
		c = c[1:]
		if !t.Valid(f.AFI) {
			return fl, nil, fmt.Errorf("decode %s nlri: unknown component type %d", f, t)
		}
		if t < prev {
			return fl, nil, fmt.Errorf("decode %s nlri: component %d after %d", f, t, prev)
		}
		prev = t
		r := FlowRule{Type: t}
		if t.IsPrefix() {
			if len(c) < 1 {
				return fl, nil, fmt.Errorf("decode %s nlri: %s without length", f, t.Name(f.AFI))
			}
			bits := int(c[0])
			c = c[1:]
			if f.AFI == AFIIPv6 {
				if len(c) < 1 {
					return fl, nil, fmt.Errorf("decode %s nlri: %s without offset", f, t.Name(f.AFI))
				}
				r.Offset = c[0]
				c = c[1:]
			}
			if r.Prefix, c, err = decodePrefixBits(f.AFI, bits, c); err != nil {
				return fl, nil, fmt.Errorf("decode %s nlri: %s: %w", f, t.Name(f.AFI), err)
			}
			fl.Rules = append(fl.Rules, r)
			continue
		}
		start := len(ops)
		for {
			if len(c) < 1 {
				return fl, nil, fmt.Errorf("decode %s nlri: %s: missing operator", f, t.Name(f.AFI))
			}
			op := c[0]
			vl := 1 << ((op & flowLen) >> 4)
			c = c[1:]
			if len(c) < vl {
				return fl, nil, fmt.Errorf("decode %s nlri: %s: value of %d bytes, %d left", f, t.Name(f.AFI), vl, len(c))
			}
			var v uint64
			for _, x := range c[:vl] {
				v = v<<8 | uint64(x)
			}
			c = c[vl:]
			ops = append(ops, FlowOp{Op: op & flowOpMask, Value: v})
			if op&FlowEOL != 0 {
				break
			}
		}
		r.Ops = ops[start:len(ops):len(ops)]
		// A repeated operator component continues the previous one, as
		// the encoder writes all terms of one type together.
		if k := len(fl.Rules) - 1; k >= 0 && fl.Rules[k].Type == t {
			fl.Rules[k].Ops = append(fl.Rules[k].Ops, r.Ops...)
			continue
		}
		fl.Rules = append(fl.Rules, r)
	}
	return fl, rest, nil
}

// FlowGroup is the text of one component type of a flow route, as ExaBGP
// prints it: Terms are the strings of its values, terms joined by "and"
// concatenated ("=80", ">=1024&<=2000"); Count is the number of values
// before joining (a list is bracketed when it is above 1).
type FlowGroup struct {
	// Name is the component keyword ("destination-ipv4", "destination-port").
	Name string
	// Terms are ExaBGP's JSON strings of the component.
	Terms []string
	// Count is the number of prefixes or operator terms.
	Count int
}

// Groups returns the text of the components by type, in type order, as
// ExaBGP's JSON encoder lists them ("destination-port": [ "=80", "=8080" ]).
func (f Flow) Groups() []FlowGroup {
	var out []FlowGroup
	rules := f.sorted()
	for i := 0; i < len(rules); {
		t := rules[i].Type
		g := FlowGroup{Name: t.Name(f.Fam.AFI)}
		for ; i < len(rules) && rules[i].Type == t; i++ {
			r := rules[i]
			if t.IsPrefix() {
				g.Terms = append(g.Terms, FlowPrefixString(r.Prefix, r.Offset))
				g.Count++
				continue
			}
			for _, o := range r.Ops {
				s := t.OpString(o)
				if g.Count > 0 && o.Op&FlowAnd != 0 {
					g.Terms[len(g.Terms)-1] += s
				} else {
					g.Terms = append(g.Terms, s)
				}
				g.Count++
			}
		}
		out = append(out, g)
	}
	return out
}

// String is ExaBGP's form without the next hop: "flow destination-ipv4
// 10.0.0.1/32 destination-port [ =80 =8080 ] rd 65000:1".
func (f Flow) String() string {
	var sb strings.Builder
	sb.WriteString("flow")
	for _, g := range f.Groups() {
		sb.WriteByte(' ')
		sb.WriteString(g.Name)
		sb.WriteByte(' ')
		if g.Count > 1 {
			sb.WriteString("[ ")
			sb.WriteString(strings.Join(g.Terms, " "))
			sb.WriteString(" ]")
		} else {
			sb.WriteString(strings.Join(g.Terms, " "))
		}
	}
	if f.Fam.SAFI == SAFIFlowVPN {
		sb.WriteString(" rd ")
		sb.WriteString(f.RD.String())
	}
	return sb.String()
}

// FlowPrefixString is the text of a prefix component value: "10.0.0.0/24",
// or "::1/128/0" with the offset for IPv6.
func FlowPrefixString(p netip.Prefix, offset uint8) string {
	if p.Addr().Is6() {
		return fmt.Sprintf("%s/%d", p, offset)
	}
	return p.String()
}
