package session

import (
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/exago/exago/codec"
)

// msgTypes bounds the message types counted (OPEN..ROUTE-REFRESH); others
// count as type 0.
const msgTypes = 6

// counters are the per-neighbor figures monitoring reads while the peer's
// goroutine runs: one atomic add per message, per packed attribute group
// and per adj-RIB-out or adj-RIB-in change.
type counters struct {
	msgIn, msgOut     [msgTypes]atomic.Uint64
	prefixesAnnounced atomic.Uint64
	prefixesWithdrawn atomic.Uint64
	lastNotification  atomic.Pointer[NotificationEvent]
}

func msgIndex(raw []byte) int {
	if len(raw) < codec.HeaderLen {
		return 0
	}
	if t := int(codec.MessageType(raw)); t < msgTypes {
		return t
	}
	return 0
}

// countIn counts a message read from the peer; a NOTIFICATION is kept as
// the last one.
func (c *counters) countIn(raw []byte) {
	i := msgIndex(raw)
	c.msgIn[i].Add(1)
	if i == int(codec.MsgNotification) {
		c.noteNotification(raw, false)
	}
}

// countOut counts whole messages sent outside the UPDATE packer.
func (c *counters) countOut(raw []byte) {
	i := msgIndex(raw)
	c.msgOut[i].Add(1)
	if i == int(codec.MsgNotification) {
		c.noteNotification(raw, true)
	}
}

func (c *counters) noteNotification(raw []byte, sent bool) {
	ev := &NotificationEvent{Sent: sent, At: time.Now()}
	if len(raw) > codec.HeaderLen+1 {
		ev.Code, ev.Subcode = raw[codec.HeaderLen], raw[codec.HeaderLen+1]
	}
	c.lastNotification.Store(ev)
}

// NotificationEvent is a NOTIFICATION sent to or received from a peer.
type NotificationEvent struct {
	Code, Subcode uint8
	// Sent is true for one we sent, false for one the peer sent.
	Sent bool
	At   time.Time
}

// PeerStats is a snapshot of one neighbor for monitoring.
type PeerStats struct {
	PeerAddress, LocalAddress netip.Addr
	PeerAS                    uint32
	// Description is the neighbor's description, "" when none.
	Description string
	// State is the FSM state name ("idle" ... "established").
	State string
	// Up is how long the session has been established (0: down).
	Up time.Duration
	// MessagesIn and MessagesOut count messages by type code (index 1
	// OPEN ... 5 ROUTE-REFRESH; 0 other types).
	MessagesIn, MessagesOut [msgTypes]uint64
	// PrefixesAnnounced and PrefixesWithdrawn count the NLRI sent in
	// UPDATEs.
	PrefixesAnnounced, PrefixesWithdrawn uint64
	// RoutesOut is the number of routes in the adj-RIB-out.
	RoutesOut int64
	// AdjRIBIn is true when the neighbor keeps an adj-RIB-in ("adj-rib-in"
	// on); RoutesIn is then the number of routes in it, 0 otherwise.
	AdjRIBIn bool
	RoutesIn int64
	// LastNotification is the last NOTIFICATION sent or received, nil when
	// none was.
	LastNotification *NotificationEvent
}

// Stats reports every neighbor, in configuration order. It reads atomic
// counters only, so it may be called from any goroutine at any rate
// without slowing the sessions.
func (r *Reactor) Stats() []PeerStats {
	peers := r.peerList()
	out := make([]PeerStats, 0, len(peers))
	for _, p := range peers {
		n := p.neighbor()
		st := state(p.status.state.Load())
		if st == stateStopped {
			st = stateIdle
		}
		s := PeerStats{
			PeerAddress:       n.PeerAddress,
			LocalAddress:      n.LocalAddress,
			PeerAS:            n.PeerAS,
			Description:       n.Description,
			State:             st.String(),
			Up:                p.status.uptime(),
			PrefixesAnnounced: p.status.prefixesAnnounced.Load(),
			PrefixesWithdrawn: p.status.prefixesWithdrawn.Load(),
			RoutesOut:         p.rib.size.Load(),
			LastNotification:  p.status.lastNotification.Load(),
		}
		if n.AdjRIBIn {
			s.AdjRIBIn, s.RoutesIn = true, p.ribIn.size.Load()
		}
		for i := range msgTypes {
			s.MessagesIn[i] = p.status.msgIn[i].Load()
			s.MessagesOut[i] = p.status.msgOut[i].Load()
		}
		s.MessagesOut[codec.MsgUpdate] += p.status.sent.Load()
		out = append(out, s)
	}
	return out
}

// Started is closed once Run has its listeners up and the neighbors'
// sessions started: the daemon is ready (systemd's READY=1).
func (r *Reactor) Started() <-chan struct{} { return r.started }
