package config

import (
	"net/netip"
	"strconv"
	"strings"
)

// oneWord returns the argument of a single-valued statement. Like ExaBGP
// 4.2, which reads the first word and ignores the rest, extra words are
// ignored ("description foo bar;" is "foo").
func oneWord(n *Node) (Token, error) {
	if len(n.Words) < 2 {
		return Token{}, errorAt(n.Pos, "%s needs a value", keyword(n))
	}
	return n.Words[1], nil
}

// boolArg reads an optional boolean argument the way ExaBGP does: none
// gives def; true/enable/enabled and false/disable/disabled otherwise.
func boolArg(n *Node, def bool) (bool, error) {
	if len(n.Words) == 1 {
		return def, nil
	}
	v, err := oneWord(n)
	if err != nil {
		return false, err
	}
	switch strings.ToLower(v.Text) {
	case "true", "enable", "enabled":
		return true, nil
	case "false", "disable", "disabled":
		return false, nil
	}
	return false, errorAt(v.Pos, "invalid value (%s) for a boolean", v.Text)
}

// autoBoolArg is boolArg also accepting "auto" (auto reports true).
func autoBoolArg(n *Node, def bool) (value, auto bool, err error) {
	if len(n.Words) >= 2 && strings.EqualFold(n.Words[1].Text, "auto") {
		return false, true, nil
	}
	v, err := boolArg(n, def)
	return v, false, err
}

// addrArg reads an IP address argument.
func addrArg(n *Node) (netip.Addr, error) {
	v, err := oneWord(n)
	if err != nil {
		return netip.Addr{}, err
	}
	a, perr := netip.ParseAddr(v.Text)
	if perr != nil || a.Zone() != "" {
		return netip.Addr{}, errorAt(v.Pos, "%q is an invalid IP address", v.Text)
	}
	return a.Unmap(), nil
}

// asnArg reads an AS number, plain or "high.low" (asdot).
func asnArg(n *Node) (uint32, error) {
	v, err := oneWord(n)
	if err != nil {
		return 0, err
	}
	asn, ok := parseASNText(v.Text)
	if !ok {
		return 0, errorAt(v.Pos, "%q is an invalid ASN", v.Text)
	}
	return asn, nil
}

func parseASNText(s string) (uint32, bool) {
	if high, low, dot := strings.Cut(s, "."); dot {
		h, err1 := strconv.ParseUint(high, 10, 16)
		l, err2 := strconv.ParseUint(low, 10, 16)
		if err1 != nil || err2 != nil {
			return 0, false
		}
		return uint32(h)<<16 | uint32(l), true
	}
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, false
	}
	return uint32(v), true
}

// intArg reads an integer argument within [lo, hi].
func intArg(n *Node, what string, lo, hi int) (int, error) {
	v, err := oneWord(n)
	if err != nil {
		return 0, err
	}
	i, perr := strconv.Atoi(v.Text)
	if perr != nil {
		return 0, errorAt(v.Pos, "%q is an invalid %s", v.Text, what)
	}
	if i < lo || i > hi {
		return 0, errorAt(v.Pos, "%s %d out of range (%d to %d)", what, i, lo, hi)
	}
	return i, nil
}

// listArg reads "[ a b, c ]" (or a single word) after the keyword.
func listArg(n *Node) ([]Token, error) {
	words := n.Words[1:]
	if len(words) == 0 {
		return nil, errorAt(n.Pos, "%s needs a value", keyword(n))
	}
	if words[0].Text != "[" || words[0].Quoted {
		if len(words) != 1 {
			return nil, errorAt(words[0].Pos, "invalid %s, does not start with [", keyword(n))
		}
		return words, nil
	}
	last := words[len(words)-1]
	if last.Text != "]" || last.Quoted {
		return nil, errorAt(last.Pos, "invalid %s, does not end with ]", keyword(n))
	}
	var out []Token
	for _, w := range words[1 : len(words)-1] {
		if w.Text == "," && !w.Quoted {
			continue
		}
		out = append(out, w)
	}
	return out, nil
}
