package session

import (
	"slices"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// FSMObserver is an Observer also told what ExaBGP 4.2 reports to helpers
// of api blocks with "fsm" and "negotiated": each FSM state change and the
// options both OPENs agreed on. The session checks for it with a type
// assertion, so observers without it need not change.
type FSMObserver interface {
	// FSMChanged reports the FSM state by ExaBGP's name: "ACTIVE" when a
	// connection is tried (or awaited), "CONNECT" once it is up,
	// "OPENSENT", "OPENCONFIRM", "ESTABLISHED", and "IDLE" when the
	// session ends.
	FSMChanged(n *config.Neighbor, p PeerInfo, state string)
	// Negotiated reports what the OPENs agreed on, after the peer's OPEN
	// was accepted and before OPENCONFIRM.
	Negotiated(n *config.Neighbor, p PeerInfo, ng Negotiated)
}

// Negotiated is what both OPENs of a session agreed on, as ExaBGP 4.2
// reports it.
type Negotiated struct {
	MessageSize  int
	HoldTime     uint16
	ASN4         bool
	MultiSession bool
	Operational  bool
	// Refresh is "absent", "normal" or "enhanced".
	Refresh string
	// Families are the families of both OPENs, in the peer's order.
	Families []codec.Family
	// NextHop are the extended next hop (RFC 8950) tuples both sides
	// announced.
	NextHop []codec.ExtNextHopTuple
	// AddPathSend and AddPathReceive are the families whose NLRI carry
	// path identifiers in each direction, in Families order.
	AddPathSend, AddPathReceive []codec.Family
}

// observeFSM reports the FSM state to an FSMObserver, once per change.
func (p *peer) observeFSM(state string) {
	if state == p.fsmState {
		return
	}
	p.fsmState = state
	if o, ok := p.r.obs.(FSMObserver); ok {
		o.FSMChanged(p.n, p.info(), state)
	}
}

// observeNegotiated reports the session's negotiated options to an
// FSMObserver.
func (p *peer) observeNegotiated() {
	o, ok := p.r.obs.(FSMObserver)
	if !ok || p.ng == nil {
		return
	}
	ng := Negotiated{
		MessageSize:  p.ng.send.MaxMessageSize(),
		HoldTime:     p.ng.hold,
		ASN4:         p.ng.send.ASN4,
		MultiSession: p.lo.multi && p.ro.multi,
		Operational:  p.lo.operational && p.ro.operational,
		Refresh:      "absent",
		Families:     p.ng.families,
	}
	switch {
	case p.lo.enhanced && p.ro.enhanced:
		ng.Refresh = "enhanced"
	case p.lo.rfcRefresh && p.ro.rfcRefresh:
		ng.Refresh = "normal"
	}
	for _, t := range p.ro.nextHopTuples {
		if slices.Contains(p.lo.nextHopTuples, t) {
			ng.NextHop = append(ng.NextHop, t)
		}
	}
	for _, f := range p.ng.families {
		if p.ng.send.HasAddPath(f) {
			ng.AddPathSend = append(ng.AddPathSend, f)
		}
		if p.ng.recv.HasAddPath(f) {
			ng.AddPathReceive = append(ng.AddPathReceive, f)
		}
	}
	o.Negotiated(p.n, p.info(), ng)
}
