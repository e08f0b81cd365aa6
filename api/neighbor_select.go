package api

import (
	"strconv"
	"strings"

	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// selectorKeys are the words of a "neighbor IP [key value]..." prefix.
var selectorKeys = map[string]bool{
	"neighbor": true, "local-ip": true, "local-as": true,
	"peer-as": true, "router-id": true, "family-allowed": true,
}

// neighborName is ExaBGP 4.2's name of a neighbor, the string a command's
// "neighbor IP local-as ASN..." prefix is matched against:
// "neighbor 127.0.0.1 local-ip 127.0.0.1 local-as 1 peer-as 1 router-id
// 1.2.3.4 family-allowed in-open".
func neighborName(n *config.Neighbor) string {
	var b strings.Builder
	b.WriteString("neighbor ")
	b.WriteString(n.PeerAddress.String())
	b.WriteString(" local-ip ")
	if n.LocalAddress.IsValid() {
		b.WriteString(n.LocalAddress.String())
	} else {
		b.WriteString("auto")
	}
	b.WriteString(" local-as ")
	writeASN(&b, n.LocalAS)
	b.WriteString(" peer-as ")
	writeASN(&b, n.PeerAS)
	b.WriteString(" router-id ")
	switch {
	case n.RouterID.IsValid():
		b.WriteString(n.RouterID.String())
	case n.LocalAddress.Is4():
		b.WriteString(n.LocalAddress.String())
	default:
		b.WriteString("None")
	}
	b.WriteString(" family-allowed ")
	b.WriteString(familyAllowed(n))
	return b.String()
}

func writeASN(b *strings.Builder, asn uint32) {
	if asn == 0 {
		b.WriteString("auto")
		return
	}
	b.WriteString(strconv.FormatUint(uint64(asn), 10))
}

// familyAllowed is "in-open", or with multi-session the families joined as
// "ipv4-unicast/ipv6-unicast".
func familyAllowed(n *config.Neighbor) string {
	if !n.Capabilities.MultiSession || len(n.Families) == 0 {
		return "in-open"
	}
	parts := make([]string, len(n.Families))
	for i, f := range n.Families {
		parts[i] = f.AFI.String() + "-" + f.SAFI.String()
	}
	return strings.Join(parts, "/")
}

// peerMatch is the PeerMatch naming n: every field but FamilyAllowed
// (multi-session neighbors differing only by families are both selected).
func peerMatch(n *config.Neighbor) session.PeerMatch {
	return session.PeerMatch{
		PeerAddress:  n.PeerAddress,
		LocalAddress: n.LocalAddress,
		LocalAS:      n.LocalAS,
		PeerAS:       n.PeerAS,
		RouterID:     n.RouterID,
	}
}

// description is one neighbor description of a command prefix, as "key
// value" strings: ["neighbor 127.0.0.1", "local-as 1"].
type description []string

// extractNeighbors splits a command's words into the neighbor descriptions
// of its "neighbor IP [key value]... [, neighbor IP ...]" prefix and the
// words of the command itself, as ExaBGP 4.2's extract_neighbors does. A
// command without prefix has no descriptions.
func extractNeighbors(words []string) ([]description, []string) {
	if len(words) < 2 || words[0] != "neighbor" {
		return nil, words
	}
	if len(words) == 2 {
		return nil, words[1:]
	}
	def := description{"neighbor " + words[1]}
	rest := words[2:]
	if len(rest) == 1 {
		return []description{def}, rest
	}
	var out []description
	for len(rest) > 0 {
		key := rest[0]
		if key == "," {
			out = append(out, def)
			def = nil
			rest = rest[1:]
			continue
		}
		if !selectorKeys[key] || len(rest) < 2 {
			if len(def) > 0 {
				out = append(out, def)
			}
			break
		}
		def = append(def, key+" "+rest[1])
		rest = rest[2:]
	}
	return out, rest
}

// matches reports whether the neighbor called name fits d: every "key
// value" of d is in the name, "neighbor *" fits every neighbor.
func (d description) matches(name string) bool {
	for _, kv := range d {
		if kv == "neighbor *" {
			return true
		}
		if !containsWords(name, kv) {
			return false
		}
	}
	return true
}

// containsWords reports whether s holds sub between word boundaries.
func containsWords(s, sub string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], sub)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(sub)
		if (i == 0 || s[i-1] == ' ') && (end == len(s) || s[end] == ' ' || s[end] == ',') {
			return true
		}
		from = i + 1
	}
}
