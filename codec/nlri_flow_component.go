package codec

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// FlowType is a flow specification component type (RFC 8955 section 4.2.2,
// RFC 8956 section 3).
type FlowType uint8

// Flow specification component types. Types 3 and 11 are "protocol" and
// "dscp" for IPv4, "next-header" and "traffic-class" for IPv6.
const (
	FlowDestination  FlowType = 1
	FlowSource       FlowType = 2
	FlowProtocol     FlowType = 3 // next-header for IPv6
	FlowPort         FlowType = 4
	FlowDestPort     FlowType = 5
	FlowSourcePort   FlowType = 6
	FlowICMPType     FlowType = 7
	FlowICMPCode     FlowType = 8
	FlowTCPFlags     FlowType = 9
	FlowPacketLength FlowType = 10
	FlowDSCP         FlowType = 11 // traffic-class for IPv6
	FlowFragment     FlowType = 12
	FlowLabel        FlowType = 13 // IPv6 only
)

// Operator bits of a flow component operator byte. FlowOp.Op holds only
// FlowAnd and the comparison bits; the end-of-list and length bits are
// chosen by the encoder.
const (
	FlowEOL   byte = 0x80 // end of list
	FlowAnd   byte = 0x40 // and with the previous term (else or)
	flowLen   byte = 0x30 // value length: 1 << ((op&0x30)>>4)
	FlowLT    byte = 0x04 // numeric: less than
	FlowGT    byte = 0x02 // numeric: greater than
	FlowEQ    byte = 0x01 // numeric: equal
	FlowNot   byte = 0x02 // bitmask: negate
	FlowMatch byte = 0x01 // bitmask: all bits (else any bit)

	// flowOpMask keeps the bits of an operator byte FlowOp.Op stores.
	flowOpMask = 0xff ^ (FlowEOL | flowLen)
)

// FlowOp is one {operator, value} term of a numeric or bitmask component.
type FlowOp struct {
	// Op is FlowAnd plus FlowLT/FlowGT/FlowEQ (numeric) or
	// FlowNot/FlowMatch (bitmask).
	Op byte
	// Value is the operand; its wire length (1, 2 or 4 bytes) is picked
	// by the component type as ExaBGP does.
	Value uint64
}

// FlowRule is one component of a flow specification: a prefix (destination,
// source) or a list of operator terms.
type FlowRule struct {
	// Type is the component type.
	Type FlowType
	// Prefix is the destination or source prefix.
	Prefix netip.Prefix
	// Offset is the IPv6 prefix offset in bits (RFC 8956).
	Offset uint8
	// Ops are the terms of numeric and bitmask components, in order.
	Ops []FlowOp
}

// NewFlowPrefixRule returns a destination or source component; offset is
// used by IPv6 only.
func NewFlowPrefixRule(t FlowType, p netip.Prefix, offset uint8) FlowRule {
	return FlowRule{Type: t, Prefix: p.Masked(), Offset: offset}
}

// NewFlowOpsRule returns a numeric or bitmask component.
func NewFlowOpsRule(t FlowType, ops ...FlowOp) FlowRule {
	return FlowRule{Type: t, Ops: ops}
}

// IsPrefix reports whether t is a prefix component (destination, source).
func (t FlowType) IsPrefix() bool { return t == FlowDestination || t == FlowSource }

// IsBitmask reports whether t uses bitmask operators (tcp-flags, fragment).
func (t FlowType) IsBitmask() bool { return t == FlowTCPFlags || t == FlowFragment }

// Valid reports whether t is a component known for afi.
func (t FlowType) Valid(afi AFI) bool {
	switch {
	case t >= FlowDestination && t <= FlowFragment:
		return true
	case t == FlowLabel:
		return afi == AFIIPv6
	}
	return false
}

// maxValueLen is the longest value ExaBGP writes for t: 1 byte (protocol,
// icmp, dscp), 2 (ports, tcp-flags, packet-length, fragment), 4 (flow-label).
func (t FlowType) maxValueLen() int {
	switch t {
	case FlowProtocol, FlowICMPType, FlowICMPCode, FlowDSCP:
		return 1
	case FlowLabel:
		return 4
	}
	return 2
}

// Name is ExaBGP's keyword for t in afi ("destination-ipv4", "protocol",
// "next-header", "traffic-class"...).
func (t FlowType) Name(afi AFI) string {
	v6 := afi == AFIIPv6
	switch t {
	case FlowDestination:
		if v6 {
			return "destination-ipv6"
		}
		return "destination-ipv4"
	case FlowSource:
		if v6 {
			return "source-ipv6"
		}
		return "source-ipv4"
	case FlowProtocol:
		if v6 {
			return "next-header"
		}
		return "protocol"
	case FlowPort:
		return "port"
	case FlowDestPort:
		return "destination-port"
	case FlowSourcePort:
		return "source-port"
	case FlowICMPType:
		return "icmp-type"
	case FlowICMPCode:
		return "icmp-code"
	case FlowTCPFlags:
		return "tcp-flags"
	case FlowPacketLength:
		return "packet-length"
	case FlowDSCP:
		if v6 {
			return "traffic-class"
		}
		return "dscp"
	case FlowFragment:
		return "fragment"
	case FlowLabel:
		return "flow-label"
	}
	return "unknown-" + strconv.Itoa(int(t))
}

