package api

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// flowRule is one component operation (or prefix) of a flow NLRI, already
// turned into ExaBGP's text ("=tcp", ">8080", "&<8088", "10.0.0.1/32").
type flowRule struct {
	and  bool // numeric/binary operation with the AND bit
	text string
}

// flowNLRI is a decoded flow specification (RFC 5575) in ExaBGP's model.
type flowNLRI struct {
	rd    *codec.RD
	ids   []int
	names map[int]string
	rules map[int][]flowRule
}

const (
	flowOpEOL = 0x80
	flowOpAND = 0x40
	flowOpLEN = 0x30
)

// flowComponent describes a component type of one AFI.
type flowComponent struct {
	name   string
	kind   byte // 'p' prefix, 'n' numeric, 'b' binary
	format func(v uint64) string
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

// flowComponents returns the component table of afi.
func flowComponent4(afi codec.AFI, id int) (flowComponent, bool) {
	six := afi == codec.AFIIPv6
	switch id {
	case 1:
		if six {
			return flowComponent{name: "destination-ipv6", kind: 'p'}, true
		}
		return flowComponent{name: "destination-ipv4", kind: 'p'}, true
	case 2:
		if six {
			return flowComponent{name: "source-ipv6", kind: 'p'}, true
		}
		return flowComponent{name: "source-ipv4", kind: 'p'}, true
	case 3:
		if six {
			return flowComponent{name: "next-header", kind: 'n', format: protocolName}, true
		}
		return flowComponent{name: "protocol", kind: 'n', format: protocolName}, true
	case 4:
		return flowComponent{name: "port", kind: 'n', format: itoa}, true
	case 5:
		return flowComponent{name: "destination-port", kind: 'n', format: itoa}, true
	case 6:
		return flowComponent{name: "source-port", kind: 'n', format: itoa}, true
	case 7:
		return flowComponent{name: "icmp-type", kind: 'n', format: icmpTypeName}, true
	case 8:
		return flowComponent{name: "icmp-code", kind: 'n', format: itoa}, true
	case 9:
		return flowComponent{name: "tcp-flags", kind: 'b', format: tcpFlagsName}, true
	case 10:
		return flowComponent{name: "packet-length", kind: 'n', format: itoa}, true
	case 11:
		if six {
			return flowComponent{name: "traffic-class", kind: 'n', format: itoa}, true
		}
		return flowComponent{name: "dscp", kind: 'n', format: itoa}, true
	case 12:
		return flowComponent{name: "fragment", kind: 'b', format: fragmentName}, true
	case 13:
		if six {
			return flowComponent{name: "flow-label", kind: 'n', format: itoa}, true
		}
	}
	return flowComponent{}, false
}

// decodeFlow reads one flow NLRI of f from b. A malformed rule gives a nil
// flow and no error: ExaBGP 4.2 silently drops it.
func decodeFlow(f codec.Family, b []byte) (*flowNLRI, []byte, error) {
	if len(b) < 1 {
		return nil, nil, fmt.Errorf("decode %s nlri: empty", f)
	}
	length := int(b[0])
	b = b[1:]
	if length&0xF0 == 0xF0 {
		if len(b) < 1 {
			return nil, nil, fmt.Errorf("decode %s nlri: truncated length", f)
		}
		length = (length&0x0F)<<16 + int(b[0])
		b = b[1:]
	}
	if length > len(b) {
		return nil, nil, fmt.Errorf("decode %s nlri: invalid length at the start of the the flow", f)
	}
	over := b[length:]
	b = b[:length]
	fl := &flowNLRI{names: map[int]string{}, rules: map[int][]flowRule{}}
	if f.SAFI == codec.SAFIFlowVPN {
		if len(b) < 8 {
			return nil, over, nil
		}
		var rd codec.RD
		copy(rd[:], b[:8])
		fl.rd = &rd
		b = b[8:]
	}
	last := 0
	for len(b) > 0 {
		id := int(b[0])
		b = b[1:]
		c, ok := flowComponent4(f.AFI, id)
		if !ok {
			return nil, over, nil
		}
		if id < last {
			return nil, over, nil
		}
		last = id
		if _, ok := fl.rules[id]; !ok {
			fl.ids = append(fl.ids, id)
			fl.names[id] = c.name
		}
		if c.kind == 'p' {
			text, rest, err := decodeFlowPrefix(f.AFI, b)
			if err != nil {
				return nil, over, nil
			}
			b = rest
			fl.rules[id] = append(fl.rules[id], flowRule{text: text})
			continue
		}
		for end := false; !end; {
			if len(b) < 1 {
				return nil, over, nil
			}
			op := b[0]
			b = b[1:]
			end = op&flowOpEOL != 0
			n := 1 << ((op & flowOpLEN) >> 4)
			if len(b) < n {
				return nil, over, nil
			}
			var v uint64
			for _, x := range b[:n] {
				v = v<<8 | uint64(x)
			}
			b = b[n:]
			if (id == 3 || id == 12) && n != 1 {
				// ExaBGP 4.2 fails on these with a TypeError (ord of
				// two bytes) and rejects the whole message.
				return nil, nil, fmt.Errorf("decode %s nlri: %s value of %d bytes", f, c.name, n)
			}
			oper := op &^ (flowOpEOL | flowOpLEN)
			var text string
			if c.kind == 'n' {
				text = numericOpString(oper, c.format(v))
			} else {
				text = binaryOpString(oper, c.format(v))
			}
			fl.rules[id] = append(fl.rules[id], flowRule{and: oper&flowOpAND != 0, text: text})
		}
	}
	sort.Ints(fl.ids)
	return fl, over, nil
}

// decodeFlowPrefix reads a destination/source prefix component.
func decodeFlowPrefix(afi codec.AFI, b []byte) (string, []byte, error) {
	if afi == codec.AFIIPv6 {
		if len(b) < 2 {
			return "", nil, fmt.Errorf("truncated ipv6 prefix")
		}
		mask, offset := int(b[0]), int(b[1])
		size := (mask + 7) / 8
		if mask > 128 || len(b) < 2+size {
			return "", nil, fmt.Errorf("invalid ipv6 prefix")
		}
		var raw [16]byte
		copy(raw[:], b[2:2+size])
		return netip.AddrFrom16(raw).String() + "/" + strconv.Itoa(mask) + "/" + strconv.Itoa(offset), b[2+size:], nil
	}
	if len(b) < 1 {
		return "", nil, fmt.Errorf("truncated ipv4 prefix")
	}
	mask := int(b[0])
	size := (mask + 7) / 8
	if mask > 32 || len(b) < 1+size {
		return "", nil, fmt.Errorf("invalid ipv4 prefix")
	}
	var raw [4]byte
	copy(raw[:], b[1:1+size])
	return netip.AddrFrom4(raw).String() + "/" + strconv.Itoa(mask), b[1+size:], nil
}

// numericOpString is ExaBGP's NumericString: the operator (without the
// end-of-list and length bits) then the value; "true"/"false" alone.
func numericOpString(op byte, value string) string {
	switch op {
	case 7:
		return "true"
	case 0:
		return "false"
	}
	names := map[byte]string{4: "<", 2: ">", 1: "=", 5: "<=", 3: ">=", 6: "!=",
		0x47: "&true", 0x44: "&<", 0x42: "&>", 0x41: "&=", 0x45: "&<=", 0x43: "&>=", 0x46: "&!=", 0x40: "&false"}
	s, ok := names[op]
	if !ok {
		s = fmt.Sprintf("%02X", op)
	}
	return s + value
}

// binaryOpString is ExaBGP's BinaryString.
func binaryOpString(op byte, value string) string {
	names := map[byte]string{0: "", 2: "!", 1: "=", 3: "!=", 0x40: "&", 0x42: "&!", 0x41: "&=", 0x43: "&!="}
	s, ok := names[op]
	if !ok {
		s = fmt.Sprintf("%02X", op)
	}
	return s + value
}

// appendJSON writes the flow's JSON object; nexthop is "" when absent.
func (fl *flowNLRI) appendJSON(b []byte, nexthop string) []byte {
	b = append(b, '{')
	for i, id := range fl.ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, ` "`...)
		b = append(b, fl.names[id]...)
		b = append(b, `": [ `...)
		var s strings.Builder
		for k, r := range fl.rules[id] {
			if k > 0 && !r.and {
				s.WriteString(", ")
			}
			s.WriteString(`"` + r.text + `"`)
		}
		b = append(b, strings.ReplaceAll(s.String(), `""`, "")...)
		b = append(b, " ]"...)
	}
	if fl.rd != nil {
		b = append(b, `, "rd": "`...)
		b = append(b, fl.rd.String()...)
		b = append(b, '"')
	}
	if nexthop != "" {
		b = append(b, `, "next-hop": "`...)
		b = append(b, nexthop...)
		b = append(b, '"')
	}
	b = append(b, `, "string": "`...)
	b = append(b, fl.extensive(nexthop)...)
	return append(b, `" }`...)
}

