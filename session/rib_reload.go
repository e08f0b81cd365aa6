package session

import (
	"cmp"
	"slices"

	"github.com/exago/exago/config"
)

// A reload is worked out against the adj-RIB-out itself rather than
// against the previous configuration, which is not kept once the routes
// are in the adj-RIB-out: the routes of the new configuration already
// announced are marked seen (markSeen), the configured routes left
// unmarked are withdrawn (withdrawUnseen), then the new configuration is
// announced (updateStatic), which changes nothing for a route announced
// with the same attributes.

// markSeen marks the configured route of rt's NLRI, if there is one, as
// still configured.
func (r *adjRIBOut) markSeen(rt *config.Route) {
	kb, err := makeKey(r.keyBuf, rt.NLRI)
	if err != nil {
		return
	}
	r.keyBuf = kb
	slot := r.routes.slot(kb)
	if e, ok := r.routes.load(&slot); ok && e.flags()&entryStatic != 0 && e.flags()&entrySeen == 0 {
		e.seq |= entrySeen
		r.routes.store(&slot, e)
	}
}

// withdrawUnseen withdraws, in key order, the configured routes not
// marked by markSeen, clears the marks, and returns how many it withdrew.
func (r *adjRIBOut) withdrawUnseen(track bool) int {
	type stale struct {
		key  nlriKey
		attr uint32
	}
	var gone []stale
	sweep := func(k func() nlriKey, e *ribEntry) bool {
		if e.flags()&entryStatic == 0 {
			return false
		}
		if e.flags()&entrySeen != 0 {
			e.seq &^= entrySeen
			return true
		}
		if e.attr != 0 {
			gone = append(gone, stale{k(), e.attr})
		}
		return false
	}
	for v, e := range r.routes.v4 {
		if sweep(func() nlriKey { return nlriKey(v.appendTo(nil)) }, &e) {
			r.routes.v4[v] = e
		}
	}
	for sk, e := range r.routes.short {
		if sweep(func() nlriKey { return nlriKey(sk.b[:sk.n]) }, &e) {
			r.routes.short[sk] = e
		}
	}
	for k, e := range r.routes.long {
		if sweep(func() nlriKey { return k }, &e) {
			r.routes.long[k] = e
		}
	}
	slices.SortFunc(gone, func(a, b stale) int { return cmp.Compare(a.key, b.key) })
	for _, g := range gone {
		r.apply([]byte(g.key), g.attr, true, track, false)
	}
	return len(gone)
}
