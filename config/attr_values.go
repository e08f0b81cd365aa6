package config

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// This file reads the values of the route attributes of ExaBGP's static
// route syntax into plain Go values; attr_build.go turns them into codec
// attributes.

// parseUint reads a decimal number of at most bits bits.
func parseUint(s string, bits int) (uint64, error) {
	if s == "" {
		return 0, errors.New("empty number")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%q is not a number", s)
		}
	}
	v, err := strconv.ParseUint(s, 10, bits)
	if err != nil {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return v, nil
}

// parseUintAny reads a decimal or 0x-prefixed hexadecimal number.
func parseUintAny(s string, bits int) (uint64, error) {
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		v, err := strconv.ParseUint(s[2:], 16, bits)
		if err != nil {
			return 0, fmt.Errorf("%q is not a %d-bit number", s, bits)
		}
		return v, nil
	}
	return parseUint(s, bits)
}

// parseASN reads an AS number: "65000", "65000L" or "1.10" (asdot).
func parseASN(s string) (uint32, error) {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "L"), "l")
	if dot := strings.IndexByte(s, '.'); dot > 0 {
		hi, err1 := parseUint(s[:dot], 16)
		lo, err2 := parseUint(s[dot+1:], 16)
		if err1 != nil || err2 != nil {
			return 0, fmt.Errorf("invalid asn %q", s)
		}
		return uint32(hi<<16 | lo), nil
	}
	v, err := parseUint(s, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid asn %q", s)
	}
	return uint32(v), nil
}

// parseIPv4 reads a dotted quad.
func parseIPv4(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return netip.Addr{}, fmt.Errorf("invalid ipv4 address %q", s)
	}
	return a, nil
}

// parseAddr reads an IPv4 or IPv6 address; IPv4-mapped IPv6 stays IPv6.
func parseAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("invalid ip address %q", s)
	}
	return a, nil
}

// Origin values.
const (
	originIGP        = 0
	originEGP        = 1
	originIncomplete = 2
)

// parseOriginWord reads "igp", "egp" or "incomplete" (any case).
func parseOriginWord(s string) (uint8, error) {
	switch strings.ToLower(s) {
	case "igp":
		return originIGP, nil
	case "egp":
		return originEGP, nil
	case "incomplete":
		return originIncomplete, nil
	}
	return 0, fmt.Errorf("unknown origin %q", s)
}

// asPathValue is an as-path as ExaBGP's configuration writes it: one
// sequence, then one set ("[ 1 2 ( 3 4 ) ]").
type asPathValue struct {
	Seq []uint32
	Set []uint32
	// HasSet tells an empty "( )" from no set at all.
	HasSet bool
}

// readASPath reads "ASN" or "[ ASN... ( ASN... ) ]"; commas are ignored.
func readASPath(c *cursor) (asPathValue, error) {
	var p asPathValue
	w, err := c.need("as-path")
	if err != nil {
		return p, err
	}
	if w != "[" {
		asn, err := parseASN(w)
		if err != nil {
			return p, c.errf("could not parse as-path")
		}
		p.Seq = append(p.Seq, asn)
		return p, nil
	}
	for {
		w, err = c.need("] closing the as-path")
		if err != nil {
			return p, err
		}
		switch w {
		case ",":
			continue
		case "]":
			return p, nil
		case "(", "[":
			p.HasSet = true
			for {
				w, err = c.need(") closing the as-set")
				if err != nil {
					return p, err
				}
				if w == ")" || w == "]" {
					break
				}
				if w == "," {
					continue
				}
				asn, err := parseASN(w)
				if err != nil {
					return p, c.errf("could not parse as-path")
				}
				p.Set = append(p.Set, asn)
			}
			continue
		}
		asn, err := parseASN(w)
		if err != nil {
			return p, c.errf("could not parse as-path")
		}
		p.Seq = append(p.Seq, asn)
	}
}

// readAggregator reads "ASN:IP", "( ASN:IP )" or "(ASN:IP)".
func readAggregator(c *cursor) (uint32, netip.Addr, error) {
	w, err := c.need("aggregator")
	if err != nil {
		return 0, netip.Addr{}, err
	}
	eat := false
	if w == "(" {
		eat = true
		if w, err = c.need("aggregator"); err != nil {
			return 0, netip.Addr{}, err
		}
		if strings.HasSuffix(w, ")") {
			eat = false
			w = w[:len(w)-1]
		}
	} else if strings.HasPrefix(w, "(") {
		w = w[1:]
		if strings.HasSuffix(w, ")") {
			w = w[:len(w)-1]
		} else {
			eat = true
		}
	}
	colon := strings.IndexByte(w, ':')
	if colon < 0 {
		return 0, netip.Addr{}, c.errf("invalid aggregator, expected ASN:IP")
	}
	asn, err := parseASN(w[:colon])
	if err != nil {
		return 0, netip.Addr{}, c.errf("invalid aggregator asn")
	}
	ip, err := parseIPv4(w[colon+1:])
	if err != nil {
		return 0, netip.Addr{}, c.errf("invalid aggregator address")
	}
	if eat {
		if w, err = c.need(")"); err != nil {
			return 0, netip.Addr{}, err
		}
		if w != ")" {
			return 0, netip.Addr{}, c.errf("invalid aggregator, expected )")
		}
	}
	return asn, ip, nil
}