// ParseFlowType returns the component type of an ExaBGP keyword and the
// AFI it implies (0 when it fits both).
func ParseFlowType(s string) (FlowType, AFI, bool) {
	switch s {
	case "destination-ipv4", "destination":
		return FlowDestination, AFIIPv4, true
	case "destination-ipv6":
		return FlowDestination, AFIIPv6, true
	case "source-ipv4", "source":
		return FlowSource, AFIIPv4, true
	case "source-ipv6":
		return FlowSource, AFIIPv6, true
	case "protocol":
		return FlowProtocol, AFIIPv4, true
	case "next-header":
		return FlowProtocol, AFIIPv6, true
	case "port":
		return FlowPort, 0, true
	case "destination-port":
		return FlowDestPort, 0, true
	case "source-port":
		return FlowSourcePort, 0, true
	case "icmp-type":
		return FlowICMPType, 0, true
	case "icmp-code":
		return FlowICMPCode, 0, true
	case "tcp-flags":
		return FlowTCPFlags, 0, true
	case "packet-length":
		return FlowPacketLength, 0, true
	case "dscp":
		return FlowDSCP, AFIIPv4, true
	case "traffic-class":
		return FlowDSCP, AFIIPv6, true
	case "fragment":
		return FlowFragment, 0, true
	case "flow-label":
		return FlowLabel, AFIIPv6, true
	}
	return 0, 0, false
}

// Value names ExaBGP knows (lib/exabgp/protocol), in its printing order.
var (
	flowProtocolNames = map[uint64]string{
		0x01: "icmp", 0x02: "igmp", 0x06: "tcp", 0x08: "egp", 0x11: "udp", 0x2e: "rsvp",
		0x2f: "gre", 0x32: "esp", 0x33: "ah", 0x59: "ospf", 0x5e: "ipip", 0x67: "pim", 0x84: "sctp",
	}
	flowICMPTypeNames = map[uint64]string{
		0x00: "echo-reply", 0x03: "unreachable", 0x04: "source-quench", 0x05: "redirect",
		0x08: "echo-request", 0x09: "router-advertisement", 0x0a: "router-solicit",
		0x0b: "time-exceeded", 0x0c: "parameter-problem", 0x0d: "timestamp",
		0x0e: "timestamp-reply", 0x0f: "info-request", 0x10: "info-reply", 0x11: "mask-request",
		0x12: "mask-reply", 0x1e: "traceroute", 0x29: "experimental-mobility",
		0x2a: "extended-echo-request", 0x2b: "extended-echo-reply", 0xfd: "experimental-one",
		0xfe: "experimental-two",
	}
	flowICMPCodeNames = map[string]uint64{
		"network-unreachable": 0x0, "host-unreachable": 0x1, "protocol-unreachable": 0x2,
		"port-unreachable": 0x3, "fragmentation-needed": 0x4, "source-route-failed": 0x5,
		"destination-network-unknown": 0x6, "destination-host-unknown": 0x7,
		"source-host-isolated": 0x8, "destination-network-prohibited": 0x9,
		"destination-host-prohibited": 0xa, "network-unreachable-for-tos": 0xb,
		"host-unreachable-for-tos": 0xc, "communication-prohibited-by-filtering": 0xd,
		"host-precedence-violation": 0xe, "precedence-cutoff-in-effect": 0xf,
		"redirect-for-network": 0x0, "redirect-for-host": 0x1, "redirect-for-tos-and-net": 0x2,
		"redirect-for-tos-and-host": 0x3, "ttl-eq-zero-during-transit": 0x0,
		"ttl-eq-zero-during-reassembly": 0x1, "required-option-missing": 0x1, "ip-header-bad": 0x2,
	}
	flowTCPFlagBits = []flowBit{
		{0x01, "fin"}, {0x02, "syn"}, {0x04, "rst"}, {0x08, "push"}, {0x10, "ack"},
		{0x20, "urg"}, {0x40, "ece"}, {0x80, "cwr"}, {0x100, "ns"},
	}
	flowFragmentBits = []flowBit{
		{0x00, "not-a-fragment"}, {0x01, "dont-fragment"}, {0x02, "is-fragment"},
		{0x04, "first-fragment"}, {0x08, "last-fragment"},
	}
)

// flowBit is one named bit of a bitmask value.
type flowBit struct {
	bit  uint64
	name string
}

// bitsString prints v as ExaBGP's BitResource does: names of the set bits
// joined by '+', then "unknown KIND type V" for bits left.
func bitsString(v uint64, bits []flowBit, kind string) string {
	var parts []string
	left := v
	for _, b := range bits {
		if left&b.bit != 0 || left == b.bit {
			parts = append(parts, b.name)
			left -= b.bit
		}
	}
	if left != 0 {
		parts = append(parts, "unknown "+kind+" type "+strconv.FormatUint(v, 10))
	}
	return strings.Join(parts, "+")
}

