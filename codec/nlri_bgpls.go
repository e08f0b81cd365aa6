package codec

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// BGPLSNLRIType is the NLRI Type of a BGP-LS NLRI (RFC 7752 section 3.2).
type BGPLSNLRIType uint16

// BGP-LS NLRI types ExaBGP 4.2 decodes; others are kept raw.
const (
	BGPLSNode       BGPLSNLRIType = 1
	BGPLSLink       BGPLSNLRIType = 2
	BGPLSPrefixIPv4 BGPLSNLRIType = 3
	BGPLSPrefixIPv6 BGPLSNLRIType = 4
)

// Name is ExaBGP's "ls-nlri-type" of the type ("bgpls-node"...), empty for
// types it does not decode.
func (t BGPLSNLRIType) Name() string {
	switch t {
	case BGPLSNode:
		return "bgpls-node"
	case BGPLSLink:
		return "bgpls-link"
	case BGPLSPrefixIPv4:
		return "bgpls-prefix-v4"
	case BGPLSPrefixIPv6:
		return "bgpls-prefix-v6"
	}
	return ""
}

// ShortName is ExaBGP's lower-case short name, as in "bgp-ls:node:0x...".
func (t BGPLSNLRIType) ShortName() string {
	switch t {
	case BGPLSNode:
		return "node"
	case BGPLSLink:
		return "link"
	case BGPLSPrefixIPv4:
		return "prefix_v4"
	case BGPLSPrefixIPv6:
		return "prefix_v6"
	}
	return "unknown"
}

// BGPLSProtocol is the Protocol-ID of a BGP-LS NLRI: where the information
// was learned (RFC 7752 section 3.2, RFC 9086 for BGP).
type BGPLSProtocol uint8

// Protocol-IDs; ExaBGP 4.2 knows 1 to 6.
const (
	BGPLSISISL1  BGPLSProtocol = 1
	BGPLSISISL2  BGPLSProtocol = 2
	BGPLSOSPFv2  BGPLSProtocol = 3
	BGPLSDirect  BGPLSProtocol = 4
	BGPLSStatic  BGPLSProtocol = 5
	BGPLSOSPFv3  BGPLSProtocol = 6
	BGPLSBGPProt BGPLSProtocol = 7
)

// String is ExaBGP's name of the protocol ("isis_l1"...), or its number.
func (p BGPLSProtocol) String() string {
	switch p {
	case BGPLSISISL1:
		return "isis_l1"
	case BGPLSISISL2:
		return "isis_l2"
	case BGPLSOSPFv2:
		return "ospf_v2"
	case BGPLSDirect:
		return "direct"
	case BGPLSStatic:
		return "static"
	case BGPLSOSPFv3:
		return "ospfv3"
	case BGPLSBGPProt:
		return "bgp"
	}
	return fmt.Sprintf("%d", uint8(p))
}

// IsISIS tells whether the protocol is IS-IS (level 1 or 2).
func (p BGPLSProtocol) IsISIS() bool { return p == BGPLSISISL1 || p == BGPLSISISL2 }

// IsOSPF tells whether the protocol is OSPFv2 or OSPFv3.
func (p BGPLSProtocol) IsOSPF() bool { return p == BGPLSOSPFv2 || p == BGPLSOSPFv3 }

// Descriptor TLV types of the BGP-LS NLRI (RFC 7752 sections 3.2.1 to 3.2.3).
const (
	bgplsLocalNode     = 256
	bgplsRemoteNode    = 257
	bgplsLinkIDs       = 258
	bgplsIPv4Interface = 259
	bgplsIPv4Neighbor  = 260
	bgplsIPv6Interface = 261
	bgplsIPv6Neighbor  = 262
	bgplsMultiTopology = 263
	bgplsOSPFRouteType = 264
	bgplsIPReach       = 265
)

