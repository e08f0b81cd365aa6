package api

import (
	"slices"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// Message kinds of an api block's send/receive lists, by message type.
var messageKinds = map[codec.MsgType]string{
	codec.MsgOpen:         "open",
	codec.MsgUpdate:       "update",
	codec.MsgNotification: "notification",
	codec.MsgKeepalive:    "keepalive",
	codec.MsgRouteRefresh: "refresh",
	6:                     "operational",
}

// directionEvents is what the api blocks of a neighbor ask for one
// direction, merged over blocks as ExaBGP 4.2 flattens them: which
// helpers hear each message kind, and how messages are shown.
type directionEvents struct {
	byType                       [8][]*helper
	packets, parsed, consolidate bool
}

// neighborEvents says which helpers hear what of one neighbor.
type neighborEvents struct {
	changes []*helper
	// helpers of api blocks with "negotiated", "fsm" and "signal"
	negotiated, fsm, signal []*helper
	receive                 directionEvents
	send                    directionEvents
}

// bindEvents merges the api blocks of n.
func bindEvents(n *config.Neighbor, byName map[string]*helper) *neighborEvents {
	ev := &neighborEvents{}
	add := func(list []*helper, h *helper) []*helper {
		if slices.Contains(list, h) {
			return list
		}
		return append(list, h)
	}
	bindDir := func(d *directionEvents, kinds []string, hs []*helper) {
		for _, k := range kinds {
			switch k {
			case "packets":
				d.packets = true
			case "parsed":
				d.parsed = true
			case "consolidate":
				d.consolidate = true
			}
			for t, name := range messageKinds {
				if name == k {
					for _, h := range hs {
						d.byType[t] = add(d.byType[t], h)
					}
				}
			}
		}
	}
	for _, a := range n.APIs {
		var hs []*helper
		for _, name := range a.Processes {
			if h := byName[name]; h != nil {
				hs = append(hs, h)
			}
		}
		for _, h := range hs {
			if a.NeighborChanges {
				ev.changes = add(ev.changes, h)
			}
			if a.Negotiated {
				ev.negotiated = add(ev.negotiated, h)
			}
			if a.FSM {
				ev.fsm = add(ev.fsm, h)
			}
			if a.Signal {
				ev.signal = add(ev.signal, h)
			}
		}
		bindDir(&ev.receive, a.Receive, hs)
		bindDir(&ev.send, a.Send, hs)
	}
	return ev
}

// StateChanged implements session.Observer: helpers of api blocks with
// neighbor-changes hear "connected", "up" and "down".
func (m *Manager) StateChanged(n *config.Neighbor, p session.PeerInfo, s session.State, reason string) {
	ev := m.state().events[n]
	if ev == nil {
		return
	}
	for _, h := range ev.changes {
		if q := h.out.Load(); q != nil {
			q.push(h.enc.State(n, p, s, reason))
		}
	}
}

// Message implements session.Observer: helpers of api blocks listing the
// message's kind for its direction hear it, parsed and/or as packets as
// the blocks say (ExaBGP 4.2's parsed, packets, consolidate).
func (m *Manager) Message(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) {
	ev := m.state().events[n]
	if ev == nil {
		return
	}
	d := &ev.receive
	if dir == session.Sent {
		d = &ev.send
	}
	var t codec.MsgType
	switch {
	case msg != nil:
		t = msg.Type()
	case len(raw) >= codec.HeaderLen:
		t = codec.MsgType(raw[18])
	}
	if int(t) >= len(d.byType) {
		return
	}
	for _, h := range d.byType[t] {
		q := h.out.Load()
		if q == nil {
			continue
		}
		switch {
		case d.consolidate && d.packets && msg != nil:
			q.push(h.enc.Consolidated(n, p, dir, msg, raw))
		case d.consolidate && msg != nil:
			q.push(h.enc.Message(n, p, dir, msg, raw))
		default:
			if d.packets && len(raw) > 0 {
				q.push(h.enc.Packets(n, p, dir, raw))
			}
			if d.parsed && msg != nil {
				q.push(h.enc.Message(n, p, dir, msg, raw))
			}
		}
	}
}
