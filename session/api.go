package session

import (
	"net/netip"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// PeerMatch selects neighbors the way ExaBGP's "neighbor IP [local-ip IP]
// [local-as ASN] [peer-as ASN] [router-id ID] [family-allowed F]" prefix
// does. Zero fields match anything.
type PeerMatch struct {
	PeerAddress   netip.Addr
	LocalAddress  netip.Addr
	LocalAS       uint32
	PeerAS        uint32
	RouterID      netip.Addr
	FamilyAllowed string
}

// Selector picks the neighbors a command applies to; empty means every
// neighbor the asking process is bound to.
type Selector []PeerMatch

// PeerInfo identifies a neighbor in events.
type PeerInfo struct {
	PeerAddress  netip.Addr
	LocalAddress netip.Addr
	LocalAS      uint32
	PeerAS       uint32
	RouterID     netip.Addr
	PeerRouterID netip.Addr
}

// State is a neighbor state change reported to observers, with ExaBGP's
// names: "connected", "up", "down".
type State string

// Neighbor state changes.
const (
	StateConnected State = "connected"
	StateUp        State = "up"
	StateDown      State = "down"
)

// Direction says whether a message was received or sent.
type Direction string

// Directions of messages reported to observers.
const (
	Received Direction = "receive"
	Sent     Direction = "send"
)

// Observer is told what happens in sessions. The api package implements it
// to feed helper processes. Calls come from session goroutines and must not
// block for long.
type Observer interface {
	// StateChanged reports a neighbor state change with a reason for down.
	StateChanged(n *config.Neighbor, p PeerInfo, s State, reason string)
	// Message reports a message sent or received. raw is the whole wire
	// message (header included) and is only valid during the call.
	Message(n *config.Neighbor, p PeerInfo, dir Direction, msg codec.Message, raw []byte)
}