// extensive is ExaBGP's text form of the flow ("flow destination-ipv4 ...").
func (fl *flowNLRI) extensive(nexthop string) string {
	var s strings.Builder
	s.WriteString("flow")
	for _, id := range fl.ids {
		rules := fl.rules[id]
		var line strings.Builder
		for k, r := range rules {
			if k > 0 && !r.and {
				line.WriteByte(' ')
			}
			line.WriteString(r.text)
		}
		l := line.String()
		// ExaBGP brackets when it joined more than one piece (spaces count).
		pieces := len(rules)
		for k, r := range rules {
			if k > 0 && !r.and {
				pieces++
			}
		}
		if pieces > 1 {
			l = "[ " + l + " ]"
		}
		s.WriteString(" " + fl.names[id] + " " + l)
	}
	if fl.rd != nil {
		s.WriteString(" rd " + fl.rd.String())
	}
	if nexthop != "" {
		s.WriteString(" next-hop " + nexthop)
	}
	return s.String()
}

// protocolName is ExaBGP's name of an IP protocol number.
func protocolName(v uint64) string {
	switch v {
	case 1:
		return "icmp"
	case 2:
		return "igmp"
	case 6:
		return "tcp"
	case 8:
		return "egp"
	case 17:
		return "udp"
	case 46:
		return "rsvp"
	case 47:
		return "gre"
	case 50:
		return "esp"
	case 51:
		return "ah"
	case 89:
		return "ospf"
	case 94:
		return "ipip"
	case 103:
		return "pim"
	case 132:
		return "sctp"
	}
	return "unknown protocol type " + itoa(v)
}

