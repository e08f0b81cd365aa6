package api

import (
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// FSMChanged implements session.FSMObserver: helpers of api blocks with
// "fsm" using the JSON encoder hear each state change.
func (m *Manager) FSMChanged(n *config.Neighbor, p session.PeerInfo, state string) {
	ev := m.state().events[n]
	if ev == nil {
		return
	}
	for _, h := range ev.fsm {
		if e, ok := h.enc.(*jsonEncoder); ok {
			h.push(e.FSM(n, p, state))
		}
	}
}

// Negotiated implements session.FSMObserver: helpers of api blocks with
// "negotiated" using the JSON encoder hear what the OPENs agreed on.
func (m *Manager) Negotiated(n *config.Neighbor, p session.PeerInfo, ng session.Negotiated) {
	ev := m.state().events[n]
	if ev == nil {
		return
	}
	for _, h := range ev.negotiated {
		if e, ok := h.enc.(*jsonEncoder); ok {
			h.push(e.Negotiated(n, p, ng))
		}
	}
}

// Signal tells the helpers of api blocks with "signal" (JSON encoder) of
// every neighbor that the daemon received signal sig, as ExaBGP 4.2 does
// for SIGHUP, SIGTERM, SIGUSR1, SIGUSR2 and SIGALRM.
func (m *Manager) Signal(sig int) {
	st := m.state()
	for _, n := range st.cfg.Neighbors {
		ev := st.events[n]
		if ev == nil {
			continue
		}
		for _, h := range ev.signal {
			if e, ok := h.enc.(*jsonEncoder); ok {
				h.push(e.Signal(n, session.PeerInfo{PeerAddress: n.PeerAddress, LocalAddress: n.LocalAddress,
					LocalAS: n.LocalAS, PeerAS: n.PeerAS}, sig))
			}
		}
	}
}

// push queues msg (nil: nothing) for the helper when it runs.
func (h *helper) push(msg []byte) {
	if msg == nil {
		return
	}
	if q := h.out.Load(); q != nil {
		q.push(msg)
	}
}
