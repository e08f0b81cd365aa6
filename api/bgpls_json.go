package api

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// ExaBGP 4.2 writes BGP-LS with hand-made format strings; the functions of
// this file reproduce them byte for byte, quirks included, and return an
// error where ExaBGP raises (it then prints no JSON for the UPDATE, or
// never returns: descriptor TLVs it does not know in link and prefix NLRI
// make its parser loop forever).
//
// The same text is ExaBGP's text form of a node, link or prefix NLRI (its
// __str__ is its JSON).

// appendBGPLSEntryJSON appends ExaBGP's JSON object of any entry codec
// decodes for bgp-ls and bgp-ls-vpn: a BGPLSNLRI or a RawNLRI.
func appendBGPLSEntryJSON(b []byte, n codec.NLRI, nexthop string) ([]byte, error) {
	switch v := n.(type) {
	case codec.BGPLSNLRI:
		return appendBGPLSNLRIJSON(b, v, nexthop)
	case codec.RawNLRI:
		return appendBGPLSRawNLRIJSON(b, v)
	}
	return b, fmt.Errorf("bgp-ls json: unexpected %T", n)
}

// appendBGPLSNLRIJSON appends ExaBGP's JSON object of a bgp-ls NLRI of
// type 1 to 4; nexthop is the text of the route's next hop ("None" for a
// withdrawal). Other types go to appendBGPLSGenericJSON.
func appendBGPLSNLRIJSON(b []byte, n codec.BGPLSNLRI, nexthop string) ([]byte, error) {
	if !n.Decoded() {
		v := n.Raw
		if n.Fam.SAFI == codec.SAFIBGPLSVPN {
			v = append(n.RD[:], n.Raw...)
		}
		return appendBGPLSGenericJSON(b, uint16(n.Type), v)
	}
	if n.Protocol < codec.BGPLSISISL1 || n.Protocol > codec.BGPLSOSPFv3 {
		return b, fmt.Errorf("bgp-ls json: protocol-id %d is not valid", n.Protocol)
	}
	b = append(b, `{ "ls-nlri-type": "`...)
	b = append(b, n.Type.Name()...)
	b = append(b, `", "l3-routing-topology": `...)
	b = strconv.AppendUint(b, n.Identifier, 10)
	b = append(b, `, "protocol-id": `...)
	b = strconv.AppendUint(b, uint64(n.Protocol), 10)
	var err error
	switch n.Type {
	case codec.BGPLSNode:
		// ExaBGP wants the local node descriptors first and ignores what
		// follows them.
		if len(n.Other) > 0 && n.Other[0].Type < 256 {
			return b, fmt.Errorf("bgp-ls json: node nlri not led by local node descriptors")
		}
		b = append(b, `, "node-descriptors": { `...)
		if b, err = appendBGPLSNodeJSON(b, n.Local, n.Protocol); err != nil {
			return b, err
		}
		b = append(b, ` }, "nexthop": "`...)
		b = append(b, nexthop...)
		b = append(b, '"')
		b = appendBGPLSRD(b, n, ", ")
	case codec.BGPLSLink:
		// ExaBGP reads 258 to 262 and loops forever on any other TLV.
		if n.MultiTopology != nil || len(n.Other) > 0 {
			return b, fmt.Errorf("bgp-ls json: link descriptor ExaBGP does not read")
		}
		b = append(b, `, "local-node-descriptors": { `...)
		if b, err = appendBGPLSNodeJSON(b, n.Local, n.Protocol); err != nil {
			return b, err
		}
		b = append(b, ` }, "remote-node-descriptors": { `...)
		if b, err = appendBGPLSNodeJSON(b, n.Remote, n.Protocol); err != nil {
			return b, err
		}
		b = append(b, ` }, "interface-address": { `...)
		for i, a := range n.InterfaceAddrs {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, `"interface-address": "`...)
			b = a.AppendTo(b)
			b = append(b, '"')
		}
		b = append(b, ` }, "neighbor-address": { `...)
		for i, a := range n.NeighborAddrs {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, `"neighbor-address": "`...)
			b = a.AppendTo(b)
			b = append(b, '"')
		}
		b = append(b, " }"...)
		// ExaBGP never prints the link identifiers: its LinkIdentifier
		// object has a zero length, so is false.
		if n.Fam.SAFI == codec.SAFIBGPLSVPN {
			b = append(b, ", { "...)
			b = appendBGPLSRD(b, n, "")
			b = append(b, " }"...)
		}
	default:
		// Prefix: ExaBGP reads 256, 264, 265 and loops forever on others.
		if n.MultiTopology != nil || len(n.Other) > 0 {
			return b, fmt.Errorf("bgp-ls json: prefix descriptor ExaBGP does not read")
		}
		if !n.Prefix.IsValid() {
			return b, fmt.Errorf("bgp-ls json: prefix without ip reachability")
		}
		b = append(b, `, "node-descriptors": { `...)
		if b, err = appendBGPLSNodeJSON(b, n.Local, n.Protocol); err != nil {
			return b, err
		}
		b = append(b, ` }, "ip-reachability-tlv": "`...)
		b = appendBGPLSReachAddr(b, n.Prefix.Addr())
		b = append(b, `", "ip-reach-prefix": "`...)
		b = appendBGPLSReachAddr(b, n.Prefix.Addr())
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(n.Prefix.Bits()), 10)
		b = append(b, `", "nexthop": "`...)
		b = append(b, nexthop...)
		b = append(b, '"')
		if n.OSPFRouteType != 0 {
			b = append(b, `, "ospf-route-type": `...)
			b = strconv.AppendUint(b, uint64(n.OSPFRouteType), 10)
		}
		b = appendBGPLSRD(b, n, ", ")
	}
	return append(b, " }"...), nil
}

