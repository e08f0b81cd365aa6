package api

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/exago/exago/codec"
)

// apiNLRI is one NLRI of an UPDATE as ExaBGP's API prints it: the entry
// codec decoded, whether it is announced, and the next hop it is reported
// with.
type apiNLRI struct {
	n codec.NLRI
	// fam is the family it was decoded in.
	fam       codec.Family
	announced bool
	// nh is the next hop; the zero Addr prints as "no-nexthop".
	nh netip.Addr
	// addPath is set when the family carries path identifiers: ExaBGP then
	// prints the path id even when it is 0.0.0.0.
	addPath bool
	// json is the JSON object of a bgp-ls entry, written by formatUpdate
	// (it may fail, and it carries the next hop).
	json []byte
}

// appendNextHop writes the next-hop key ("no-nexthop" when there is none).
func (n apiNLRI) appendNextHop(b []byte) []byte {
	if !n.nh.IsValid() {
		return append(b, "no-nexthop"...)
	}
	return n.nh.AppendTo(b)
}

// supportedFamily reports whether ExaBGP 4.2's API reports NLRI of f (it
// fails on the others when it prints them).
func supportedFamily(f codec.Family) bool {
	switch f {
	case codec.IPv4Unicast, codec.IPv6Unicast, codec.IPv4Multicast, codec.IPv6Multicast,
		codec.IPv4MPLS, codec.IPv6MPLS, codec.IPv4VPN, codec.IPv6VPN,
		codec.IPv4Flow, codec.IPv6Flow, codec.IPv4FlowVPN, codec.IPv6FlowVPN,
		codec.L2VPNVPLS, codec.L2VPNEVPN, codec.BGPLS:
		return true
	case codec.IPv4SRPolicy, codec.IPv6SRPolicy:
		// Not in ExaBGP 4.2: exago prints them its own way.
		return true
	case codec.IPv4MUP, codec.IPv6MUP, codec.IPv4MVPN, codec.IPv6MVPN:
		// ExaBGP 5.0's families, printed as 5.0 does.
		return true
	}
	return false
}

// isBGPLS reports whether f is bgp-ls or bgp-ls-vpn.
func isBGPLS(f codec.Family) bool {
	return f.AFI == codec.AFIBGPLS && (f.SAFI == codec.SAFIBGPLS || f.SAFI == codec.SAFIBGPLSVPN)
}

// formatBGPLS writes the JSON of a bgp-ls entry into n.json, with the next
// hop ExaBGP puts in it ("None" when withdrawn). It fails where ExaBGP 4.2
// fails to parse or print the entry.
func (n *apiNLRI) formatBGPLS() error {
	nh := "None"
	if n.announced && n.nh.IsValid() {
		nh = n.nh.String()
	}
	j, err := appendBGPLSEntryJSON(nil, n.n, nh)
	if err != nil {
		return err
	}
	n.json = j
	return nil
}

// decodedText is the NLRI as "exabgp --decode" logs it (Python's str of
// the NLRI with its next hop): extensive, but a bgp-ls entry prints its
// JSON, or "bgp-ls:unknown:0x..." when ExaBGP does not parse its type.
func (n apiNLRI) decodedText() string {
	if n.json == nil {
		return n.extensive()
	}
	if v, ok := n.n.(codec.BGPLSNLRI); ok && v.Decoded() {
		return string(n.json)
	}
	return n.n.String()
}

// pathInfo is the path identifier to print, when the family has add-path.
func (n apiNLRI) pathInfo() (codec.PathID, bool) {
	if !n.addPath {
		return 0, false
	}
	switch v := n.n.(type) {
	case codec.Prefix:
		return v.PathID, true
	case codec.LabeledPrefix:
		return v.PathID, true
	case codec.VPNPrefix:
		return v.PathID, true
	case codec.SRPolicy:
		return v.PathID, true
	}
	return 0, false
}

// extensive is ExaBGP's text form of the NLRI with its next hop
// ("10.0.0.0/24 next-hop 1.2.3.4", "flow ...", "vpls ..."), as its text
// API prints it. ExaBGP 4.2's bgp-ls NLRI have no form of their own and
// print their family ("afi bgp-ls safi bgp-ls"); sr-policy, unknown to
// it, prints as "distinguisher D color C endpoint E [path-information
// P] next-hop NH".
func (n apiNLRI) extensive() string {
	return string(n.appendExtensive(nil))
}