// BGPLSNLRI is a bgp-ls or bgp-ls-vpn NLRI (RFC 7752 section 3.2). Node (1),
// link (2) and prefix (3, 4) NLRIs are decoded into the fields below, in
// which descriptor TLVs go in ascending type order on the wire; other
// NLRI types keep their value in Raw.
//
//	Node:   Local
//	Link:   Local, Remote, LinkIDs, InterfaceAddrs, NeighborAddrs, MultiTopology
//	Prefix: Local, MultiTopology, OSPFRouteType, Prefix
type BGPLSNLRI struct {
	// Fam is BGPLS or BGPLSVPN.
	Fam Family
	// Type is the NLRI type.
	Type BGPLSNLRIType
	// RD is the route distinguisher of bgp-ls-vpn.
	RD RD
	// Protocol is the Protocol-ID.
	Protocol BGPLSProtocol
	// Identifier is the 64-bit routing universe identifier.
	Identifier uint64
	// Local are the local node descriptors (TLV 256).
	Local BGPLSNodeDescriptor
	// Remote are the remote node descriptors of a link (TLV 257).
	Remote BGPLSNodeDescriptor
	// LinkIDs are the link local/remote identifiers (TLV 258), nil when absent.
	LinkIDs *BGPLSLinkIDs
	// InterfaceAddrs are the IPv4 and IPv6 interface addresses (TLVs 259, 261).
	InterfaceAddrs []netip.Addr
	// NeighborAddrs are the IPv4 and IPv6 neighbor addresses (TLVs 260, 262).
	NeighborAddrs []netip.Addr
	// MultiTopology are the multi-topology IDs (TLV 263, RFC 7752 section
	// 3.2.1.5); nil when the TLV is absent.
	MultiTopology []uint16
	// OSPFRouteType is the OSPF route type of a prefix (TLV 264), 0 when absent.
	OSPFRouteType uint8
	// Prefix is the IP reachability information of a prefix (TLV 265);
	// the address keeps the bits sent past the length.
	Prefix netip.Prefix
	// Other are descriptor TLVs exago does not decode, kept raw.
	Other []BGPLSTLV
	// Raw is the value of NLRI types exago does not decode.
	Raw []byte
	// PathID is the add-path identifier; 0 when absent.
	PathID PathID
}

// BGPLSLinkIDs are the link local and remote identifiers (TLV 258, RFC 5307
// section 1.1).
type BGPLSLinkIDs struct {
	Local, Remote uint32
}

// Family is Fam.
func (n BGPLSNLRI) Family() Family { return n.Fam }

// Decoded tells whether the NLRI type is one whose fields are decoded.
func (n BGPLSNLRI) Decoded() bool { return n.Type >= BGPLSNode && n.Type <= BGPLSPrefixIPv6 }

// appendTLV appends a 2-byte type, 2-byte length TLV.
func appendTLV(b []byte, t uint16, v []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, t)
	b = binary.BigEndian.AppendUint16(b, uint16(len(v)))
	return append(b, v...)
}

// descriptorTLVs lists the descriptor TLVs of a decoded NLRI in wire order
// (ascending type, as RFC 7752 section 3.1 requires).
func (n BGPLSNLRI) descriptorTLVs() []BGPLSTLV {
	var ts []BGPLSTLV
	add := func(t uint16, v []byte) { ts = append(ts, BGPLSTLV{t, v}) }
	add(bgplsLocalNode, n.Local.appendValue(nil))
	if n.Type == BGPLSLink {
		add(bgplsRemoteNode, n.Remote.appendValue(nil))
	}
	if n.LinkIDs != nil {
		add(bgplsLinkIDs, binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, n.LinkIDs.Local), n.LinkIDs.Remote))
	}
	for _, a := range n.InterfaceAddrs {
		if a.Is4() {
			add(bgplsIPv4Interface, a.AsSlice())
		} else {
			add(bgplsIPv6Interface, a.AsSlice())
		}
	}
	for _, a := range n.NeighborAddrs {
		if a.Is4() {
			add(bgplsIPv4Neighbor, a.AsSlice())
		} else {
			add(bgplsIPv6Neighbor, a.AsSlice())
		}
	}
	if n.MultiTopology != nil {
		var v []byte
		for _, id := range n.MultiTopology {
			v = binary.BigEndian.AppendUint16(v, id)
		}
		add(bgplsMultiTopology, append([]byte{}, v...))
	}
	if n.OSPFRouteType != 0 {
		add(bgplsOSPFRouteType, []byte{n.OSPFRouteType})
	}
	if n.Prefix.IsValid() {
		bits := n.Prefix.Bits()
		v := append([]byte{byte(bits)}, n.Prefix.Addr().AsSlice()[:(bits+7)/8]...)
		add(bgplsIPReach, v)
	}
	ts = append(ts, n.Other...)
	slices.SortStableFunc(ts, func(a, b BGPLSTLV) int { return int(a.Type) - int(b.Type) })
	return ts
}

