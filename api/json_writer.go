package api

import (
	"math"
	"net/netip"
	"strconv"
	"strings"
)

const hexDigits = "0123456789ABCDEF"

// appendHexString writes ExaBGP's hexstring: "0x" then upper-case hex.
func appendHexString(b, v []byte) []byte {
	b = append(b, "0x"...)
	for _, c := range v {
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}

// appendHexUpper writes v as upper-case hex without prefix.
func appendHexUpper(b, v []byte) []byte {
	for _, c := range v {
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}

// appendAddr writes an address the way Python prints it ("None" when
// absent).
func appendAddr(b []byte, a netip.Addr) []byte {
	if !a.IsValid() {
		return append(b, "None"...)
	}
	return a.AppendTo(b)
}

// appendPyFloat writes f as Python's repr of a float does.
func appendPyFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsRune(s, '.') {
		s += ".0"
	}
	return append(b, s...)
}

// appendReason writes a down reason with ExaBGP's escaping: brackets and
// braces become parentheses and double quotes are backslashed.
func appendReason(b []byte, reason string) []byte {
	r := strings.NewReplacer("[", "(", "]", ")", "{", "(", "}", ")", `"`, `\"`).Replace(reason)
	b = append(b, '"')
	b = append(b, r...)
	return append(b, '"')
}

// appendQuoted writes s between double quotes, unescaped, as ExaBGP does.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