// appendBGPLSRD appends ExaBGP's `"rd": "..."` of a bgp-ls-vpn NLRI after
// sep (nothing for bgp-ls; ExaBGP 4.2 never decodes bgp-ls-vpn routes).
func appendBGPLSRD(b []byte, n codec.BGPLSNLRI, sep string) []byte {
	if n.Fam.SAFI != codec.SAFIBGPLSVPN {
		return b
	}
	b = append(b, sep...)
	b = append(b, `"rd": "`...)
	b = append(b, n.RD.String()...)
	return append(b, '"')
}

// appendBGPLSRawNLRIJSON appends ExaBGP's JSON of a bgp-ls entry exago
// keeps raw. ExaBGP fails on a malformed node, link or prefix NLRI, and
// prints others as its GenericBGPLS.
func appendBGPLSRawNLRIJSON(b []byte, r codec.RawNLRI) ([]byte, error) {
	if len(r.Data) < 4 {
		return b, fmt.Errorf("bgp-ls json: truncated nlri")
	}
	t := binary.BigEndian.Uint16(r.Data)
	if t >= uint16(codec.BGPLSNode) && t <= uint16(codec.BGPLSPrefixIPv6) {
		return b, fmt.Errorf("bgp-ls json: malformed %s nlri", codec.BGPLSNLRIType(t).ShortName())
	}
	return appendBGPLSGenericJSON(b, t, r.Data[4:])
}

// appendBGPLSGenericJSON appends `{ "code": N, "parsed": false, "raw":
// "HEX" }`. ExaBGP packs the raw form with a 1-byte type and a 1-byte
// length (and fails when they do not fit).
func appendBGPLSGenericJSON(b []byte, t uint16, v []byte) ([]byte, error) {
	if t > 0xff || len(v) > 0xff {
		return b, fmt.Errorf("bgp-ls json: nlri type %d of %d bytes does not fit exabgp's generic form", t, len(v))
	}
	b = append(b, `{ "code": `...)
	b = strconv.AppendUint(b, uint64(t), 10)
	b = append(b, `, "parsed": false, "raw": "`...)
	b = append(b, strings.ToUpper(hex.EncodeToString(append([]byte{byte(t), byte(len(v))}, v...)))...)
	return append(b, `" }`...), nil
}

// appendBGPLSNodeJSON appends the descriptors of one node, in wire order,
// as ExaBGP's NodeDescriptor objects print them.
func appendBGPLSNodeJSON(b []byte, d codec.BGPLSNodeDescriptor, p codec.BGPLSProtocol) ([]byte, error) {
	if d.BGPRouterID.IsValid() || d.HasMemberAS || len(d.Other) > 0 {
		return b, fmt.Errorf("bgp-ls json: unknown node descriptor sub-tlv")
	}
	var parts []string
	if d.HasAS {
		parts = append(parts, `"autonomous-system": `+strconv.FormatUint(uint64(d.AS), 10))
	}
	if d.HasBGPLSID {
		parts = append(parts, `"bgp-ls-identifier": "`+strconv.FormatUint(uint64(d.BGPLSID), 10)+`"`)
	}
	if d.OSPFArea.IsValid() {
		parts = append(parts, `"ospf-area-id": "`+d.OSPFArea.String()+`"`)
	}
	if d.IGPRouterID != nil {
		id := d.IGPRouterID
		switch {
		case p.IsOSPF() && len(id) == 4:
			parts = append(parts, `"router-id": "`+netip.AddrFrom4([4]byte(id)).String()+`"`)
		case p.IsOSPF() && len(id) == 8:
			parts = append(parts, `"designated-router-id": "`+netip.AddrFrom4([4]byte(id[4:])).String()+`", "router-id": "`+netip.AddrFrom4([4]byte(id)).String()+`"`)
		case p.IsISIS() && len(id) == 6:
			parts = append(parts, `"router-id": "`+hex.EncodeToString(id)+`"`)
		case p.IsISIS() && len(id) == 7:
			parts = append(parts, `"psn": "`+strconv.Itoa(int(id[6]))+`", "router-id": "`+hex.EncodeToString(id[:6])+`"`)
		default:
			return b, fmt.Errorf("bgp-ls json: igp router-id of %d bytes for protocol %s", len(id), p)
		}
	}
	return append(b, strings.Join(parts, ", ")...), nil
}