// appendValue appends the NLRI value (after type and length).
func (n BGPLSNLRI) appendValue(b []byte) []byte {
	if n.Fam.SAFI == SAFIBGPLSVPN {
		b = append(b, n.RD[:]...)
	}
	if !n.Decoded() {
		return append(b, n.Raw...)
	}
	b = append(b, byte(n.Protocol))
	b = binary.BigEndian.AppendUint64(b, n.Identifier)
	for _, t := range n.descriptorTLVs() {
		b = appendTLV(b, t.Type, t.Value)
	}
	return b
}

// AppendNLRI appends [path id], NLRI type, total length and value.
func (n BGPLSNLRI) AppendNLRI(b []byte, addPath bool) ([]byte, error) {
	if addPath {
		b = binary.BigEndian.AppendUint32(b, uint32(n.PathID))
	}
	start := len(b)
	b = append(b, 0, 0, 0, 0)
	b = n.appendValue(b)
	l := len(b) - start - 4
	if l > 0xffff {
		return b[:start], fmt.Errorf("encode bgp-ls: nlri of %d bytes", l)
	}
	binary.BigEndian.PutUint16(b[start:], uint16(n.Type))
	binary.BigEndian.PutUint16(b[start+2:], uint16(l))
	return b, nil
}

// String is ExaBGP's generic text of a BGP-LS NLRI,
// "bgp-ls:SHORTNAME:0xHEX" with the lower-case hex of the value (what
// ExaBGP prints for NLRI types it does not decode; for types 1 to 4 it
// prints its JSON form, which the api package writes).
func (n BGPLSNLRI) String() string {
	v := n.appendValue(nil)
	if n.Fam.SAFI == SAFIBGPLSVPN {
		v = v[8:]
	}
	return "bgp-ls:" + n.Type.ShortName() + ":0x" + hex.EncodeToString(v) + n.PathID.suffix()
}

// DecodeBGPLS decodes one bgp-ls or bgp-ls-vpn NLRI. An entry whose value
// does not parse, or would not re-encode to the same bytes (descriptors out
// of order, an IP reachability with extra bytes...), is returned as a
// RawNLRI so that it still round-trips byte for byte.
func DecodeBGPLS(f Family, b []byte, addPath bool) (NLRI, []byte, error) {
	return decodeParsedOrRaw(f, b, addPath, func(data []byte, id PathID) (NLRI, error) {
		n, err := parseBGPLS(f, data)
		n.PathID = id
		return n, err
	})
}

// ParseBGPLS decodes the entry data of a bgp-ls or bgp-ls-vpn NLRI (type,
// length and value, without path identifier) and reports why it does not
// parse.
func ParseBGPLS(f Family, data []byte) (BGPLSNLRI, error) {
	return parseBGPLS(f, data)
}