// icmpTypeName is ExaBGP's name of an ICMP type.
func icmpTypeName(v uint64) string {
	names := map[uint64]string{0: "echo-reply", 3: "unreachable", 4: "source-quench", 5: "redirect",
		8: "echo-request", 9: "router-advertisement", 10: "router-solicit", 11: "time-exceeded",
		12: "parameter-problem", 13: "timestamp", 14: "timestamp-reply", 15: "info-request",
		16: "info-reply", 17: "mask-request", 18: "mask-reply", 30: "traceroute",
		41: "experimental-mobility", 42: "extended-echo-request", 43: "extended-echo-reply",
		253: "experimental-one", 254: "experimental-two"}
	if s, ok := names[v]; ok {
		return s
	}
	return "unknown icmp type type " + itoa(v)
}

// bitNames joins the names of the bits of v the way ExaBGP's BitResource
// does.
func bitNames(v uint64, bits []uint64, names []string, unknown string) string {
	orig := v
	var out []string
	for i, bit := range bits {
		if v&bit != 0 || v == bit {
			out = append(out, names[i])
			v -= bit
		}
	}
	if v != 0 {
		out = append(out, unknown+itoa(orig))
	}
	return strings.Join(out, "+")
}

func tcpFlagsName(v uint64) string {
	return bitNames(v, []uint64{1, 2, 4, 8, 16, 32, 64, 128, 256},
		[]string{"fin", "syn", "rst", "push", "ack", "urg", "ece", "cwr", "ns"}, "unknown tcp flag type ")
}

func fragmentName(v uint64) string {
	return bitNames(v, []uint64{0, 1, 2, 4, 8},
		[]string{"not-a-fragment", "dont-fragment", "is-fragment", "first-fragment", "last-fragment"}, "unknown fragment type ")
}
