package api

import (
	"context"
	"strings"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// AdjRIBInLister walks the adj-RIB-in of the selected neighbors ("show
// adj-rib in"), calling fn for every received route in a stable order.
type AdjRIBInLister interface {
	AdjRIBIn(ctx context.Context, sel session.Selector, fn func(n *config.Neighbor, r session.ReceivedRoute)) error
}

// AdjRIBInFlusher empties the adj-RIB-in of the selected neighbors ("clear
// adj-rib in") or empties it and asks the peers for their tables again
// ("flush adj-rib in").
type AdjRIBInFlusher interface {
	ClearAdjRIBIn(ctx context.Context, sel session.Selector) error
	FlushAdjRIBIn(ctx context.Context, sel session.Selector) error
}

// receivedText is a received route as ExaBGP 4.2's Change prints it: the
// NLRI with its next hop, and the text of its attributes (each led by a
// space).
func receivedText(rt session.ReceivedRoute) (nlri, attrs string) {
	f := rt.NLRI.Family()
	n := apiNLRI{n: rt.NLRI, fam: f, announced: true, nh: rt.NextHop, addPath: rt.AddPath}
	if isBGPLS(f) {
		if err := n.formatBGPLS(); err != nil {
			return rt.NLRI.String(), ""
		}
	}
	o := codec.Options{ASN4: true}
	pa, err := formatAttributes(rt.Attributes, o, true, nil)
	if err != nil {
		return n.extensive(), ""
	}
	return n.extensive(), pa.text
}

// showAdjRIBIn writes "show adj-rib in [IP] [inet|flow|l2vpn] [extensive]"
// as ExaBGP 4.2: "neighbor IP AFI SAFI NLRI" per route, or with extensive
// the neighbor's name, the family, the NLRI and its attributes.
func (m *Manager) showAdjRIBIn(ctx context.Context, h *helper, line, kind, last string, extensive bool, r reply) {
	lister, ok := m.ctl.(AdjRIBInLister)
	if !ok {
		m.done(r)
		return
	}
	st := m.state()
	ns := m.ribNeighbors(st, last)
	if len(ns) == 0 {
		m.done(r)
		return
	}
	err := lister.AdjRIBIn(ctx, selectorOf(ns), func(n *config.Neighbor, rt session.ReceivedRoute) {
		f := rt.NLRI.Family()
		if !kindHas(kind, f) {
			return
		}
		nlri, attrs := receivedText(rt)
		if extensive {
			r.text(st.name(n) + " " + f.String() + " " + nlri + attrs)
			return
		}
		r.text("neighbor " + n.PeerAddress.String() + " " + f.String() + " " + nlri)
	})
	if err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// ribNeighbors are the neighbors "show adj-rib" lists: all of them for the
// words ExaBGP takes as "every neighbor", else those whose name holds
// "neighbor LAST".
func (m *Manager) ribNeighbors(st *binding, last string) []*config.Neighbor {
	var ns []*config.Neighbor
	for _, n := range st.cfg.Neighbors {
		switch last {
		case "", "routes", "extensive", "static", "flow", "l2vpn", "inet":
		default:
			if !strings.Contains(st.name(n), "neighbor "+last) {
				continue
			}
		}
		ns = append(ns, n)
	}
	return ns
}

// clearAdjRIBIn runs "clear adj-rib in" and "flush adj-rib in" on ns.
func (m *Manager) clearAdjRIBIn(ctx context.Context, h *helper, line string, ns []*config.Neighbor, flush bool, r reply) {
	fl, ok := m.ctl.(AdjRIBInFlusher)
	if !ok {
		m.done(r)
		return
	}
	var err error
	if flush {
		err = fl.FlushAdjRIBIn(ctx, selectorOf(ns))
	} else {
		err = fl.ClearAdjRIBIn(ctx, selectorOf(ns))
	}
	if err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}
