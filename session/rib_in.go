package session

import (
	"slices"
	"sync/atomic"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// adjRIBIn holds the routes a neighbor announced to us (ExaBGP's incoming
// RIB, kept when "adj-rib-in" is on): per NLRI the interned attribute set
// it was last announced with. Storage is that of the adj-RIB-out: a
// routeMap keyed by nlriKey (short keys inline, no pointer per route) and
// attribute sets shared by every route announced with them.
type adjRIBIn struct {
	attrs  *attrTable
	routes routeMap
	// addPath lists the families whose NLRI came with a path identifier,
	// as negotiated for the session that filled the RIB.
	addPath map[codec.Family]bool
	keyBuf  []byte
	// size counts the routes held, kept on every insert and delete for
	// readers on other goroutines (Reactor.Stats).
	size atomic.Int64
}

func newAdjRIBIn() *adjRIBIn {
	return &adjRIBIn{attrs: newAttrTable(), routes: newRouteMap()}
}

// len is the number of routes held.
func (r *adjRIBIn) len() int { return r.routes.count() }

// clear drops every route.
func (r *adjRIBIn) clear() {
	if r.routes.count() == 0 {
		return
	}
	r.attrs = newAttrTable()
	r.routes = newRouteMap()
	r.size.Store(0)
}

// apply records what UPDATE u announces and withdraws. u must already be
// in its treat-as-withdraw form when RFC 7606 says so. As in ExaBGP, an
// NLRI listed twice (an IPv6 next hop with its link-local address) keeps
// the last next hop.
func (r *adjRIBIn) apply(u *codec.Update, o codec.Options) error {
	for _, n := range u.Withdrawn {
		r.remove(n)
	}
	var plain []codec.Attribute
	var nh codec.NextHop
	hasNH := false
	for _, a := range u.Attributes {
		switch v := a.(type) {
		case codec.MPUnreach:
			for _, n := range v.NLRI {
				r.remove(n)
			}
		case codec.NextHop:
			nh, hasNH = v, true
		case codec.MPReach:
		default:
			plain = append(plain, a)
		}
	}
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	if len(u.NLRI) > 0 {
		rt := config.Route{Attributes: plain}
		if hasNH {
			rt.NextHop = nh.Addr()
		}
		keep(r.add(&rt, u.NLRI, o.HasAddPath(codec.IPv4Unicast)))
	}
	for _, a := range u.Attributes {
		m, ok := a.(codec.MPReach)
		if !ok || len(m.NLRI) == 0 {
			continue
		}
		rt := config.Route{Attributes: plain, NextHop: m.NextHop}
		if m.LinkLocal.IsValid() {
			rt.NextHop = m.LinkLocal
		}
		keep(r.add(&rt, m.NLRI, o.HasAddPath(m.Family)))
	}
	return first
}

// add records ns as announced with rt's next hop and attributes.
func (r *adjRIBIn) add(rt *config.Route, ns []codec.NLRI, addPath bool) error {
	if len(ns) == 0 {
		return nil
	}
	if addPath {
		if r.addPath == nil {
			r.addPath = map[codec.Family]bool{}
		}
		r.addPath[ns[0].Family()] = true
	}
	attr, err := r.attrs.intern(rt)
	if err != nil {
		return err
	}
	r.attrs.ref(attr) // held while the NLRI are added
	defer r.attrs.unref(attr)
	var first error
	for _, n := range ns {
		kb, err := makeKey(r.keyBuf, n)
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		r.keyBuf = kb
		slot := r.routes.slot(kb)
		e, known := r.routes.load(&slot)
		if known && e.attr == attr {
			if e.seq == staleMark {
				r.routes.store(&slot, ribEntry{attr: attr})
			}
			continue
		}
		r.attrs.ref(attr)
		if known {
			r.attrs.unref(e.attr)
		} else {
			r.size.Add(1)
		}
		r.routes.store(&slot, ribEntry{attr: attr})
	}
	return first
}

// remove drops NLRI n.
func (r *adjRIBIn) remove(n codec.NLRI) {
	kb, err := makeKey(r.keyBuf, n)
	if err != nil {
		return
	}
	r.keyBuf = kb
	slot := r.routes.slot(kb)
	e, known := r.routes.load(&slot)
	if !known {
		return
	}
	r.routes.drop(&slot)
	r.size.Add(-1)
	r.attrs.unref(e.attr)
}

// ReceivedRoute is a route of a neighbor's adj-RIB-in.
type ReceivedRoute struct {
	config.Route
	// AddPath is set when the NLRI of its family carry a path identifier.
	AddPath bool
}

// routesIn rebuilds the routes held, sorted by family and NLRI.
func (r *adjRIBIn) routesIn() []ReceivedRoute {
	keys := make([]nlriKey, 0, r.routes.count())
	r.routes.each(func(k nlriKey, _ ribEntry) { keys = append(keys, k) })
	slices.Sort(keys)
	out := make([]ReceivedRoute, 0, len(keys))
	for _, k := range keys {
		f := keyFamily(k)
		n, _, err := codec.DecodeNLRI(f, []byte(k[keyHeader:]), k[3] == 1)
		if err != nil {
			continue
		}
		e, _ := get(&r.routes, k)
		s := r.attrs.sets[e.attr]
		out = append(out, ReceivedRoute{
			Route:   config.Route{NLRI: n, NextHop: s.nextHop, Attributes: s.attrs},
			AddPath: r.addPath[f],
		})
	}
	return out
}

// refreshAll asks the peer for its whole table again ("flush adj-rib
// in"): a ROUTE-REFRESH per negotiated family, when the session is up.
func (p *peer) refreshAll() error {
	if !p.up() {
		return nil
	}
	for _, f := range p.ng.families {
		b, err := codec.AppendMessage(nil, codec.RouteRefresh{Family: f}, codec.Options{})
		if err == nil {
			err = p.sendMessage(b)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// learn records a received UPDATE in the adj-RIB-in when it is on.
func (p *peer) learn(u *codec.Update) {
	if !p.n.AdjRIBIn || !p.up() {
		// an UPDATE before Established is an FSM error, not a route
		return
	}
	if f, ok := u.EOR(); ok {
		// the end of the table after a graceful restart
		p.ribIn.sweepStale(f)
		p.staleSwept()
		return
	}
	if err := p.ribIn.apply(u, p.recvOptions()); err != nil {
		p.log.Debug("adj-rib-in", "error", err)
	}
}

// receivedRoutes is the adj-RIB-in, empty when adj-rib-in is off.
func (p *peer) receivedRoutes() []ReceivedRoute {
	if !p.n.AdjRIBIn {
		return nil
	}
	return p.ribIn.routesIn()
}