// appendBGPLSReachAddr writes an IP reachability address as ExaBGP does:
// dotted quad, or Python's compressed IPv6 form (never a dotted tail).
func appendBGPLSReachAddr(b []byte, a netip.Addr) []byte {
	if a.Is4() {
		return a.AppendTo(b)
	}
	return append(b, bgplsPyIPv6(a)...)
}

// bgplsPyIPv6 is Python ipaddress's compressed form of an IPv6 address:
// lower-case hextets, the longest run (first on ties) of two or more zero
// hextets replaced by "::".
func bgplsPyIPv6(a netip.Addr) string {
	v := a.As16()
	var h [8]uint16
	for i := range h {
		h[i] = binary.BigEndian.Uint16(v[2*i:])
	}
	best, bestLen := -1, 0
	for i := 0; i < 8; {
		if h[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && h[j] == 0 {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		i = j
	}
	if bestLen < 2 {
		best = -1
	}
	var s []string
	for i := 0; i < 8; i++ {
		if i == best {
			s = append(s, "")
			if i == 0 {
				s = append(s, "")
			}
			i += bestLen - 1
			if i == 7 {
				s = append(s, "")
			}
			continue
		}
		s = append(s, strconv.FormatUint(uint64(h[i]), 16))
	}
	return strings.Join(s, ":")
}

// Flag names of ExaBGP's LsGenericFlags patterns, most significant bit
// first, "RSV" for reserved bits.
var (
	bgplsNodeFlagNames       = []string{"O", "T", "E", "B", "R", "V", "RSV", "RSV"}
	bgplsIGPFlagNames        = []string{"D", "N", "L", "P", "RSV", "RSV", "RSV", "RSV"}
	bgplsMPLSMaskNames       = []string{"LDP", "RSVP-TE", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV"}
	bgplsProtectionNames     = []string{"ExtraTrafic", "Unprotected", "Shared", "Dedicated 1:1", "Dedicated 1+1", "Enhanced", "RSV", "RSV"}
	bgplsSRCapFlagNames      = []string{"I", "V", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV"}
	bgplsSRAdjFlagNames      = []string{"F", "B", "V", "L", "S", "P", "RSV", "RSV"}
	bgplsSRPrefixFlagNames   = []string{"R", "N", "P", "E", "V", "L", "RSV", "RSV"}
	bgplsSRPrefixAttrFlagNms = []string{"X", "R", "N", "RSV", "RSV", "RSV", "RSV", "RSV"}
)

// appendBGPLSFlags writes ExaBGP's LsGenericFlags JSON of flag byte f:
// `{"O": 1, ..., "RSV": 0}` in pattern order, "RSV" once. ExaBGP reads the
// byte through hex(int(...)), so values 1 to 15 lose their leading zero
// bits and, like set reserved bits, are refused ("Invalid SR flags mask").
func appendBGPLSFlags(b []byte, f uint8, names []string) ([]byte, error) {
	rsv := 0
	for _, n := range names {
		if n == "RSV" {
			rsv++
		}
	}
	if (f > 0 && f < 16) || f&(1<<rsv-1) != 0 {
		return b, fmt.Errorf("bgp-ls json: invalid flags mask 0x%02x", f)
	}
	b = append(b, '{')
	seen := false
	for i, n := range names {
		if n == "RSV" {
			if seen {
				continue
			}
			seen = true
		}
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '"')
		b = append(b, n...)
		b = append(b, `": `...)
		b = append(b, '0'+(f>>(7-i))&1)
	}
	return append(b, '}'), nil
}

// bgplsPyFloat is Python's repr of a float.
func bgplsPyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsRune(s, '.') {
		s += ".0"
	}
	return s
}

// bgplsPyBytesRepr is Python's repr of a bytes value: b'...'.
func bgplsPyBytesRepr(v []byte) string {
	q := byte('\'')
	if strings.IndexByte(string(v), '\'') >= 0 && strings.IndexByte(string(v), '"') < 0 {
		q = '"'
	}
	var sb strings.Builder
	sb.WriteByte('b')
	sb.WriteByte(q)
	for _, c := range v {
		switch {
		case c == q || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c < 32 || c >= 127:
			fmt.Fprintf(&sb, `\x%02x`, c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte(q)
	return sb.String()
}

// bgplsUUEncode is Python's binascii.b2a_uu of at most 45 bytes: a length
// character, 4 characters per 3 bytes (zero padded), a newline.
func bgplsUUEncode(v []byte) []byte {
	out := []byte{byte(32 + len(v))}
	for i := 0; i < len(v); i += 3 {
		var g [3]byte
		copy(g[:], v[i:])
		n := uint32(g[0])<<16 | uint32(g[1])<<8 | uint32(g[2])
		for s := 18; s >= 0; s -= 6 {
			out = append(out, byte(32+(n>>s)&0x3f))
		}
	}
	return append(out, '\n')
}

// bgplsUint24 reads a 3-byte big-endian number.
func bgplsUint24(v []byte) uint32 { return uint32(v[0])<<16 | uint32(v[1])<<8 | uint32(v[2]) }

// bgplsSIDs reads the SID field of an adjacency or prefix SID as ExaBGP
// does from the IS-IS V and L flags (vBit, lBit): 3-byte labels when both
// are set, 4-byte indexes when neither, the hexstring of the rest
// otherwise.
func bgplsSIDs(v []byte, vl, none bool, exactIndex bool) (sids []uint32, undecoded []string, err error) {
	for len(v) > 0 {
		switch {
		case vl:
			if len(v) < 3 {
				return nil, nil, fmt.Errorf("bgp-ls json: truncated label")
			}
			sids = append(sids, bgplsUint24(v))
			v = v[3:]
		case none:
			if exactIndex && len(v) != 4 || len(v) < 4 {
				return nil, nil, fmt.Errorf("bgp-ls json: SID/Label size doesn't match V and L flag state")
			}
			sids = append(sids, binary.BigEndian.Uint32(v))
			v = v[4:]
		default:
			undecoded = append(undecoded, "0x"+strings.ToUpper(hex.EncodeToString(v)))
			v = nil
		}
	}
	return sids, undecoded, nil
}

// bgplsJSONList writes `[a, b]` as Python's json.dumps of a list.
func bgplsJSONList[T any](vs []T, f func(T) string) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = f(v)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func bgplsU32(v uint32) string   { return strconv.FormatUint(uint64(v), 10) }
func bgplsQuote(s string) string { return `"` + s + `"` }

// appendBGPLSAttributeJSON appends ExaBGP's JSON object of the BGP-LS
// attribute (the value of its "bgp-ls" key): each TLV's fragment in wire
// order, `"attribute-not-implemented": "CODE"` for TLVs ExaBGP does not
// know (JSON keys repeat as in ExaBGP).
func appendBGPLSAttributeJSON(b []byte, a codec.BGPLSAttribute) ([]byte, error) {
	parts := make([]string, 0, len(a))
	// ExaBGP accumulates the local TE router-ids of one attribute in a
	// class variable: the n-th TLV prints the n first.
	var teRIDs []string
	for _, raw := range a {
		p, err := bgplsTLVJSON(raw, &teRIDs)
		if err != nil {
			return b, fmt.Errorf("bgp-ls json: tlv %d: %w", raw.Type, err)
		}
		parts = append(parts, p)
	}
	b = append(b, "{ "...)
	b = append(b, strings.Join(parts, ", ")...)
	return append(b, " }"...), nil
}

// bgplsTLVJSON is the JSON fragment of one TLV.
func bgplsTLVJSON(raw codec.BGPLSTLV, teRIDs *[]string) (string, error) {
	v := raw.Value
	flags := func(key string, names []string) (string, error) {
		if len(v) == 0 {
			return "", fmt.Errorf("empty flags")
		}
		f, err := appendBGPLSFlags(nil, v[0], names)
		return `"` + key + `": ` + string(f), err
	}
	addr := func() (string, error) {
		if len(v) != 4 && len(v) != 16 {
			return "", fmt.Errorf("address of %d bytes", len(v))
		}
		a, _ := netip.AddrFromSlice(v)
		return a.String(), nil
	}
	float := func(v []byte) string {
		return bgplsPyFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(v))))
	}
	switch raw.Type {
	case codec.BGPLSTLVNodeFlags:
		if len(v) > 1 {
			return "", fmt.Errorf("node flags tlv length too large")
		}
		return flags("node-flags", bgplsNodeFlagNames)
	case codec.BGPLSTLVNodeOpaque, codec.BGPLSTLVLinkOpaque, codec.BGPLSTLVPrefixOpaque:
		return "", fmt.Errorf("exabgp has no json for opaque attributes")
	case codec.BGPLSTLVNodeName:
		if len(v) > 255 {
			return "", fmt.Errorf("node name tlv length too large")
		}
		for _, c := range v {
			if c >= 128 {
				return "", fmt.Errorf("node name is not ascii")
			}
		}
		return `"node-name": ` + bgplsQuote(string(v)), nil
	case codec.BGPLSTLVISISArea:
		return `"area-id": ` + bgplsQuote(hex.EncodeToString(v)), nil
	case codec.BGPLSTLVLocalRouterID4, codec.BGPLSTLVLocalRouterID6:
		s, err := addr()
		if err != nil {
			return "", err
		}
		*teRIDs = append(*teRIDs, s)
		return `"local-te-router-ids": ["` + strings.Join(*teRIDs, `", "`) + `"]`, nil
	case codec.BGPLSTLVRemoteRouterID4, codec.BGPLSTLVRemoteRouterID6:
		s, err := addr()
		return `"remote-te-router-id": ` + bgplsQuote(s), err
	case codec.BGPLSTLVSRCapabilities:
		return bgplsSRCapJSON(v)
	case codec.BGPLSTLVSRAlgorithms:
		algos := []byte(v)
		if len(algos) == 0 {
			algos = []byte{0}
		}
		return `"sr-algorithms": ` + bgplsJSONList(algos, func(c byte) string { return strconv.Itoa(int(c)) }), nil
	case codec.BGPLSTLVAdminGroup:
		if len(v) != 4 {
			return "", fmt.Errorf("admin group of %d bytes", len(v))
		}
		return `"admin-group-mask": [` + bgplsU32(binary.BigEndian.Uint32(v)) + `]`, nil
	case codec.BGPLSTLVMaxBandwidth, codec.BGPLSTLVMaxReservableBW:
		if len(v) != 4 {
			return "", fmt.Errorf("bandwidth of %d bytes", len(v))
		}
		key := "maximum-link-bandwidth"
		if raw.Type == codec.BGPLSTLVMaxReservableBW {
			key = "maximum-reservable-link-bandwidth"
		}
		return `"` + key + `": ` + float(v), nil
	case codec.BGPLSTLVUnreservedBW:
		if len(v) != 32 {
			return "", fmt.Errorf("unreserved bandwidth of %d bytes", len(v))
		}
		s := make([]string, 8)
		for i := range s {
			s[i] = float(v[4*i:])
		}
		return `"unreserved-bandwidth": [` + strings.Join(s, ", ") + `]`, nil
	case codec.BGPLSTLVTEMetric, codec.BGPLSTLVPrefixMetric:
		if len(v) != 4 {
			return "", fmt.Errorf("metric of %d bytes", len(v))
		}
		key := "te-metric"
		if raw.Type == codec.BGPLSTLVPrefixMetric {
			key = "prefix-metric"
		}
		return `"` + key + `": ` + bgplsU32(binary.BigEndian.Uint32(v)), nil
	case codec.BGPLSTLVLinkProtection:
		if len(v) != 2 {
			return "", fmt.Errorf("protection type of %d bytes", len(v))
		}
		return flags("link-protection-flags", bgplsProtectionNames)
	case codec.BGPLSTLVMPLSMask:
		if len(v) > 1 {
			return "", fmt.Errorf("mpls mask tlv length too large")
		}
		return flags("mpls-mask", bgplsMPLSMaskNames)
	case codec.BGPLSTLVIGPMetric:
		if len(v) < 1 || len(v) > 3 {
			return "", fmt.Errorf("incorrect igp metric size")
		}
		var m uint32
		for _, c := range v {
			m = m<<8 | uint32(c)
		}
		return `"igp-metric": ` + bgplsU32(m), nil
	case codec.BGPLSTLVSRLG:
		if len(v) < 4 || len(v)%4 != 0 {
			return "", fmt.Errorf("srlg of %d bytes", len(v))
		}
		return `"shared-risk-link-groups": ` + bgplsJSONList(bgplsU32s(v, len(v)/4), bgplsU32), nil
	case codec.BGPLSTLVLinkName:
		if len(v) > 45 {
			return "", fmt.Errorf("link name of %d bytes: b2a_uu takes at most 45", len(v))
		}
		return `"link-name": ` + bgplsQuote(bgplsPyBytesRepr(bgplsUUEncode(v))), nil
	case codec.BGPLSTLVAdjSID, codec.BGPLSTLVLANAdjSID:
		return bgplsAdjSIDJSON(raw.Type, v)
	case codec.BGPLSTLVIGPFlags:
		if len(v) > 1 {
			return "", fmt.Errorf("igp flags tlv length too large")
		}
		return flags("igp-flags", bgplsIGPFlagNames)
	case codec.BGPLSTLVRouteTags:
		return `"igp-route-tags": ` + bgplsJSONList(bgplsU32s(v, len(v)/4), bgplsU32), nil
	case codec.BGPLSTLVExtendedRouteTags:
		tags := make([]uint64, len(v)/8)
		for i := range tags {
			tags[i] = binary.BigEndian.Uint64(v[8*i:])
		}
		return `"igp-extended-route-tags": ` + bgplsJSONList(tags, func(t uint64) string { return strconv.FormatUint(t, 10) }), nil
	case codec.BGPLSTLVOSPFForwardingAddr:
		s, err := addr()
		return `"ospf-forwarding-address": ` + bgplsQuote(s), err
	case codec.BGPLSTLVPrefixSID:
		return bgplsPrefixSIDJSON(v)
	case codec.BGPLSTLVPrefixAttrFlags:
		return flags("sr-prefix-attribute-flags", bgplsSRPrefixAttrFlagNms)
	case codec.BGPLSTLVSourceRouterID:
		s, err := addr()
		return `"sr-source-router-id": ` + bgplsQuote(s), err
	}
	return `"attribute-not-implemented": "` + strconv.Itoa(int(raw.Type)) + `"`, nil
}

// bgplsU32s reads n 4-byte numbers.
func bgplsU32s(v []byte, n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.BigEndian.Uint32(v[4*i:])
	}
	return out
}

// bgplsSRCapJSON is the fragment of the SR capabilities TLV (1034).
func bgplsSRCapJSON(v []byte) (string, error) {
	if len(v) < 2 {
		return "", fmt.Errorf("truncated sr capabilities")
	}
	f, err := appendBGPLSFlags(nil, v[0], bgplsSRCapFlagNames)
	if err != nil {
		return "", err
	}
	var ranges []string
	for v = v[2:]; len(v) > 0; {
		if len(v) < 7 {
			return "", fmt.Errorf("truncated sr capabilities range")
		}
		if t := binary.BigEndian.Uint16(v[3:]); t != codec.BGPLSTLVSIDLabel {
			return "", fmt.Errorf("invalid sub-tlv type: %d", t)
		}
		l := int(binary.BigEndian.Uint16(v[5:]))
		var sid uint32
		switch {
		case l == 3 && len(v) >= 10:
			sid = bgplsUint24(v[7:])
		case l == 4 && len(v) >= 11:
			sid = binary.BigEndian.Uint32(v[7:])
		default:
			return "", fmt.Errorf("sid/label sub-tlv of %d bytes", l)
		}
		ranges = append(ranges, "["+bgplsU32(bgplsUint24(v))+", "+bgplsU32(sid)+"]")
		v = v[7+l:]
	}
	return `"sr-capability-flags": ` + string(f) + `, "sids": [` + strings.Join(ranges, ", ") + `]`, nil
}

// bgplsAdjSIDJSON is the fragment of an adjacency SID (1099) or LAN
// adjacency SID (1100) TLV; ExaBGP reads IS-IS flags only, and nests each
// SID of 1099 in a list of its own.
func bgplsAdjSIDJSON(t uint16, v []byte) (string, error) {
	if len(v) < 2 {
		return "", fmt.Errorf("truncated adjacency sid")
	}
	f, err := appendBGPLSFlags(nil, v[0], bgplsSRAdjFlagNames)
	if err != nil {
		return "", err
	}
	weight := strconv.Itoa(int(v[1]))
	rest := v[min(4, len(v)):]
	key, nest := "sr-adj", true
	if t == codec.BGPLSTLVLANAdjSID {
		rest, key, nest = v[min(10, len(v)):], "sr-adj-lan", false
	}
	sids, undecoded, err := bgplsSIDs(rest, v[0]&0x30 == 0x30, v[0]&0x30 == 0, false)
	if err != nil {
		return "", err
	}
	list := bgplsJSONList(sids, bgplsU32)
	if nest {
		list = bgplsJSONList(sids, func(s uint32) string { return "[" + bgplsU32(s) + "]" })
	}
	return `"` + key + `-flags": ` + string(f) + `, "sids": ` + list +
		`, "undecoded-sids": ` + bgplsJSONList(undecoded, bgplsQuote) + `, "` + key + `-weight": ` + weight, nil
}

// bgplsPrefixSIDJSON is the fragment of the prefix SID TLV (1158).
func bgplsPrefixSIDJSON(v []byte) (string, error) {
	if len(v) < 2 {
		return "", fmt.Errorf("truncated prefix sid")
	}
	f, err := appendBGPLSFlags(nil, v[0], bgplsSRPrefixFlagNames)
	if err != nil {
		return "", err
	}
	sids, undecoded, err := bgplsSIDs(v[min(4, len(v)):], v[0]&0x0c == 0x0c, v[0]&0x0c == 0, true)
	if err != nil {
		return "", err
	}
	return `"sr-prefix-flags": ` + string(f) + `, "sids": ` + bgplsJSONList(sids, bgplsU32) +
		`, "undecoded-sids": ` + bgplsJSONList(undecoded, bgplsQuote) + `, "sr-algorithm": ` + strconv.Itoa(int(v[1])), nil
}

// appendBGPLSAttributeText appends ExaBGP's text of the BGP-LS attribute
// (what follows "bgp-ls " in its text messages and "decoded update" log
// lines): the Python repr of each TLV object, joined by ", ". Unlike the
// JSON, opaque TLVs print; adjacency SIDs (1099) make ExaBGP raise.
func appendBGPLSAttributeText(b []byte, a codec.BGPLSAttribute) ([]byte, error) {
	parts := make([]string, 0, len(a))
	var teRIDs []string
	for _, raw := range a {
		p, err := bgplsTLVText(raw, &teRIDs)
		if err != nil {
			return b, fmt.Errorf("bgp-ls text: tlv %d: %w", raw.Type, err)
		}
		parts = append(parts, p)
	}
	return append(b, strings.Join(parts, ", ")...), nil
}

// bgplsPyFlags is the Python dict repr of a flags byte ExaBGP accepted.
func bgplsPyFlags(f uint8, names []string) string {
	j, _ := appendBGPLSFlags(nil, f, names)
	return strings.ReplaceAll(string(j), `"`, `'`)
}

// bgplsTLVText is the repr of one TLV.
func bgplsTLVText(raw codec.BGPLSTLV, teRIDs *[]string) (string, error) {
	v := raw.Value
	switch raw.Type {
	case codec.BGPLSTLVNodeOpaque:
		return "Node Opaque attribute: " + bgplsPyBytesRepr(v), nil
	case codec.BGPLSTLVLinkOpaque:
		return "Link Opaque attribute: " + bgplsPyBytesRepr(v), nil
	case codec.BGPLSTLVPrefixOpaque:
		return "Prefix Opaque attribute: " + bgplsPyBytesRepr(v), nil
	case codec.BGPLSTLVAdjSID:
		return "", fmt.Errorf("exabgp's SrAdjacency repr raises")
	}
	// The JSON fragment fails where ExaBGP's decoding does.
	var scratch []string
	if _, err := bgplsTLVJSON(raw, &scratch); err != nil {
		return "", err
	}
	pyList := func(n int, f func(int) string) string {
		s := make([]string, n)
		for i := range s {
			s[i] = f(i)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	float := func(v []byte) string {
		return bgplsPyFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(v))))
	}
	addr := func() string { a, _ := netip.AddrFromSlice(v); return a.String() }
	switch raw.Type {
	case codec.BGPLSTLVNodeFlags:
		return "nodeflags: " + bgplsPyFlags(v[0], bgplsNodeFlagNames), nil
	case codec.BGPLSTLVNodeName:
		return "nodename: " + string(v), nil
	case codec.BGPLSTLVISISArea:
		return "ISIS area id: " + hex.EncodeToString(v), nil
	case codec.BGPLSTLVLocalRouterID4, codec.BGPLSTLVLocalRouterID6:
		*teRIDs = append(*teRIDs, addr())
		return "Local TE Router IDs: " + strings.Join(*teRIDs, ", "), nil
	case codec.BGPLSTLVRemoteRouterID4, codec.BGPLSTLVRemoteRouterID6:
		return "Remote TE Router ID: " + addr(), nil
	case codec.BGPLSTLVSRCapabilities:
		var ranges []string
		for r := v[2:]; len(r) > 0; {
			l := int(binary.BigEndian.Uint16(r[5:]))
			sid := binary.BigEndian.Uint32(append(make([]byte, 4-l), r[7:7+l]...))
			ranges = append(ranges, "("+bgplsU32(bgplsUint24(r))+", "+bgplsU32(sid)+")")
			r = r[7+l:]
		}
		return "sr_capability_flags: " + bgplsPyFlags(v[0], bgplsSRCapFlagNames) + ", sids: [" + strings.Join(ranges, ", ") + "]", nil
	case codec.BGPLSTLVSRAlgorithms:
		if len(v) == 0 {
			return "SrAlgorithms: [0]", nil
		}
		return "SrAlgorithms: " + pyList(len(v), func(i int) string { return strconv.Itoa(int(v[i])) }), nil
	case codec.BGPLSTLVAdminGroup:
		return "Admin Group mask: [" + bgplsU32(binary.BigEndian.Uint32(v)) + "]", nil
	case codec.BGPLSTLVMaxBandwidth:
		return "Maximum link bandwidth: " + float(v), nil
	case codec.BGPLSTLVMaxReservableBW:
		return "Maximum reservable link bandwidth: " + float(v), nil
	case codec.BGPLSTLVUnreservedBW:
		return "Maximum link bandwidth: " + pyList(8, func(i int) string { return float(v[4*i:]) }), nil
	case codec.BGPLSTLVTEMetric:
		return "TE Default Metric: " + bgplsU32(binary.BigEndian.Uint32(v)), nil
	case codec.BGPLSTLVLinkProtection:
		return "Link protection mask: " + bgplsPyFlags(v[0], bgplsProtectionNames), nil
	case codec.BGPLSTLVMPLSMask:
		return "MPLS Protocol mask: " + bgplsPyFlags(v[0], bgplsMPLSMaskNames), nil
	case codec.BGPLSTLVIGPMetric:
		var m uint32
		for _, c := range v {
			m = m<<8 | uint32(c)
		}
		return "IGP Metric: " + bgplsU32(m), nil
	case codec.BGPLSTLVSRLG:
		return "SRLG values on link are: " + pyList(len(v)/4, func(i int) string { return bgplsU32(binary.BigEndian.Uint32(v[4*i:])) }), nil
	case codec.BGPLSTLVLinkName:
		return "linkname: " + bgplsPyBytesRepr(bgplsUUEncode(v)), nil
	case codec.BGPLSTLVLANAdjSID:
		rest := v[min(10, len(v)):]
		sids, undecoded, _ := bgplsSIDs(rest, v[0]&0x30 == 0x30, v[0]&0x30 == 0, false)
		return "sr_adj_lan_flags: " + bgplsPyFlags(v[0], bgplsSRAdjFlagNames) +
			", sids: " + pyList(len(sids), func(i int) string { return bgplsU32(sids[i]) }) +
			", undecoded_sid: " + pyList(len(undecoded), func(i int) string { return "'" + undecoded[i] + "'" }), nil
	case codec.BGPLSTLVIGPFlags:
		return "IGP flags: " + bgplsPyFlags(v[0], bgplsIGPFlagNames), nil
	case codec.BGPLSTLVRouteTags:
		return "IGP Route Tags: " + pyList(len(v)/4, func(i int) string { return bgplsU32(binary.BigEndian.Uint32(v[4*i:])) }), nil
	case codec.BGPLSTLVExtendedRouteTags:
		return "IGP Extended Route Tags: " + pyList(len(v)/8, func(i int) string { return strconv.FormatUint(binary.BigEndian.Uint64(v[8*i:]), 10) }), nil
	case codec.BGPLSTLVPrefixMetric:
		return "prefix_metric: " + bgplsU32(binary.BigEndian.Uint32(v)), nil
	case codec.BGPLSTLVOSPFForwardingAddr:
		return "Ospf forwarding address: '" + addr() + "'", nil
	case codec.BGPLSTLVPrefixSID:
		sids, undecoded, _ := bgplsSIDs(v[min(4, len(v)):], v[0]&0x0c == 0x0c, v[0]&0x0c == 0, true)
		return "prefix_flags: " + bgplsPyFlags(v[0], bgplsSRPrefixFlagNames) +
			", sids: " + pyList(len(sids), func(i int) string { return bgplsU32(sids[i]) }) +
			", undecoded_sid: " + pyList(len(undecoded), func(i int) string { return "'" + undecoded[i] + "'" }), nil
	case codec.BGPLSTLVPrefixAttrFlags:
		return "prefix_attr_flags: " + bgplsPyFlags(v[0], bgplsSRPrefixAttrFlagNms), nil
	case codec.BGPLSTLVSourceRouterID:
		return "Source router identifier: " + addr(), nil
	}
	return "Attribute with code [ " + strconv.Itoa(int(raw.Type)) + " ] not implemented", nil
}