func parseBGPLS(f Family, data []byte) (BGPLSNLRI, error) {
	n := BGPLSNLRI{Fam: f}
	if len(data) < 4 {
		return n, fmt.Errorf("decode bgp-ls: missing type and length")
	}
	n.Type = BGPLSNLRIType(binary.BigEndian.Uint16(data))
	v := data[4:]
	if int(binary.BigEndian.Uint16(data[2:])) != len(v) {
		return n, fmt.Errorf("decode bgp-ls: length %d for %d bytes", binary.BigEndian.Uint16(data[2:]), len(v))
	}
	if f.SAFI == SAFIBGPLSVPN {
		if len(v) < 8 {
			return n, fmt.Errorf("decode bgp-ls-vpn: missing route distinguisher")
		}
		copy(n.RD[:], v)
		v = v[8:]
	}
	if !n.Decoded() {
		n.Raw = append([]byte{}, v...)
		return n, nil
	}
	if len(v) < 9 {
		return n, fmt.Errorf("decode bgp-ls %s: missing protocol-id and identifier", n.Type.ShortName())
	}
	n.Protocol = BGPLSProtocol(v[0])
	n.Identifier = binary.BigEndian.Uint64(v[1:])
	v = v[9:]
	var seenLocal, seenRemote bool
	for len(v) > 0 {
		t, val, rest, err := cutBGPLSTLV(v, "descriptor tlv")
		if err != nil {
			return n, fmt.Errorf("decode bgp-ls %s: %w", n.Type.ShortName(), err)
		}
		v = rest
		l := len(val)
		switch {
		case t == bgplsLocalNode && !seenLocal:
			seenLocal = true
			n.Local, err = decodeBGPLSNodeDescriptor(val)
		case t == bgplsRemoteNode && !seenRemote && n.Type == BGPLSLink:
			seenRemote = true
			n.Remote, err = decodeBGPLSNodeDescriptor(val)
		case t == bgplsLinkIDs && n.LinkIDs == nil && l == 8 && n.Type == BGPLSLink:
			n.LinkIDs = &BGPLSLinkIDs{binary.BigEndian.Uint32(val), binary.BigEndian.Uint32(val[4:])}
		case (t == bgplsIPv4Interface && l == 4 || t == bgplsIPv6Interface && l == 16) && n.Type == BGPLSLink:
			a, _ := netip.AddrFromSlice(val)
			n.InterfaceAddrs = append(n.InterfaceAddrs, a)
		case (t == bgplsIPv4Neighbor && l == 4 || t == bgplsIPv6Neighbor && l == 16) && n.Type == BGPLSLink:
			a, _ := netip.AddrFromSlice(val)
			n.NeighborAddrs = append(n.NeighborAddrs, a)
		case t == bgplsMultiTopology && n.MultiTopology == nil && l%2 == 0 && n.Type != BGPLSNode:
			n.MultiTopology = make([]uint16, 0, l/2)
			for i := 0; i < l; i += 2 {
				n.MultiTopology = append(n.MultiTopology, binary.BigEndian.Uint16(val[i:]))
			}
		case t == bgplsOSPFRouteType && n.OSPFRouteType == 0 && l == 1 && val[0] != 0 && n.isPrefix():
			n.OSPFRouteType = val[0]
		case t == bgplsIPReach && !n.Prefix.IsValid() && n.isPrefix():
			n.Prefix, err = decodeBGPLSIPReach(n.Type, val)
		default:
			n.Other = append(n.Other, BGPLSTLV{t, append([]byte{}, val...)})
		}
		if err != nil {
			return n, fmt.Errorf("decode bgp-ls %s: %w", n.Type.ShortName(), err)
		}
	}
	if !seenLocal {
		return n, fmt.Errorf("decode bgp-ls %s: missing local node descriptors", n.Type.ShortName())
	}
	if n.Type == BGPLSLink && !seenRemote {
		return n, fmt.Errorf("decode bgp-ls link: missing remote node descriptors")
	}
	return n, nil
}

func (n BGPLSNLRI) isPrefix() bool { return n.Type == BGPLSPrefixIPv4 || n.Type == BGPLSPrefixIPv6 }

