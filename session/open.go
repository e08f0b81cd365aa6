package session

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// Capability codes used in the OPEN (IANA "Capability Codes").
const (
	capMultiprotocol   = 1
	capRouteRefresh    = 2
	capNextHop         = 5
	capExtendedMessage = 6
	capGraceful        = 64
	capASN4            = 65
	capMultiSession    = 68
	capAddPath         = 69
	capEnhancedRefresh = 70
	capOperational     = 185
)

// asTrans is the 2-byte AS sent in My Autonomous System for 4-byte ASNs.
const asTrans = 23456

// knownFamilies are the families ExaBGP 4.2 announces when a neighbor has
// no family block, in its (sorted) order.
var knownFamilies = []codec.Family{
	{AFI: 1, SAFI: 1}, {AFI: 1, SAFI: 2}, {AFI: 1, SAFI: 4}, {AFI: 1, SAFI: 128}, {AFI: 1, SAFI: 132},
	{AFI: 1, SAFI: 133}, {AFI: 1, SAFI: 134}, {AFI: 2, SAFI: 1}, {AFI: 2, SAFI: 2}, {AFI: 2, SAFI: 4},
	{AFI: 2, SAFI: 128}, {AFI: 2, SAFI: 133}, {AFI: 2, SAFI: 134}, {AFI: 25, SAFI: 65}, {AFI: 25, SAFI: 70},
	{AFI: 16388, SAFI: 71}, {AFI: 16388, SAFI: 72},
}

// addPathOrder and nextHopOrder are the families ExaBGP can announce
// add-path and extended next hop for, in the order it lists them.
var (
	addPathOrder = []codec.Family{
		codec.IPv4Unicast, codec.IPv6Unicast, codec.IPv4MPLS, codec.IPv6MPLS, codec.IPv4VPN, codec.IPv6VPN,
	}
	nextHopOrder = []codec.Family{codec.IPv4Unicast, codec.IPv4Multicast, codec.IPv4MPLS, codec.IPv4VPN}
)

// neighborFamilies are the families of n sorted as ExaBGP sorts them (AFI,
// then SAFI).
func neighborFamilies(n *config.Neighbor) []codec.Family {
	if len(n.Families) == 0 {
		return knownFamilies
	}
	fs := slices.Clone(n.Families)
	slices.SortFunc(fs, func(a, b codec.Family) int {
		if c := cmp.Compare(a.AFI, b.AFI); c != 0 {
			return c
		}
		return cmp.Compare(a.SAFI, b.SAFI)
	})
	return slices.Compact(fs)
}

// addPathModes are the add-path directions n announces per family.
func addPathModes(n *config.Neighbor, fams []codec.Family) map[codec.Family]config.AddPathMode {
	c := n.Capabilities
	out := map[codec.Family]config.AddPathMode{}
	for _, f := range addPathOrder {
		if !slices.Contains(fams, f) {
			continue
		}
		// the per-family map, when there is one, is the whole list
		m, ok := c.AddPath[f]
		if !ok && len(c.AddPath) == 0 {
			m = c.AddPathGlobal
		}
		if m != config.AddPathNone {
			out[f] = m
		}
	}
	return out
}

// localOpen is what we announce in our OPEN.
type localOpen struct {
	as       uint32
	hold     uint16
	routerID netip.Addr
	families []codec.Family
	addPath  map[codec.Family]config.AddPathMode
	asn4     bool
	extMsg   bool
	graceful bool
	refresh  bool
	nextHop  map[codec.Family]codec.AFI
}

// newLocalOpen gathers the OPEN of n; local is the local address of the
// connection, the router id when none is configured.
func newLocalOpen(n *config.Neighbor, local netip.Addr) *localOpen {
	fams := neighborFamilies(n)
	id := n.RouterID
	if !id.IsValid() {
		id = local
		if !id.Is4() {
			id = netip.IPv4Unspecified()
		}
	}
	return &localOpen{
		as:       n.LocalAS,
		hold:     n.HoldTime,
		routerID: id,
		families: fams,
		addPath:  addPathModes(n, fams),
		asn4:     n.Capabilities.ASN4,
		extMsg:   n.Capabilities.ExtendedMessage,
		graceful: n.Capabilities.GracefulRestart,
		refresh:  n.Capabilities.RouteRefresh,
		nextHop:  n.Capabilities.NextHop,
	}
}

