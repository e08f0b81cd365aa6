package config

import (
	"slices"
	"strconv"
	"strings"
)

// Keywords each configuration block accepts, for "did you mean" hints on
// an unknown one. TestKeywordListsAccepted checks every entry parses.
var (
	sectionKeywords    = []string{"process", "neighbor", "peer", "template", "group"}
	processKeywords    = []string{"run", "encoder", "respawn"}
	neighborKeywords   = []string{"description", "peer-address", "router-id", "local-address", "local-as", "peer-as", "hold-time", "rate-limit", "passive", "listen", "connect", "outgoing-ttl", "incoming-ttl", "ttl-security", "md5-password", "md5-base64", "md5-ip", "group-updates", "auto-flush", "adj-rib-out", "adj-rib-in", "manual-eor", "host-name", "domain-name", "source-interface", "inherit", "route"}
	neighborSections   = []string{"family", "capability", "add-path", "nexthop", "api", "process", "static", "announce", "flow", "l2vpn", "operational", "vpls", "route"}
	capabilityKeywords = []string{"asn4", "route-refresh", "extended-message", "multi-session", "operational", "aigp", "software-version", "nexthop", "graceful-restart", "add-path", "link-local-nexthop"}
	apiKeywords        = []string{"processes", "processes-match", "neighbor-changes", "negotiated", "fsm", "signal", "encoder"}
	routeKeywords      = []string{"next-hop", "path-information", "rd", "route-distinguisher", "label", "name", "split", "watchdog", "withdraw", "origin", "as-path", "med", "local-preference", "atomic-aggregate", "aggregator", "originator-id", "cluster-list", "community", "large-community", "extended-community", "aigp", "attribute", "bgp-prefix-sid", "bgp-prefix-sid-srv6"}
)

// hint returns a usage hint for the commonest mistakes, or "". It reads
// the message, so it never changes what Error prints.
func (e *PosError) hint() string {
	msg := e.Msg
	if e.Err != nil {
		if msg != "" {
			msg += ": "
		}
		msg += e.Err.Error()
	}
	word := quoted(msg)
	if word == "" {
		word = e.wordAt()
	}
	switch {
	case strings.HasSuffix(msg, " is an invalid ASN"):
		return "an AS number is a decimal from 0 to 4294967295 (or ASPLAIN.ASDOT like 1.10)"
	case strings.HasSuffix(msg, " is an invalid IP address"), strings.HasPrefix(msg, "invalid ip address "):
		return "an IP address is IPv4 dotted decimal (192.0.2.1) or IPv6 (2001:db8::1)"
	case strings.HasSuffix(msg, " is an invalid router-id"):
		return "a router-id is an IPv4 address (192.0.2.1)"
	case strings.Contains(msg, "invalid prefix"):
		return "a prefix is ADDRESS/LENGTH with a length up to 32 for IPv4 and 128 for IPv6 (10.0.0.0/24, 2001:db8::/32)"
	case strings.HasPrefix(msg, "missing \";\" after"):
		return "end each statement with \";\" (or a line with \"\\\" to continue it)"
	case strings.Contains(msg, "(unbalanced braces)"):
		return "this \"}\" closes no block: remove it or add the \"{\" it belongs to"
	case strings.HasSuffix(msg, "unterminated quoted string"):
		return "close the string with the quote it opened with"
	case strings.HasPrefix(msg, "invalid afi/safi pair "):
		return familyHint(strings.TrimPrefix(msg, "invalid afi/safi pair "))
	case strings.HasPrefix(msg, "unknown section "):
		return suggest(word, sectionKeywords)
	case strings.HasPrefix(msg, "unknown process keyword "):
		return suggest(word, processKeywords)
	case strings.HasPrefix(msg, "unknown neighbor keyword "):
		return suggest(word, neighborKeywords)
	case strings.HasPrefix(msg, "unknown neighbor section "):
		return suggest(word, neighborSections)
	case strings.HasPrefix(msg, "unknown capability "):
		return suggest(word, capabilityKeywords)
	case strings.HasPrefix(msg, "unknown api keyword "):
		return suggest(word, apiKeywords)
	case strings.HasPrefix(msg, "unknown receive option "), strings.HasPrefix(msg, "unknown send option "):
		return suggest(word, apiKinds)
	case msg == "unknown route attribute":
		return suggest(word, routeKeywords)
	case strings.HasPrefix(msg, "unknown origin "):
		return "origin is igp, egp or incomplete"
	case msg == "could not parse as-path":
		return "an as-path is an AS number or a list of them: [ 65000 65001 ]"
	case strings.HasPrefix(msg, "invalid community "):
		return "a community is ASN:VALUE (65000:100), a well-known name (no-export, no-advertise...), or several in [ ]"
	case strings.HasPrefix(msg, "invalid value (") && strings.HasSuffix(msg, "for a boolean"):
		return "a boolean is true or false (also enable/disable)"
	}
	return ""
}

// wordAt returns the word of the source line starting at the error's
// column, or "" when the line is unknown.
func (e *PosError) wordAt() string {
	line, ok := e.sourceLine()
	if !ok {
		return ""
	}
	runes := []rune(line)
	if e.Pos.Column < 1 || e.Pos.Column > len(runes) {
		return ""
	}
	word := string(runes[e.Pos.Column-1:])
	if i := strings.IndexAny(word, " \t;{}[]()\"'"); i >= 0 {
		word = word[:i]
	}
	return word
}

// quoted returns the first Go-quoted word of msg, or "".
func quoted(msg string) string {
	i := strings.IndexByte(msg, '"')
	if i < 0 {
		return ""
	}
	q, err := strconv.QuotedPrefix(msg[i:])
	if err != nil {
		return ""
	}
	s, err := strconv.Unquote(q)
	if err != nil {
		return ""
	}
	return s
}

// familyHint suggests a family for "AFI/SAFI" (or a lone word).
func familyHint(pair string) string {
	pair = strings.Trim(pair, `"`)
	afi, safi, _ := strings.Cut(pair, "/")
	afi, safi = strings.ToLower(afi), strings.ToLower(safi)
	names := make([]string, 0, len(familyNames))
	var safis []string
	for name := range familyNames {
		names = append(names, name)
		if a, s, _ := strings.Cut(name, " "); a == afi {
			safis = append(safis, s)
		}
	}
	slices.Sort(names)
	slices.Sort(safis)
	if best := closest(strings.TrimSpace(afi+" "+safi), names); best != "" {
		return "did you mean \"" + best + "\"?"
	}
	if len(safis) > 0 {
		return "the " + afi + " families are: " + strings.Join(safis, ", ")
	}
	return "a family is AFI SAFI, like \"ipv4 unicast\" or \"ipv6 flow\""
}

// suggest is a "did you mean" hint naming the known keyword nearest to
// word, or "" when none is near enough.
func suggest(word string, known []string) string {
	if best := closest(strings.ToLower(word), known); best != "" {
		return "did you mean \"" + best + "\"?"
	}
	return ""
}

// closest returns the entry of known at the smallest edit distance from
// word, provided it is at most a third of the word's length (and at least
// one edit), the first one on ties; "" otherwise.
func closest(word string, known []string) string {
	if word == "" {
		return ""
	}
	limit := max(1, len(word)/3)
	best, bestDist := "", limit+1
	for _, k := range known {
		if d := editDistance(word, k); d > 0 && d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