// readList calls each for every word of "[ a b ... ]", or for the one word
// when there is no bracket. Commas inside the brackets are skipped.
func readList(c *cursor, what string, each func(w string) error) error {
	w, err := c.need(what)
	if err != nil {
		return err
	}
	if w != "[" {
		if err := each(w); err != nil {
			return c.wrap(err)
		}
		return nil
	}
	for {
		w, err = c.need("] closing the " + what)
		if err != nil {
			return err
		}
		if w == "]" {
			return nil
		}
		if w == "," {
			continue
		}
		if err := each(w); err != nil {
			return c.wrap(err)
		}
	}
}

// readClusterList reads "IP" or "[ IP... ]".
func readClusterList(c *cursor) ([]netip.Addr, error) {
	var ids []netip.Addr
	err := readList(c, "cluster-list", func(w string) error {
		a, err := parseIPv4(w)
		if err != nil {
			return fmt.Errorf("invalid cluster-id")
		}
		ids = append(ids, a)
		return nil
	})
	if err == nil && len(ids) == 0 {
		err = c.errf("no cluster-id in the cluster list")
	}
	return ids, err
}

// readGeneric reads "[ 0xCODE 0xFLAGS 0xDATA ]".
func readGeneric(c *cursor) (code, flags uint8, data []byte, err error) {
	var w [5]string
	for i := range w {
		if w[i], err = c.need("attribute [ code flags data ]"); err != nil {
			return 0, 0, nil, err
		}
		if i == 0 && w[0] != "[" {
			return 0, 0, nil, c.errf("invalid attribute, does not start with [")
		}
		if i == 4 && w[4] != "]" {
			return 0, 0, nil, c.errf("invalid attribute, does not end with ]")
		}
		if i >= 1 && i <= 3 && !strings.HasPrefix(strings.ToLower(w[i]), "0x") {
			return 0, 0, nil, c.errf("invalid attribute, %s is not 0x hexadecimal", [...]string{"", "code", "flag", "data"}[i])
		}
	}
	v, err := strconv.ParseUint(w[1][2:], 16, 8)
	if err != nil {
		return 0, 0, nil, c.errAt(c.i-4, "invalid attribute code")
	}
	f, err := strconv.ParseUint(w[2][2:], 16, 8)
	if err != nil {
		return 0, 0, nil, c.errAt(c.i-3, "invalid attribute flag")
	}
	data, err = hex.DecodeString(w[3][2:])
	if err != nil {
		return 0, 0, nil, c.errAt(c.i-2, "invalid attribute, data is not 0x hexadecimal")
	}
	return uint8(v), uint8(f), data, nil
}

// readLabels reads "N" or "[ N... ]" MPLS labels (20 bits).
func readLabels(c *cursor) ([]uint32, error) {
	var ls []uint32
	err := readList(c, "label", func(w string) error {
		v, err := parseUint(w, 20)
		if err != nil {
			return fmt.Errorf("invalid label")
		}
		ls = append(ls, uint32(v))
		return nil
	})
	return ls, err
}

// parsePathID reads a path identifier: a number or a dotted quad.
func parsePathID(s string) (uint32, error) {
	if strings.IndexByte(s, '.') >= 0 {
		a, err := parseIPv4(s)
		if err != nil {
			return 0, fmt.Errorf("invalid path-information %q", s)
		}
		v := a.As4()
		return uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3]), nil
	}
	v, err := parseUint(s, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid path-information %q", s)
	}
	return uint32(v), nil
}

// parseAIGP reads the accumulated IGP metric (decimal or 0x hexadecimal).
func parseAIGP(s string) (uint64, error) {
	v, err := parseUintAny(s, 64)
	if err != nil {
		return 0, errors.New("aigp requires number (decimal or hexadecimal 0x prefixed)")
	}
	return v, nil
}

// prefixSIDValue is the BGP Prefix-SID attribute (RFC 8669) as configured:
// a label index and SRGB ranges, or one SRv6 SID.
type prefixSIDValue struct {
	LabelIndex    uint32
	HasLabelIndex bool
	SRGB          [][2]uint32 // base, range
	// SRv6Kind is "", "ipv6", "vpn", "l3vpn" (ExaBGP 4.2), "l3-service"
	// or "l2-service" (ExaBGP 5.0, RFC 9252); SRv6SID its SID.
	SRv6Kind string
	SRv6SID  netip.Addr
	// SRv6Behavior is the endpoint behavior of a service (0xFFFF when
	// not given), SRv6Structure its optional SID structure.
	SRv6Behavior  uint16
	SRv6Structure *[6]uint8
}