// appendOpen appends the whole OPEN message n sends, with its capabilities
// in ExaBGP 4.2's order, each in its own optional parameter: multiprotocol
// (one per family), 4-byte AS, extended next hop, add-path, graceful
// restart, route refresh and enhanced route refresh, operational, extended
// message, multi-session.
func appendOpen(b []byte, n *config.Neighbor, lo *localOpen) []byte {
	start := len(b)
	b = append(b, marker[:]...)
	b = append(b, 0, 0, byte(codec.MsgOpen), 4)
	as := lo.as
	if as > 0xffff {
		as = asTrans
	}
	b = binary.BigEndian.AppendUint16(b, uint16(as))
	b = binary.BigEndian.AppendUint16(b, lo.hold)
	b = append(b, lo.routerID.AsSlice()...)
	optLen := len(b)
	b = append(b, 0)
	capa := func(code byte, value ...byte) {
		b = append(b, 2, byte(len(value)+2), code, byte(len(value)))
		b = append(b, value...)
	}
	for _, f := range lo.families {
		capa(capMultiprotocol, byte(f.AFI>>8), byte(f.AFI), 0, byte(f.SAFI))
	}
	c := n.Capabilities
	if lo.asn4 {
		capa(capASN4, byte(lo.as>>24), byte(lo.as>>16), byte(lo.as>>8), byte(lo.as))
	}
	if lo.nextHop != nil { // enabled, possibly with no usable pair
		var v []byte
		for _, f := range nextHopOrder {
			if nh, ok := lo.nextHop[f]; ok && slices.Contains(lo.families, f) &&
				slices.Contains(lo.families, codec.Family{AFI: nh, SAFI: f.SAFI}) {
				v = append(v, byte(f.AFI>>8), byte(f.AFI), 0, byte(f.SAFI), byte(nh>>8), byte(nh))
			}
		}
		capa(capNextHop, v...)
	}
	if len(lo.addPath) > 0 {
		var v []byte
		for _, f := range addPathOrder {
			if m, ok := lo.addPath[f]; ok {
				v = append(v, byte(f.AFI>>8), byte(f.AFI), byte(f.SAFI), byte(m))
			}
		}
		capa(capAddPath, v...)
	}
	if lo.graceful {
		t := c.RestartTime
		if t == 0 {
			t = lo.hold
		}
		// ExaBGP always sets the restart state bit (FORCE_GRACEFUL)
		v := []byte{byte(0x80 | (t>>8)&0x0f), byte(t)}
		for _, f := range lo.families {
			v = append(v, byte(f.AFI>>8), byte(f.AFI), byte(f.SAFI), 0x80)
		}
		capa(capGraceful, v...)
	}
	if lo.refresh {
		capa(capRouteRefresh)
		capa(capEnhancedRefresh)
	}
	if c.Operational {
		capa(capOperational)
	}
	if lo.extMsg {
		capa(capExtendedMessage)
	}
	if c.MultiSession {
		capa(capMultiSession, 0)
		capa(capMultiSession, capMultiprotocol)
	}
	b[optLen] = byte(len(b) - optLen - 1)
	binary.BigEndian.PutUint16(b[start+16:], uint16(len(b)-start))
	return b
}

// remoteOpen is what we read in the peer's OPEN.
type remoteOpen struct {
	version  uint8
	as       uint32 // the 4-byte AS when announced, else My AS
	myAS     uint16
	hold     uint16
	routerID netip.Addr
	families []codec.Family
	addPath  map[codec.Family]config.AddPathMode
	asn4     bool
	extMsg   bool
	graceful bool
	refresh  bool
	multi    bool
	nextHop  map[codec.Family]codec.AFI
}

// decodeOpen reads the body of an OPEN (after the header).
func decodeOpen(body []byte) (*remoteOpen, error) {
	if len(body) < 10 {
		return nil, notification{code: notifHeader, subcode: 2, text: "open message too short"}
	}
	ro := &remoteOpen{
		version:  body[0],
		myAS:     binary.BigEndian.Uint16(body[1:3]),
		hold:     binary.BigEndian.Uint16(body[3:5]),
		routerID: netip.AddrFrom4([4]byte(body[5:9])),
		addPath:  map[codec.Family]config.AddPathMode{},
	}
	ro.as = uint32(ro.myAS)
	if ro.version != 4 {
		return nil, notification{code: notifOpen, subcode: 1, data: []byte{0, 4}}
	}
	opt := body[10:]
	if int(body[9]) != len(opt) {
		return nil, notification{code: notifOpen, subcode: 0, text: "bad optional parameters length"}
	}
	for len(opt) > 0 {
		if len(opt) < 2 || len(opt) < 2+int(opt[1]) {
			return nil, notification{code: notifOpen, subcode: 0, text: "bad length for OPEN parameter"}
		}
		kind, val := opt[0], opt[2:2+int(opt[1])]
		opt = opt[2+int(opt[1]):]
		if kind != 2 {
			return nil, notification{code: notifOpen, subcode: 4, text: fmt.Sprintf("unknown OPEN parameter %#x", kind)}
		}
		for len(val) > 0 {
			if len(val) < 2 || len(val) < 2+int(val[1]) {
				return nil, notification{code: notifOpen, subcode: 0, text: "bad length for OPEN capability"}
			}
			code, v := val[0], val[2:2+int(val[1])]
			val = val[2+int(val[1]):]
			ro.capability(code, v)
		}
	}
	return ro, nil
}

