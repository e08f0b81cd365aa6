package session

import (
	"time"

	"github.com/exago/exago/codec"
)

// The receiving speaker's clocks of graceful restart (RFC 4724 section
// 4.2) over the adj-RIB-in's stale routes (rib_in_stale.go):
//
//   - when the session of a peer that advertised graceful restart ends,
//     its routes of the families listed in its capability are kept and
//     marked stale, the others go ("it MUST retain the routes received
//     from the peer for all the address families that were previously
//     received in the Graceful Restart Capability"); "If the session does
//     not get re-established within the "Restart Time" that the peer
//     advertised previously, the Receiving Speaker MUST delete all the
//     stale routes from the peer";
//   - once the session is back, the stale routes of a family go with the
//     peer's End-of-RIB for it, those of families its new capability does
//     not list at once ("MUST immediately remove all the stale routes from
//     the peer for that address family"), and the rest when the stale
//     timer ends ("the Receiving Speaker MAY use a (configurable) timer to
//     limit the time period for which the stale routes are retained"):
//     Env.GRStaleTime, defaultGRStaleTime when unset.
//
// ExaBGP 4.2 has no such clocks: it keeps its incoming RIB after a session
// ends and clears it when the next one comes up, and never reports
// adj-RIB-in changes to its helpers (they only hear the UPDATEs the peer
// sent). exago drops expired stale routes the same silent way: helpers
// are told nothing, "show adj-rib in" no longer lists them.
//
// A timer fires in its own goroutine; it hands the expiry to the peer's
// goroutine as an opStaleExpire request carrying the arming's number, so
// that an expiry raced by a newer arming (or a stop) is ignored.

// defaultGRStaleTime bounds the stale routes after the session is back
// when Env.GRStaleTime is not set (the usual stale-path time of routers).
const defaultGRStaleTime = 360 * time.Second

// grStale is a peer's graceful restart clock.
type grStale struct {
	timer *time.Timer
	// armed numbers the armings; a request from an older one is ignored.
	armed uint64
	// restarting is set from the end of a session to the next one up:
	// a connection failing before it is up does not restart the clock.
	restarting bool
}

// staleTime is the bound on stale routes after the session is back.
func (p *peer) staleTime() time.Duration {
	if p.r.env.GRStaleTime > 0 {
		return p.r.env.GRStaleTime
	}
	return defaultGRStaleTime
}

// staleSessionEnded runs when a session with graceful restart negotiated
// ends: the routes of the families the peer listed stay, stale, for its
// restart time; the others go now.
func (p *peer) staleSessionEnded(gr *codec.CapGracefulRestart) {
	if p.gr.restarting && p.gr.timer != nil {
		return // the restart time runs from the end of the last session up
	}
	p.gr.restarting = true
	if p.ribIn.len() == 0 {
		p.staleStop()
		return
	}
	p.ribIn.markStale()
	var keep []codec.Family
	if gr != nil {
		for _, f := range gr.Families {
			keep = append(keep, f.Family)
		}
	}
	for _, f := range p.ribIn.staleFamilies() {
		if !containsFamily(keep, f) {
			p.ribIn.sweepStale(f)
		}
	}
	var d time.Duration
	if gr != nil {
		d = time.Duration(gr.Time) * time.Second
	}
	p.log.Debug("graceful restart: stale routes kept", "routes", p.ribIn.len(), "restart", d)
	p.staleArm(d, "restart time")
}

// staleSessionUp runs when a session with graceful restart negotiated
// comes up: stale routes of families the peer no longer lists go, the
// others wait for their End-of-RIB, at most staleTime.
func (p *peer) staleSessionUp(gr *codec.CapGracefulRestart) {
	p.gr.restarting = false
	var keep []codec.Family
	if gr != nil {
		for _, f := range gr.Families {
			keep = append(keep, f.Family)
		}
	}
	for _, f := range p.ribIn.staleFamilies() {
		if !containsFamily(keep, f) {
			p.ribIn.sweepStale(f)
		}
	}
	p.staleArm(p.staleTime(), "stale time")
}

// staleSwept runs after the stale routes of a family went (End-of-RIB):
// the clock stops when none is left.
func (p *peer) staleSwept() {
	if len(p.ribIn.staleFamilies()) == 0 {
		p.staleStop()
	}
}

// staleArm (re)starts the clock for d; at its end every stale route goes.
// With nothing stale the clock stops instead; with d zero they go now.
func (p *peer) staleArm(d time.Duration, why string) {
	p.staleStop()
	if len(p.ribIn.staleFamilies()) == 0 {
		return
	}
	if d <= 0 {
		p.staleExpired(p.gr.armed, why)
		return
	}
	armed := p.gr.armed
	reqs, stopped := p.reqs, p.stopped
	p.gr.timer = time.AfterFunc(d, func() {
		req := request{op: opStaleExpire, armed: armed, name: why, done: make(chan error, 1)}
		select {
		case reqs <- req:
		case <-stopped:
		}
	})
}

// staleStop stops the clock; an expiry already on its way is ignored.
func (p *peer) staleStop() {
	p.gr.armed++
	if p.gr.timer != nil {
		p.gr.timer.Stop()
		p.gr.timer = nil
	}
}

// staleExpired drops every stale route, unless the clock was re-armed or
// stopped since armed.
func (p *peer) staleExpired(armed uint64, why string) {
	if armed != p.gr.armed {
		return
	}
	before := p.ribIn.len()
	for _, f := range p.ribIn.staleFamilies() {
		p.ribIn.sweepStale(f)
	}
	p.gr.timer = nil
	p.log.Info("graceful restart: stale routes deleted", "reason", why+" expired", "routes", before-p.ribIn.len())
}

// staleFamilies lists the families that have stale routes.
func (r *adjRIBIn) staleFamilies() []codec.Family {
	var fs []codec.Family
	r.routes.each(func(k nlriKey, e ribEntry) {
		if e.seq == staleMark {
			if f := keyFamily(k); !containsFamily(fs, f) {
				fs = append(fs, f)
			}
		}
	})
	return fs
}
