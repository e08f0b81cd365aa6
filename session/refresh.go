package session

import (
	"cmp"
	"slices"

	"github.com/exago/exago/codec"
)

// Route refresh (RFC 2918) and enhanced route refresh (RFC 7313), answered
// from the adj-RIB-out as ExaBGP does.

// enhancedRefresh reports whether both OPENs announced enhanced route
// refresh.
func (p *peer) enhancedRefresh() bool {
	return p.lo != nil && p.ro != nil && p.lo.enhanced && p.ro.enhanced
}

// onRefresh answers a ROUTE-REFRESH from the peer. A request (subtype 0)
// for a negotiated family sends that family's routes again; with enhanced
// route refresh they go between a BoRR and an EoRR: "the BGP speaker MUST
// send a BoRR message ... followed by the [routes] ... followed by an EoRR
// message" (RFC 7313 section 4). A BoRR from the peer marks the family's
// routes of the adj-RIB-in stale, its EoRR drops those not announced
// again (rib_in_stale.go).
func (p *peer) onRefresh(raw []byte) error {
	m, err := codec.DecodeMessage(raw, p.recvOptions())
	if err != nil {
		return readError(err)
	}
	rr, ok := m.(codec.RouteRefresh)
	if !ok || !slices.Contains(p.ng.families, rr.Family) {
		return nil
	}
	switch rr.Subtype {
	case codec.RefreshBegin:
		p.ribIn.markStale(rr.Family)
		return nil
	case codec.RefreshEnd:
		p.ribIn.sweepStale(rr.Family)
		return nil
	case codec.RefreshRequest:
	default:
		return nil
	}
	// what is pending goes first, so that the refreshed table is whole
	// between the markers
	if err := p.flush(); err != nil {
		return err
	}
	if p.enhancedRefresh() {
		// flushCarry frames what it packs with BoRR and EoRR
		p.refreshing = append(p.refreshing, rr.Family)
	}
	p.rib.resendFamily(rr.Family)
	if err := p.flush(); err != nil {
		return err
	}
	return p.pk.done()
}

// resendFamily queues every route of family f again, as resendAll does
// for every family.
func (r *adjRIBOut) resendFamily(f codec.Family) {
	type kv struct {
		key  nlriKey
		attr uint32
	}
	var all []kv
	r.routes.each(func(k nlriKey, e ribEntry) {
		if e.attr != 0 && keyFamily(k) == f {
			all = append(all, kv{k, e.attr})
		}
	})
	slices.SortFunc(all, func(a, b kv) int {
		if c := cmp.Compare(a.attr, b.attr); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	for _, x := range all {
		r.queueKey(x.key, x.attr)
	}
}