func (ro *remoteOpen) capability(code byte, v []byte) {
	switch code {
	case capMultiprotocol:
		if len(v) == 4 {
			ro.families = append(ro.families, codec.Family{AFI: codec.AFI(binary.BigEndian.Uint16(v)), SAFI: codec.SAFI(v[3])})
		}
	case capASN4:
		if len(v) == 4 {
			ro.asn4 = true
			ro.as = binary.BigEndian.Uint32(v)
		}
	case capAddPath:
		for ; len(v) >= 4; v = v[4:] {
			f := codec.Family{AFI: codec.AFI(binary.BigEndian.Uint16(v)), SAFI: codec.SAFI(v[2])}
			ro.addPath[f] = config.AddPathMode(v[3])
		}
	case capNextHop:
		for ; len(v) >= 6; v = v[6:] {
			if ro.nextHop == nil {
				ro.nextHop = map[codec.Family]codec.AFI{}
			}
			f := codec.Family{AFI: codec.AFI(binary.BigEndian.Uint16(v)), SAFI: codec.SAFI(binary.BigEndian.Uint16(v[2:]))}
			ro.nextHop[f] = codec.AFI(binary.BigEndian.Uint16(v[4:]))
		}
	case capExtendedMessage:
		ro.extMsg = true
	case capGraceful:
		ro.graceful = true
	case capRouteRefresh, capEnhancedRefresh, 128:
		ro.refresh = true
	case capMultiSession, 131:
		ro.multi = true
	}
}

// negotiated is what both OPENs agree on.
type negotiated struct {
	send, recv codec.Options
	families   []codec.Family // in the order of the peer's OPEN
	hold       uint16
	peerAS     uint32
	graceful   bool
}

// negotiate checks the peer's OPEN against n and returns the session
// options, or the NOTIFICATION to send (ExaBGP's checks and texts).
func negotiate(n *config.Neighbor, lo *localOpen, ro *remoteOpen) (*negotiated, error) {
	asn4 := lo.asn4 && ro.asn4
	// ExaBGP takes My AS, and the 4-byte AS capability only when My AS is
	// AS_TRANS
	peerAS := uint32(ro.myAS)
	if asn4 && ro.myAS == asTrans {
		peerAS = ro.as
	}
	if n.PeerAS != 0 && peerAS != n.PeerAS {
		return nil, notification{code: notifOpen, subcode: 2,
			text: fmt.Sprintf("ASN in OPEN (%d) did not match ASN expected (%d)", ro.myAS, n.PeerAS)}
	}
	if ro.routerID == netip.IPv4Unspecified() {
		return nil, notification{code: notifOpen, subcode: 3, text: "0.0.0.0 is an invalid router_id"}
	}
	if peerAS == lo.as && ro.routerID == lo.routerID {
		return nil, notification{code: notifOpen, subcode: 3, text: fmt.Sprintf(
			"BGP Identifier collision, same router-id (%s) on both sides of this IBGP session", ro.routerID)}
	}
	if ro.hold != 0 && ro.hold < 3 {
		return nil, notification{code: notifOpen, subcode: 6, text: fmt.Sprintf("Hold Time is invalid (%d)", ro.hold)}
	}
	ng := &negotiated{hold: min(lo.hold, ro.hold), peerAS: peerAS, graceful: lo.graceful && ro.graceful}
	for _, f := range ro.families {
		if slices.Contains(lo.families, f) && !slices.Contains(ng.families, f) {
			ng.families = append(ng.families, f)
		}
	}
	ng.send = codec.Options{ASN4: asn4, ExtendedMessage: lo.extMsg && ro.extMsg}
	for f, afi := range lo.nextHop {
		if ro.nextHop[f] == afi {
			if ng.send.ExtNextHop == nil {
				ng.send.ExtNextHop = map[codec.Family]codec.AFI{}
			}
			ng.send.ExtNextHop[f] = afi
		}
	}
	ng.recv = ng.send
	for f, m := range lo.addPath {
		rm := ro.addPath[f]
		if m&config.AddPathSend != 0 && rm&config.AddPathReceive != 0 {
			if ng.send.AddPath == nil {
				ng.send.AddPath = map[codec.Family]bool{}
			}
			ng.send.AddPath[f] = true
		}
		if m&config.AddPathReceive != 0 && rm&config.AddPathSend != 0 {
			if ng.recv.AddPath == nil {
				ng.recv.AddPath = map[codec.Family]bool{}
			}
			ng.recv.AddPath[f] = true
		}
	}
	return ng, nil
}