// decodeBGPLSIPReach decodes the IP Reachability Information TLV (RFC 7752
// section 3.2.3.2): prefix length, then the fewest bytes holding it.
func decodeBGPLSIPReach(t BGPLSNLRIType, v []byte) (netip.Prefix, error) {
	if len(v) < 1 {
		return netip.Prefix{}, fmt.Errorf("empty ip reachability")
	}
	size := 4
	if t == BGPLSPrefixIPv6 {
		size = 16
	}
	bits := int(v[0])
	if bits > size*8 || len(v)-1 != (bits+7)/8 {
		return netip.Prefix{}, fmt.Errorf("ip reachability of %d bits in %d bytes", bits, len(v)-1)
	}
	buf := make([]byte, size)
	copy(buf, v[1:])
	a, _ := netip.AddrFromSlice(buf)
	return netip.PrefixFrom(a, bits), nil
}

// BGPLSNodeDescriptor are the sub-TLVs of a local or remote node
// descriptors TLV (RFC 7752 section 3.2.1.4; RFC 9086 section 4.1 for the
// BGP router-id and member AS). The zero value of a field means the sub-TLV
// is absent; sub-TLVs go in ascending type order on the wire.
type BGPLSNodeDescriptor struct {
	// AS is the autonomous system (512), when HasAS.
	AS    uint32
	HasAS bool
	// BGPLSID is the BGP-LS identifier (513), when HasBGPLSID.
	BGPLSID    uint32
	HasBGPLSID bool
	// OSPFArea is the OSPF area-id (514).
	OSPFArea netip.Addr
	// IGPRouterID is the IGP router-id (515) as sent: a 6-byte IS-IS
	// system id, 7 with a pseudonode number, a 4-byte OSPF router-id, 8 with
	// the designated router's interface address.
	IGPRouterID []byte
	// BGPRouterID is the BGP router-id (516).
	BGPRouterID netip.Addr
	// MemberAS is the confederation member AS (517), when HasMemberAS.
	MemberAS    uint32
	HasMemberAS bool
	// Other are sub-TLVs exago does not decode, kept raw.
	Other []BGPLSTLV
}

// Node descriptor sub-TLV types.
const (
	bgplsNodeAS          = 512
	bgplsNodeBGPLSID     = 513
	bgplsNodeOSPFArea    = 514
	bgplsNodeIGPRouterID = 515
	bgplsNodeBGPRouterID = 516
	bgplsNodeMemberAS    = 517
)

func decodeBGPLSNodeDescriptor(v []byte) (BGPLSNodeDescriptor, error) {
	var d BGPLSNodeDescriptor
	for len(v) > 0 {
		t, val, rest, err := cutBGPLSTLV(v, "node descriptor sub-tlv")
		if err != nil {
			return d, err
		}
		v = rest
		l := len(val)
		switch {
		case t == bgplsNodeAS && l == 4 && !d.HasAS:
			d.AS, d.HasAS = binary.BigEndian.Uint32(val), true
		case t == bgplsNodeBGPLSID && l == 4 && !d.HasBGPLSID:
			d.BGPLSID, d.HasBGPLSID = binary.BigEndian.Uint32(val), true
		case t == bgplsNodeOSPFArea && l == 4 && !d.OSPFArea.IsValid():
			d.OSPFArea = netip.AddrFrom4([4]byte(val))
		case t == bgplsNodeIGPRouterID && l > 0 && d.IGPRouterID == nil:
			d.IGPRouterID = append([]byte{}, val...)
		case t == bgplsNodeBGPRouterID && l == 4 && !d.BGPRouterID.IsValid():
			d.BGPRouterID = netip.AddrFrom4([4]byte(val))
		case t == bgplsNodeMemberAS && l == 4 && !d.HasMemberAS:
			d.MemberAS, d.HasMemberAS = binary.BigEndian.Uint32(val), true
		default:
			d.Other = append(d.Other, BGPLSTLV{t, append([]byte{}, val...)})
		}
	}
	return d, nil
}