// ValueString prints a component value as ExaBGP does: protocol and ICMP
// type names, tcp-flags and fragment bit names, numbers otherwise.
func (t FlowType) ValueString(v uint64) string {
	switch t {
	case FlowProtocol:
		if n, ok := flowProtocolNames[v]; ok {
			return n
		}
		return "unknown protocol type " + strconv.FormatUint(v, 10)
	case FlowICMPType:
		if n, ok := flowICMPTypeNames[v]; ok {
			return n
		}
		return "unknown icmp type type " + strconv.FormatUint(v, 10)
	case FlowTCPFlags:
		return bitsString(v, flowTCPFlagBits, "tcp flag")
	case FlowFragment:
		return bitsString(v, flowFragmentBits, "fragment")
	}
	return strconv.FormatUint(v, 10)
}

// ParseValue parses a component value as ExaBGP's configuration does:
// names joined by '+' (protocol, icmp type and code, tcp flags, fragment),
// decimal, or 0x hex. Port names are not known; use numbers.
func (t FlowType) ParseValue(s string) (uint64, error) {
	var total uint64
	for _, part := range strings.Split(s, "+") {
		v, err := t.parseOne(part)
		if err != nil {
			return 0, err
		}
		total += v
	}
	return total, nil
}

// parseOne parses one '+'-separated term of ParseValue.
func (t FlowType) parseOne(s string) (uint64, error) {
	name := strings.ReplaceAll(strings.ToLower(s), "_", "-")
	switch t {
	case FlowProtocol:
		for v, n := range flowProtocolNames {
			if n == name {
				return v, nil
			}
		}
	case FlowICMPType:
		for v, n := range flowICMPTypeNames {
			if n == name {
				return v, nil
			}
		}
	case FlowICMPCode:
		if v, ok := flowICMPCodeNames[name]; ok {
			return v, nil
		}
	case FlowTCPFlags:
		if name == "urgent" {
			return 0x20, nil
		}
		for _, b := range flowTCPFlagBits {
			if b.name == name {
				return b.bit, nil
			}
		}
	case FlowFragment:
		for _, b := range flowFragmentBits {
			if b.name == name {
				return b.bit, nil
			}
		}
	}
	if strings.HasPrefix(name, "0x") {
		v, err := strconv.ParseUint(name[2:], 16, 32)
		if err == nil {
			return v, nil
		}
	}
	v, err := strconv.ParseUint(name, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid %s value %q", t.Name(0), s)
	}
	return v, nil
}

// valueLen is the wire length ExaBGP picks for v in a component of type t:
// the fewest of 1, 2 or 4 bytes, never fewer than the value needs (a value
// beyond t.MaxValue, which ExaBGP's configuration refuses, gets the length
// it needs, up to 8 bytes).
func (t FlowType) valueLen(v uint64) int {
	switch {
	case v >= 1<<32:
		return 8
	case v >= 1<<16:
		return 4
	case v >= 1<<8:
		return 2
	}
	return 1
}

// MaxValue is the largest value ExaBGP accepts for t: 255 for protocol,
// icmp and dscp, 65535 for ports, tcp-flags, packet-length and fragment,
// 2^20-1 for flow-label. Configuration should refuse larger values.
func (t FlowType) MaxValue() uint64 {
	switch t.maxValueLen() {
	case 1:
		return 0xff
	case 4:
		return 0xfffff
	}
	return 0xffff
}

// OpString prints an operator and its value as ExaBGP does ("=80", "&<=2000",
// "true", "!=syn", "is-fragment").
func (t FlowType) OpString(o FlowOp) string {
	op := o.Op & flowOpMask
	v := t.ValueString(o.Value)
	if t.IsBitmask() {
		var s string
		switch op {
		case 0:
			s = ""
		case FlowNot:
			s = "!"
		case FlowMatch:
			s = "="
		case FlowNot | FlowMatch:
			s = "!="
		case FlowAnd:
			s = "&"
		case FlowAnd | FlowNot:
			s = "&!"
		case FlowAnd | FlowMatch:
			s = "&="
		case FlowAnd | FlowNot | FlowMatch:
			s = "&!="
		default:
			s = fmt.Sprintf("%02X", op)
		}
		return s + v
	}
	switch op {
	case FlowLT | FlowGT | FlowEQ:
		return "true"
	case 0:
		return "false"
	}
	var s string
	switch op &^ FlowAnd {
	case FlowLT | FlowGT | FlowEQ:
		s = "true"
	case FlowLT:
		s = "<"
	case FlowGT:
		s = ">"
	case FlowEQ:
		s = "="
	case FlowLT | FlowEQ:
		s = "<="
	case FlowGT | FlowEQ:
		s = ">="
	case FlowLT | FlowGT:
		s = "!="
	case 0:
		s = "false"
	default:
		return fmt.Sprintf("%02X", op) + v
	}
	if op&FlowAnd != 0 {
		s = "&" + s
	}
	return s + v
}
