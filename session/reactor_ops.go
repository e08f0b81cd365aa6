package session

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// Established returns the neighbors whose session is established, in
// configuration order.
func (r *Reactor) Established() []*config.Neighbor {
	var out []*config.Neighbor
	for _, p := range r.peerList() {
		if p.status.established() {
			n := p.neighbor()
			if p.isSplit() {
				// one entry for the neighbor of the per-family sessions
				if n = p.origin.Load(); slices.Contains(out, n) {
					continue
				}
			}
			out = append(out, n)
		}
	}
	return out
}

// NeighborStatus describes a neighbor's session for "show neighbor".
type NeighborStatus struct {
	// State is the FSM state name ("idle", "connect", "active", "opensent",
	// "openconfirm", "established").
	State string
	// Up is how long the session has been established (0: down).
	Up time.Duration
	// UpdatesSent and UpdatesReceived count UPDATE messages.
	UpdatesSent, UpdatesReceived uint64
}

// Status reports n's session; the zero value for an unknown neighbor.
func (r *Reactor) Status(n *config.Neighbor) NeighborStatus {
	var split []*peer
	for _, p := range r.peerList() {
		if p.neighbor() == n {
			return p.neighborStatus()
		}
		if p.isSplit() && p.origin.Load() == n {
			split = append(split, p)
		}
	}
	if len(split) > 0 {
		return splitStatus(split)
	}
	return NeighborStatus{State: stateIdle.String()}
}

// neighborStatus is p's session as Status reports it.
func (p *peer) neighborStatus() NeighborStatus {
	st := state(p.status.state.Load())
	if st == stateStopped {
		st = stateIdle
	}
	return NeighborStatus{
		State:           st.String(),
		Up:              p.status.uptime(),
		UpdatesSent:     p.status.sent.Load(),
		UpdatesReceived: p.status.received.Load(),
	}
}

// Teardown closes the sessions of the selected neighbors with a Cease
// NOTIFICATION of subcode (ExaBGP's "neighbor IP teardown CODE"); they are
// established again afterwards, also in once mode.
func (r *Reactor) Teardown(ctx context.Context, sel Selector, subcode uint8) error {
	return r.call(ctx, "", sel, request{op: opTeardown, subcode: subcode})
}

// RouteRefresh sends a ROUTE-REFRESH for each family to the selected
// neighbors with an established session.
func (r *Reactor) RouteRefresh(ctx context.Context, process string, sel Selector, families []codec.Family) error {
	return r.call(ctx, process, sel, request{op: opRefresh, families: families})
}

// FlushAdjRIBOut sends the whole adj-RIB-out of the selected neighbors
// again ("flush adj-rib out").
func (r *Reactor) FlushAdjRIBOut(ctx context.Context, sel Selector) error {
	return r.call(ctx, "", sel, request{op: opFlush})
}

// ClearAdjRIBOut withdraws every route of the adj-RIB-out of the selected
// neighbors ("clear adj-rib out").
func (r *Reactor) ClearAdjRIBOut(ctx context.Context, sel Selector) error {
	return r.call(ctx, "", sel, request{op: opClear})
}

// AdjRIBOut calls fn for every route in the adj-RIB-out of the selected
// neighbors, neighbor by neighbor in configuration order, routes sorted by
// family and NLRI. fn runs on the caller's goroutine.
func (r *Reactor) AdjRIBOut(ctx context.Context, sel Selector, fn func(n *config.Neighbor, rt config.Route)) error {
	var errs []error
	for _, p := range r.selected("", sel) {
		var routes []config.Route
		err := r.callPeer(ctx, p, request{op: opList, out: &routes})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n := p.neighbor()
		for _, rt := range routes {
			fn(n, rt)
		}
	}
	return errors.Join(errs...)
}

// Watchdog announces (announce true) or withdraws the routes of watchdog
// group name on every neighbor.
func (r *Reactor) Watchdog(ctx context.Context, name string, announce bool) error {
	return r.call(ctx, "", nil, request{op: opWatchdog, name: name, announce: announce})
}

// Sync returns once every established session has packed the changes
// requested before the call and handed the UPDATEs to its writer (a
// session still sending its first batch excepted).
func (r *Reactor) Sync(ctx context.Context) error {
	var errs []error
	for _, p := range r.peerList() {
		if !p.status.established() {
			continue
		}
		if err := r.callPeer(ctx, p, request{op: opSync}); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// callPeer sends req to p's goroutine and waits for the answer. A peer
// whose goroutine ended answers nothing and nil is returned.
func (r *Reactor) callPeer(ctx context.Context, p *peer, req request) error {
	select {
	case <-r.started:
	case <-r.finished:
		return ErrNotRunning
	case <-ctx.Done():
		return ctx.Err()
	}
	req.done = make(chan error, 1)
	select {
	case p.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-p.stopped:
		return nil
	}
	select {
	case err := <-req.done:
		if err != nil {
			return fmt.Errorf("neighbor %s: %w", p.neighbor().PeerAddress, err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// AdjRIBIn calls fn for every route in the adj-RIB-in of the selected
// neighbors ("show adj-rib in"), neighbor by neighbor in configuration
// order, routes sorted by family and NLRI. fn runs on the caller's
// goroutine.
func (r *Reactor) AdjRIBIn(ctx context.Context, sel Selector, fn func(n *config.Neighbor, rt ReceivedRoute)) error {
	var errs []error
	for _, p := range r.selected("", sel) {
		var routes []ReceivedRoute
		if err := r.callPeer(ctx, p, request{op: opListIn, in: &routes}); err != nil {
			errs = append(errs, err)
			continue
		}
		n := p.neighbor()
		for _, rt := range routes {
			fn(n, rt)
		}
	}
	return errors.Join(errs...)
}

// ClearAdjRIBIn empties the adj-RIB-in of the selected neighbors ("clear
// adj-rib in").
func (r *Reactor) ClearAdjRIBIn(ctx context.Context, sel Selector) error {
	return r.call(ctx, "", sel, request{op: opClearIn})
}

// FlushAdjRIBIn empties the adj-RIB-in of the selected neighbors and asks
// each established peer for its table again with a ROUTE-REFRESH per
// negotiated family ("flush adj-rib in").
func (r *Reactor) FlushAdjRIBIn(ctx context.Context, sel Selector) error {
	return r.call(ctx, "", sel, request{op: opFlushIn})
}