// appendValue appends the sub-TLVs in ascending type order.
func (d BGPLSNodeDescriptor) appendValue(b []byte) []byte {
	var ts []BGPLSTLV
	if d.HasAS {
		ts = append(ts, BGPLSTLV{bgplsNodeAS, binary.BigEndian.AppendUint32(nil, d.AS)})
	}
	if d.HasBGPLSID {
		ts = append(ts, BGPLSTLV{bgplsNodeBGPLSID, binary.BigEndian.AppendUint32(nil, d.BGPLSID)})
	}
	if d.OSPFArea.IsValid() {
		ts = append(ts, BGPLSTLV{bgplsNodeOSPFArea, d.OSPFArea.AsSlice()})
	}
	if d.IGPRouterID != nil {
		ts = append(ts, BGPLSTLV{bgplsNodeIGPRouterID, d.IGPRouterID})
	}
	if d.BGPRouterID.IsValid() {
		ts = append(ts, BGPLSTLV{bgplsNodeBGPRouterID, d.BGPRouterID.AsSlice()})
	}
	if d.HasMemberAS {
		ts = append(ts, BGPLSTLV{bgplsNodeMemberAS, binary.BigEndian.AppendUint32(nil, d.MemberAS)})
	}
	ts = append(ts, d.Other...)
	slices.SortStableFunc(ts, func(a, b BGPLSTLV) int { return int(a.Type) - int(b.Type) })
	for _, t := range ts {
		b = appendTLV(b, t.Type, t.Value)
	}
	return b
}

// ISOSystemID is the 6-byte IS-IS system id of an IS-IS IGP router-id.
func (d BGPLSNodeDescriptor) ISOSystemID() ([6]byte, bool) {
	if len(d.IGPRouterID) != 6 && len(d.IGPRouterID) != 7 {
		return [6]byte{}, false
	}
	return [6]byte(d.IGPRouterID), true
}

// PseudonodeID is the IS-IS pseudonode number of a 7-byte IGP router-id.
func (d BGPLSNodeDescriptor) PseudonodeID() (uint8, bool) {
	if len(d.IGPRouterID) != 7 {
		return 0, false
	}
	return d.IGPRouterID[6], true
}

// OSPFRouterID is the OSPF router-id of a 4 or 8-byte IGP router-id.
func (d BGPLSNodeDescriptor) OSPFRouterID() (netip.Addr, bool) {
	if len(d.IGPRouterID) != 4 && len(d.IGPRouterID) != 8 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(d.IGPRouterID)), true
}

// DesignatedRouter is the OSPF designated router interface address of an
// 8-byte (LAN pseudonode) IGP router-id.
func (d BGPLSNodeDescriptor) DesignatedRouter() (netip.Addr, bool) {
	if len(d.IGPRouterID) != 8 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(d.IGPRouterID[4:])), true
}

// String is a compact text of the descriptors: "as 65000 bgp-ls-id 7
// ospf-area 0.0.0.1 igp-router-id 0x000000000101".
func (d BGPLSNodeDescriptor) String() string {
	var s []string
	if d.HasAS {
		s = append(s, fmt.Sprintf("as %d", d.AS))
	}
	if d.HasBGPLSID {
		s = append(s, fmt.Sprintf("bgp-ls-id %d", d.BGPLSID))
	}
	if d.OSPFArea.IsValid() {
		s = append(s, "ospf-area "+d.OSPFArea.String())
	}
	if d.IGPRouterID != nil {
		s = append(s, "igp-router-id 0x"+hex.EncodeToString(d.IGPRouterID))
	}
	if d.BGPRouterID.IsValid() {
		s = append(s, "bgp-router-id "+d.BGPRouterID.String())
	}
	if d.HasMemberAS {
		s = append(s, fmt.Sprintf("member-as %d", d.MemberAS))
	}
	for _, t := range d.Other {
		s = append(s, fmt.Sprintf("tlv-%d 0x%s", t.Type, hex.EncodeToString(t.Value)))
	}
	return strings.Join(s, " ")
}