// appendExtensive writes extensive.
func (n apiNLRI) appendExtensive(b []byte) []byte {
	var pfx netip.Prefix
	var labels codec.LabelStack
	var rd *codec.RD
	switch v := n.n.(type) {
	case codec.Prefix:
		pfx = v.Prefix
	case codec.LabeledPrefix:
		pfx, labels = v.Prefix, v.Labels
	case codec.VPNPrefix:
		pfx, labels, rd = v.Prefix, v.Labels, &v.RD
	case codec.SRPolicy:
		b = fmt.Appendf(b, "distinguisher %d color %d endpoint %s", v.Distinguisher, v.Color, v.Endpoint)
		if id, ok := n.pathInfo(); ok {
			b = append(b, " path-information "...)
			b = appendPathID(b, id)
		}
		if n.nh.IsValid() {
			b = append(b, " next-hop "...)
			b = n.nh.AppendTo(b)
		}
		return b
	default:
		if isBGPLS(n.fam) {
			return append(b, "afi "+n.fam.AFI.String()+" safi "+n.fam.SAFI.String()...)
		}
		return append(b, codec.NLRIText(n.n, n.nh)...)
	}
	b = pfx.AppendTo(b)
	if id, ok := n.pathInfo(); ok {
		b = append(b, " path-information "...)
		b = appendPathID(b, id)
	}
	b = append(b, labels.String()...)
	if n.nh.IsValid() {
		b = append(b, " next-hop "...)
		b = n.nh.AppendTo(b)
	}
	if rd != nil {
		b = append(b, " rd "...)
		b = append(b, rd.String()...)
	}
	return b
}

// appendPathID writes a path identifier as a dotted quad.
func appendPathID(b []byte, id codec.PathID) []byte {
	return netip.AddrFrom4([4]byte{byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)}).AppendTo(b)
}

// appendJSON writes the NLRI's JSON: the object ExaBGP prints, or with
// compact (exabgp.api.compact) the bare string of a plain prefix without
// path identifier.
func (n apiNLRI) appendJSON(b []byte, compact bool) []byte {
	if n.json != nil {
		return append(b, n.json...)
	}
	switch v := n.n.(type) {
	case codec.Prefix:
		if compact && !n.addPath {
			b = append(b, '"')
			b = v.Prefix.AppendTo(b)
			return append(b, '"')
		}
		return n.appendInetJSON(b, v.Prefix, nil, nil)
	case codec.LabeledPrefix:
		return n.appendInetJSON(b, v.Prefix, v.Labels, nil)
	case codec.VPNPrefix:
		return n.appendInetJSON(b, v.Prefix, v.Labels, &v.RD)
	case codec.Flow:
		return appendFlowJSON(b, v, n.nh)
	case codec.VPLS:
		return fmt.Appendf(b, `{ "rd": "%s", "endpoint": %d, "base": %d, "offset": %d, "size": %d }`,
			v.RD, v.Endpoint, v.Base, v.Offset, v.Size)
	case codec.EVPN:
		return appendEVPNJSON(b, v)
	case codec.MUP:
		return appendMUPJSON(b, v)
	case codec.MVPN:
		return appendMVPNJSON(b, v)
	case codec.SRPolicy:
		b = fmt.Appendf(b, `{ "distinguisher": %d, "color": %d, "endpoint": "%s"`, v.Distinguisher, v.Color, v.Endpoint)
		if id, ok := n.pathInfo(); ok {
			b = append(b, `, "path-information": "`...)
			b = appendPathID(b, id)
			b = append(b, '"')
		}
		return append(b, " }"...)
	}
	return append(b, `{ }`...)
}

// appendInetJSON writes { "nlri": ..., "path-information", "label", "rd" }.
func (n apiNLRI) appendInetJSON(b []byte, p netip.Prefix, labels codec.LabelStack, rd *codec.RD) []byte {
	b = append(b, `{ "nlri": "`...)
	b = p.AppendTo(b)
	b = append(b, '"')
	if id, ok := n.pathInfo(); ok {
		b = append(b, `, "path-information": "`...)
		b = appendPathID(b, id)
		b = append(b, '"')
	}
	if len(labels) > 0 {
		b = append(b, `, "label": [ `...)
		for i, l := range labels {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, '[')
			b = strconv.AppendUint(b, uint64(l.Value()), 10)
			b = append(b, ']')
		}
		b = append(b, " ]"...)
	}
	if rd != nil {
		b = append(b, `, "rd": "`...)
		b = append(b, rd.String()...)
		b = append(b, '"')
	}
	return append(b, " }"...)
}
