package api

import (
	"context"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// Controller is what the process API needs from the sessions; the
// *session.Reactor satisfies it. Methods are called from one goroutine per
// helper process at the same time and return once the request was accepted
// by the goroutines owning the sessions.
//
// The Selector passed is empty for a command without "neighbor" prefix
// (every neighbor bound to process, every neighbor when process is ""), or
// lists the chosen neighbors, one PeerMatch each. Commands that ExaBGP
// applies to neighbors whatever their api blocks (eor, route-refresh) pass
// process "".
type Controller interface {
	// Announce queues routes for the selected neighbors.
	Announce(ctx context.Context, process string, sel session.Selector, routes []config.Route) error
	// Withdraw queues withdrawals for the selected neighbors.
	Withdraw(ctx context.Context, process string, sel session.Selector, routes []config.Route) error
	// AnnounceEOR sends End-of-RIB for families to the selected neighbors.
	AnnounceEOR(ctx context.Context, process string, sel session.Selector, families []codec.Family) error
}

// The interfaces below are optional: the Manager uses them when the
// Controller has the method, and answers "error" to the commands needing
// them when it has not.

// EstablishedLister reports which neighbors have an established session.
// "announce eor", "announce route-refresh", "flush adj-rib out",
// "teardown" and "show neighbor summary" only apply to those, as in ExaBGP
// 4.2. Without it every neighbor counts as established.
type EstablishedLister interface {
	Established() []*config.Neighbor
}

// RouteRefresher sends ROUTE-REFRESH messages ("announce route-refresh").
type RouteRefresher interface {
	RouteRefresh(ctx context.Context, process string, sel session.Selector, families []codec.Family) error
}

// Teardowner closes sessions with a Cease NOTIFICATION of the given subcode
// ("neighbor IP teardown CODE").
type Teardowner interface {
	Teardown(ctx context.Context, sel session.Selector, subcode uint8) error
}

// AdjRIBOutFlusher resends ("flush adj-rib out") or withdraws ("clear
// adj-rib out") everything in the adj-RIB-out of the selected neighbors.
type AdjRIBOutFlusher interface {
	FlushAdjRIBOut(ctx context.Context, sel session.Selector) error
	ClearAdjRIBOut(ctx context.Context, sel session.Selector) error
}

// AdjRIBOutLister walks the adj-RIB-out of the selected neighbors ("show
// adj-rib out"), calling fn for every route in a stable order.
type AdjRIBOutLister interface {
	AdjRIBOut(ctx context.Context, sel session.Selector, fn func(n *config.Neighbor, r config.Route)) error
}

// Watchdogger announces or withdraws the routes of a watchdog group on
// every neighbor ("announce watchdog NAME", "withdraw watchdog NAME").
type Watchdogger interface {
	Watchdog(ctx context.Context, name string, announce bool) error
}

// StatusReporter reports a neighbor's session for "show neighbor".
type StatusReporter interface {
	Status(n *config.Neighbor) session.NeighborStatus
}

// Syncer is optional for a Controller: Sync returns once every session has
// queued for the wire the changes requested before the call. The Manager
// answers a burst of helper commands only then.
type Syncer interface {
	Sync(ctx context.Context) error
}
