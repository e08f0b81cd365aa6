package session

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

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

// openParams is what one side announces in its OPEN, as negotiate needs
// it.
type openParams struct {
	as       uint32 // the 4-byte AS when announced, else My AS
	hold     uint16
	routerID netip.Addr
	families []codec.Family
	addPath  map[codec.Family]config.AddPathMode
	asn4     bool
	extMsg   bool
	graceful bool
	refresh  bool
	nextHop  map[codec.Family]codec.AFI
	// for the "negotiated" API message: the capabilities announced
	multi, operational, enhanced, rfcRefresh bool
	nextHopTuples                            []codec.ExtNextHopTuple
}

// localOpen is what we announce in our OPEN.
type localOpen struct {
	openParams
	// extra are the capabilities of later ExaBGP generations (hostname,
	// software version), sent after the others.
	extra []codec.Capability
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
	return &localOpen{openParams: openParams{
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
		// route refresh sends both capabilities (capabilities below)
		multi:       n.Capabilities.MultiSession,
		operational: n.Capabilities.Operational,
		enhanced:    n.Capabilities.RouteRefresh,
		rfcRefresh:  n.Capabilities.RouteRefresh,
	}}
}

// capabilities are the capabilities of our OPEN in ExaBGP 4.2's order,
// each sent in its own optional parameter: multiprotocol (one per family),
// 4-byte AS, extended next hop, add-path, graceful restart, route refresh
// and enhanced route refresh, operational, extended message, those of
// later generations (generationCaps), multi-session.
func (lo *localOpen) capabilities(n *config.Neighbor) []codec.Capability {
	caps := make([]codec.Capability, 0, len(lo.families)+10)
	for _, f := range lo.families {
		caps = append(caps, codec.CapMultiprotocol(f))
	}
	c := n.Capabilities
	if lo.asn4 {
		caps = append(caps, codec.CapASN4(lo.as))
	}
	if lo.nextHop != nil { // enabled, possibly with no usable pair
		nh := codec.CapExtendedNextHop{}
		for _, f := range nextHopOrder {
			if afi, ok := lo.nextHop[f]; ok && slices.Contains(lo.families, f) &&
				slices.Contains(lo.families, codec.Family{AFI: afi, SAFI: f.SAFI}) {
				nh = append(nh, codec.ExtNextHopTuple{Family: f, NextHopAFI: afi})
			}
		}
		caps = append(caps, nh)
		lo.nextHopTuples = nh
	}
	if len(lo.addPath) > 0 {
		ap := codec.CapAddPath{}
		for _, f := range addPathOrder {
			if m, ok := lo.addPath[f]; ok {
				ap = append(ap, codec.AddPathFamily{Family: f, Mode: codec.AddPathMode(m)})
			}
		}
		caps = append(caps, ap)
	}
	if lo.graceful {
		t := c.RestartTime
		if t == 0 {
			t = lo.hold
		}
		// ExaBGP always sets the restart state bit (FORCE_GRACEFUL)
		gr := codec.CapGracefulRestart{Flags: codec.GRRestartState, Time: t}
		for _, f := range lo.families {
			gr.Families = append(gr.Families, codec.GRFamily{Family: f, Flags: codec.GRForwardingState})
		}
		caps = append(caps, gr)
	}
	if lo.refresh {
		caps = append(caps, codec.CapRouteRefresh{}, codec.CapEnhancedRouteRefresh{})
	}
	if c.Operational {
		caps = append(caps, codec.CapOperational{})
	}
	if lo.extMsg {
		caps = append(caps, codec.CapExtendedMessage{})
	}
	caps = append(caps, lo.extra...)
	if c.MultiSession {
		caps = append(caps, codec.ExaBGPMultiSession()...)
	}
	return caps
}

// generationCaps are the capabilities g adds after the extended message
// one: under 5.0 the hostname capability (73) when host-name is set, and
// software-version (75) when enabled, "ExaBGP/" and the version
// (exabgp_version, else g's release), at most 64 bytes.
func generationCaps(n *config.Neighbor, g config.Generation, version string) []codec.Capability {
	var out []codec.Capability
	if g.HostnameCapability && n.HostName != "" {
		out = append(out, codec.CapFQDN{Host: n.HostName, Domain: n.DomainName})
	}
	if g.SoftwareVersion && n.Capabilities.SoftwareVersion {
		if version == "" {
			version = g.Release
		}
		v := "ExaBGP/" + version
		if len(v) > 64 {
			v = v[:61] + "..."
		}
		out = append(out, codec.CapSoftwareVersion(v))
	}
	return out
}

