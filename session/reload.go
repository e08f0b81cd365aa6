package session

import (
	"context"
	"errors"
	"net/netip"
	"reflect"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// Reload switches the reactor to cfg, as ExaBGP does on SIGUSR1 (or
// "reload"): neighbors are matched by peer and local address; a matched
// neighbor whose session settings changed is torn down (Cease, peer
// de-configured) and comes back with the new ones; for every matched
// neighbor the static routes gone from the configuration are withdrawn,
// the new ones announced and (ExaBGP 4.2, see
// config.Generation.ReloadDifference) the whole adj-RIB-out sent again; neighbors
// no longer configured are stopped (Cease) and new ones started.
func (r *Reactor) Reload(ctx context.Context, cfg *config.Config) error {
	select {
	case <-r.finished:
		return ErrNotRunning
	default:
	}
	type job struct {
		p *peer
		n *config.Neighbor
	}
	var jobs []job
	r.mu.Lock()
	old := map[neighborKey]*peer{}
	for _, p := range r.peers {
		old[keyOfPeer(p)] = p
	}
	var peers []*peer
	for _, cn := range cfg.Neighbors {
		for _, s := range r.peerSpecs(cn) {
			n := s.n
			k := keyOf(n)
			k.family = s.family
			if p, ok := old[k]; ok {
				delete(old, k)
				if p.isSplit() {
					p.origin.Store(cn)
				}
				peers = append(peers, p)
				jobs = append(jobs, job{p, n})
				continue
			}
			p := newSplitPeer(r, s)
			peers = append(peers, p)
			if r.runCtx != nil {
				r.start(p)
			}
		}
	}
	for _, p := range old {
		if p.cancel != nil {
			p.cancel()
		}
	}
	r.peers = peers
	r.cfg = cfg
	r.mu.Unlock()

	var errs []error
	for _, j := range jobs {
		if r.runCtx == nil {
			// not running yet: the goroutine will start with the new
			// configuration
			j.p.reload(j.n)
			continue
		}
		if err := r.callPeer(ctx, j.p, request{op: opReload, neighbor: j.n}); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// neighborKey identifies a neighbor across configurations.
type neighborKey struct {
	peer, local netip.Addr
	// family is the family of one session of a split multi-session
	// neighbor (multisession_split.go), zero otherwise.
	family codec.Family
}

func keyOf(n *config.Neighbor) neighborKey {
	return neighborKey{peer: n.PeerAddress, local: n.LocalAddress}
}

// reload makes n the peer's configuration (see Reactor.Reload). The
// difference is worked out against the adj-RIB-out (rib_reload.go), not
// against the previous configuration, whose routes are no longer held;
// n's routes are dropped from n once they are in the adj-RIB-out.
func (p *peer) reload(n *config.Neighbor) error {
	old := p.n
	for i := range n.Routes {
		p.rib.markSeen(&n.Routes[i])
	}
	p.dropWatchdogs(n.Routes)
	p.rib.withdrawUnseen(true)
	var err error
	for i := range n.Routes {
		if e := p.announceStatic(&n.Routes[i], true); e != nil && err == nil {
			err = e
		}
	}
	// the routes are in the adj-RIB-out now: the model's copy goes before
	// the whole adj-RIB-out is queued again below
	n.Routes = nil
	if p.up() && !p.r.env.Generation.ReloadDifference {
		// 4.2 sends the whole adj-RIB-out again; 5.0 only what changed
		p.rib.resendAll()
	}
	if p.conn != nil && sessionChanged(old, n) {
		p.teardown = ceaseDeconfigured
	}
	p.n = n
	p.shared.Store(n)
	return err
}

// dropWatchdogs forgets the configured routes of the watchdog groups that
// routes, the new configuration, no longer has (withdrawing them when
// announced).
func (p *peer) dropWatchdogs(routes []config.Route) {
	var keep map[nlriKey]bool
	for _, g := range p.watchdogs {
		for k, w := range g {
			if !w.static {
				continue
			}
			if keep == nil {
				// only when watchdogs hold configured routes
				keep = map[nlriKey]bool{}
				for i := range routes {
					if kb, err := makeKey(nil, routes[i].NLRI); err == nil {
						keep[nlriKey(kb)] = true
					}
				}
			}
			if keep[k] {
				continue
			}
			delete(g, k)
			if err := p.rib.update(&w.route, true, true); err != nil {
				p.log.Warn("watchdog route not withdrawn", "error", err)
			}
		}
	}
}

// sessionChanged reports whether a and b differ in what the session
// depends on (anything but routes, API bindings and descriptions).
func sessionChanged(a, b *config.Neighbor) bool {
	ca, cb := *a, *b
	for _, c := range []*config.Neighbor{&ca, &cb} {
		c.Routes, c.APIs, c.Description, c.Pos = nil, nil, "", config.Position{}
	}
	return !reflect.DeepEqual(ca, cb)
}