// readPrefixSID reads "[ INDEX ]" or "[ INDEX, [ ( BASE,RANGE ), ... ] ]".
func readPrefixSID(c *cursor) (prefixSIDValue, error) {
	var v prefixSIDValue
	w, err := c.need("bgp-prefix-sid")
	if err != nil {
		return v, err
	}
	if w != "[" {
		return v, c.errf("bgp-prefix-sid must start with [")
	}
	if w, err = c.need("label index"); err != nil {
		return v, err
	}
	idx, err := parseUint(w, 32)
	if err != nil {
		return v, c.errf("invalid label index")
	}
	v.LabelIndex, v.HasLabelIndex = uint32(idx), true
	depth := 1
	for depth > 0 {
		if w, err = c.need("]"); err != nil {
			return v, err
		}
		switch w {
		case ",":
		case "[":
			depth++
		case "]":
			depth--
		case "(":
			var nums []uint32
			for {
				if w, err = c.need(")"); err != nil {
					return v, err
				}
				if w == ")" {
					break
				}
				for _, part := range strings.Split(w, ",") {
					if part == "" {
						continue
					}
					n, err := parseUint(part, 24)
					if err != nil {
						return v, c.errf("could not parse SRGB tuple")
					}
					nums = append(nums, uint32(n))
				}
			}
			if len(nums) != 2 {
				return v, c.errf("could not parse SRGB tuple")
			}
			v.SRGB = append(v.SRGB, [2]uint32{nums[0], nums[1]})
		default:
			return v, c.errf("could not parse bgp-prefix-sid")
		}
	}
	return v, nil
}

// readPrefixSIDSRv6 reads "( ipv6|vpn|l3vpn SID )" (ExaBGP 4.2) or
// ExaBGP 5.0's RFC 9252 services "( l3-service|l2-service SID [BEHAVIOR
// [ [LBL,LNL,FL,AL,TL,TO] ] ] )".
func readPrefixSIDSRv6(c *cursor) (prefixSIDValue, error) {
	var v prefixSIDValue
	var w [3]string
	for i := range w {
		var err error
		if w[i], err = c.need("bgp-prefix-sid-srv6 ( kind sid )"); err != nil {
			return v, err
		}
	}
	if w[0] != "(" {
		return v, c.errAt(c.i-3, "could not parse bgp-prefix-sid-srv6, expected ( kind sid )")
	}
	switch w[1] {
	case "ipv6", "vpn", "l3vpn", "l3-service", "l2-service":
	default:
		return v, c.errAt(c.i-2, "unknown bgp-prefix-sid-srv6 kind")
	}
	a, err := netip.ParseAddr(w[2])
	if err != nil || !a.Is6() || a.Zone() != "" {
		return v, c.errf("invalid srv6 sid")
	}
	v.SRv6Kind, v.SRv6SID = w[1], a
	service := w[1] == "l3-service" || w[1] == "l2-service"
	v.SRv6Behavior = 0xFFFF
	end, err := c.need(")")
	if err != nil {
		return v, err
	}
	if end != ")" && service {
		n, err := parseSRv6Number(end, 16)
		if err != nil {
			return v, c.errf("invalid srv6 endpoint behavior")
		}
		v.SRv6Behavior = uint16(n)
		if end, err = c.need(")"); err != nil {
			return v, err
		}
		if end == "[" {
			st, err := readSRv6Structure(c)
			if err != nil {
				return v, err
			}
			v.SRv6Structure = &st
			if end, err = c.need(")"); err != nil {
				return v, err
			}
		}
	}
	if end != ")" {
		return v, c.errf("could not parse bgp-prefix-sid-srv6, expected )")
	}
	return v, nil
}

// readSRv6Structure reads the six numbers of an SRv6 SID structure after
// its "[": "LBL , LNL , FL , AL , TL , TO ]".
func readSRv6Structure(c *cursor) ([6]uint8, error) {
	var st [6]uint8
	for i := range st {
		if i > 0 {
			if w, err := c.need(","); err != nil {
				return st, err
			} else if w != "," {
				return st, c.errf("expected , in the srv6 sid structure")
			}
		}
		w, err := c.need("srv6 sid structure length")
		if err != nil {
			return st, err
		}
		n, err := parseSRv6Number(w, 8)
		if err != nil {
			return st, c.errf("invalid srv6 sid structure length")
		}
		st[i] = uint8(n)
	}
	if w, err := c.need("]"); err != nil {
		return st, err
	} else if w != "]" {
		return st, c.errf("expected ] after the six srv6 sid structure lengths")
	}
	return st, nil
}

// parseSRv6Number reads a decimal or 0x-led hexadecimal number of bits bits.
func parseSRv6Number(s string, bits int) (uint64, error) {
	if h, ok := strings.CutPrefix(s, "0x"); ok {
		return strconv.ParseUint(h, 16, bits)
	}
	return parseUint(s, bits)
}