// appendOpen appends the whole OPEN message n sends (AS_TRANS in My AS for
// a 4-byte AS).
func appendOpen(b []byte, n *config.Neighbor, lo *localOpen) ([]byte, error) {
	o := codec.NewOpen(lo.as, lo.hold, lo.routerID, lo.capabilities(n))
	b, err := codec.AppendMessage(b, o, codec.Options{})
	if err != nil {
		return b, fmt.Errorf("neighbor %s: %w", n.PeerAddress, err)
	}
	return b, nil
}

// remoteOpen is what we read in the peer's OPEN.
type remoteOpen struct {
	openParams
	myAS uint16
	// gr is the peer's graceful restart capability (restart time and
	// families), when it sent one.
	gr *codec.CapGracefulRestart
	// multiRFC is set when the peer sent capability 68 (not only Cisco's
	// 131): ExaBGP negotiates multi-session on 68 alone.
	multiRFC bool
}

// decodeOpen reads the body of an OPEN (after the header) with codec. A
// hold time of 1 or 2 seconds is left to negotiate, which refuses it with
// ExaBGP's text after the AS and identifier checks.
func decodeOpen(body []byte) (*remoteOpen, error) {
	o, err := codec.DecodeOpenAnyHoldTime(body)
	if err != nil {
		return nil, err
	}
	ro := &remoteOpen{myAS: o.MyAS, openParams: openParams{
		as:       o.AS(),
		hold:     o.HoldTime,
		routerID: o.RouterID,
		families: o.Families(),
		addPath:  map[codec.Family]config.AddPathMode{},
	}}
	for _, c := range o.Capabilities {
		switch x := c.(type) {
		case codec.CapGracefulRestart:
			ro.gr = &x
		case codec.CapASN4:
			ro.asn4 = true
		case codec.CapAddPath:
			for _, f := range x {
				ro.addPath[f.Family] = config.AddPathMode(f.Mode)
			}
		case codec.CapExtendedNextHop:
			if ro.nextHop == nil {
				ro.nextHop = map[codec.Family]codec.AFI{}
			}
			for _, t := range x {
				ro.nextHop[t.Family] = t.NextHopAFI
			}
			ro.nextHopTuples = append(ro.nextHopTuples, x...)
		}
		// announced is enough for these, whatever their value
		switch c.Code() {
		case codec.CapCodeExtendedMessage:
			ro.extMsg = true
		case codec.CapCodeGracefulRestart:
			ro.graceful = true
		case codec.CapCodeRouteRefresh, codec.CapCodeEnhancedRouteRefresh, codec.CapCodeRouteRefreshCisco:
			ro.refresh = true
			ro.rfcRefresh = ro.rfcRefresh || c.Code() == codec.CapCodeRouteRefresh
			ro.enhanced = ro.enhanced || c.Code() == codec.CapCodeEnhancedRouteRefresh
		case codec.CapCodeOperational:
			ro.operational = true
		case codec.CapCodeMultiSession, codec.CapCodeMultiSessionCisco:
			ro.multi = true
			ro.multiRFC = ro.multiRFC || c.Code() == codec.CapCodeMultiSession
		}
	}
	return ro, nil
}

// negotiated is what both OPENs agree on.
type negotiated struct {
	send, recv codec.Options
	families   []codec.Family // in the order of the peer's OPEN
	hold       uint16
	peerAS     uint32
	graceful   bool
	// peerGR is the peer's graceful restart capability when graceful
	// restart is negotiated (gr_stale.go), else nil.
	peerGR *codec.CapGracefulRestart
}

// negotiate checks the peer's OPEN against n and returns the session
// options, or the NOTIFICATION to send (ExaBGP's checks and texts).
func negotiate(n *config.Neighbor, lo *localOpen, ro *remoteOpen) (*negotiated, error) {
	asn4 := lo.asn4 && ro.asn4
	// ExaBGP takes My AS, and the 4-byte AS capability only when My AS is
	// AS_TRANS
	peerAS := uint32(ro.myAS)
	if asn4 && ro.myAS == codec.ASTrans {
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
	if lo.multi && !ro.multiRFC {
		// ExaBGP: announcing multi-session makes it mandatory
		return nil, notification{code: notifOpen, subcode: 9, text: "multisession is mandatory with this peer"}
	}
	if lo.multi && !slices.Equal(lo.families, ro.families) {
		// ExaBGP: the session id (the Multiprotocol capabilities) must be
		// the same on both sides, families and order (docs/multisession.md)
		return nil, notification{code: notifOpen, subcode: 8, text: "when checking session id, capability multiprotocol did not match"}
	}
	ng := &negotiated{hold: min(lo.hold, ro.hold), peerAS: peerAS, graceful: lo.graceful && ro.graceful}
	if ng.graceful {
		ng.peerGR = ro.gr
	}
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
	ng.send.Operational = lo.operational && ro.operational
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
