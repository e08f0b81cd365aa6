package session

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"sync/atomic"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// nlriKey is the RIB key of one NLRI: AFI (2 bytes), SAFI, a byte saying
// whether a 4-byte path identifier follows, then the NLRI wire encoding
// with the path identifier. It sorts the way ExaBGP sorts NLRI inside an
// UPDATE (family, path id, prefix length, prefix).
type nlriKey = string

const keyHeader = 4

// makeKey returns the RIB key of n.
func makeKey(buf []byte, n codec.NLRI) ([]byte, error) {
	f := n.Family()
	b := append(buf[:0], byte(f.AFI>>8), byte(f.AFI), byte(f.SAFI), 1)
	if p, ok := n.(codec.Prefix); ok {
		// the common case: no interface call, no second encoding
		with, err := p.AppendNLRI(b, true)
		if err != nil {
			return buf, fmt.Errorf("encode nlri %s: %w", n, err)
		}
		return with, nil
	}
	with, err := n.AppendNLRI(b, true)
	if err != nil {
		return buf, fmt.Errorf("encode nlri %s: %w", n, err)
	}
	plain, err := n.AppendNLRI(nil, false)
	if err != nil {
		return buf, fmt.Errorf("encode nlri %s: %w", n, err)
	}
	if len(with)-keyHeader != len(plain)+4 {
		// no path identifier for this family
		with = append(with[:keyHeader], plain...)
		with[3] = 0
	}
	return with, nil
}

func keyFamily(k nlriKey) codec.Family {
	return codec.Family{AFI: codec.AFI(uint16(k[0])<<8 | uint16(k[1])), SAFI: codec.SAFI(k[2])}
}

// appendKeyNLRI appends the wire NLRI of key k, with its path identifier
// when addPath is set.
func appendKeyNLRI(b []byte, k nlriKey, addPath bool) []byte {
	if k[3] == 1 && !addPath {
		return append(b, k[keyHeader+4:]...)
	}
	if k[3] == 0 && addPath {
		b = append(b, 0, 0, 0, 0)
	}
	return append(b, k[keyHeader:]...)
}

// group gathers the pending changes of one attribute set and family, in
// the order they were made, as ExaBGP's outgoing RIB does.
type group struct {
	attr    uint32
	family  codec.Family
	changes []change // dead entries were superseded
	// long holds the keys of the changes that are not IPv4 unicast
	// (change.v4 is their index).
	long []nlriKey
	live int
}

type groupKey struct {
	attr   uint32
	family codec.Family
}

// ribEntry is what the RIB keeps per NLRI, 8 bytes: the attribute set
// announced (0 when the NLRI is not announced but has a pending
// withdrawal) and, in seq, two flags and the sequence number of its latest
// pending change. Where the change is lives in the RIB's pending list
// (adjRIBOut.pend), held only while changes are pending, not in every
// entry for the RIB's life. The adj-RIB-in uses seq for its stale mark.
type ribEntry struct {
	attr uint32
	seq  uint32
}

// Flags of a ribEntry, in the top bits of seq.
const (
	// entryStatic marks a route of the configuration: a reload that no
	// longer has it withdraws it.
	entryStatic uint32 = 1 << 31
	// entrySeen marks, during a reload, a configured route the new
	// configuration still has.
	entrySeen uint32 = 1 << 30
	// seqMask keeps the sequence number of seq.
	seqMask = entrySeen - 1
)

// flags are the flags of e.
func (e ribEntry) flags() uint32 { return e.seq &^ seqMask }

// setSeq sets the sequence number of e, keeping its flags.
func (e *ribEntry) setSeq(n uint32) { e.seq = e.seq&^seqMask | n }

// adjRIBOut holds the routes announced to one neighbor and the changes
// not sent yet. Routes refer to interned attribute sets by index.
type adjRIBOut struct {
	attrs  *attrTable
	routes routeMap

	// pend says where the pending changes are: the latest pending change
	// of an entry whose sequence number is base+i+1 is at pend[i]; an
	// entry with a smaller number has none (see pendingAt).
	pend    []pendingPos
	base    uint32
	groups  []*group
	byGroup map[groupKey]uint32
	pending int
	lastGK  groupKey
	lastGI  uint32
	// multi lists, for the few NLRI with several pending changes, where
	// the changes other than the latest are.
	multi map[nlriKey][]pendingPos

	// size counts the NLRI announced, for readers on other goroutines.
	size atomic.Int64

	keyBuf []byte
	// sizeHint, when set, is the capacity given to the next group made:
	// the number of routes about to be queued (reserve).
	sizeHint int
	// self is the local address of the established session, invalid
	// without one; "next-hop self" stands for it.
	self netip.Addr
}

func newAdjRIBOut() *adjRIBOut { return newPooledAdjRIBOut(nil) }

// newPooledAdjRIBOut is an adj-RIB-out whose attribute sets are interned
// in pool, shared with the other neighbors (nil: its own).
func newPooledAdjRIBOut(pool *attrPool) *adjRIBOut {
	return &adjRIBOut{
		attrs:   newPooledAttrTable(pool),
		routes:  newRouteMap(),
		byGroup: make(map[groupKey]uint32),
	}
}

// reserve sizes an empty RIB for n IPv4 unicast routes (a neighbor's
// configured routes), sparing the map its successive growths.
func (r *adjRIBOut) reserve(n int) {
	if r.routes.count() == 0 && n > 0 {
		r.routes.v4 = make(map[v4Key]ribEntry, n)
		r.sizeHint = n
		r.pend = slices.Grow(r.pend, n)
	}
}

// hasPending reports whether changes wait to be sent.
func (r *adjRIBOut) hasPending() bool { return r.pending > 0 }

// len is the number of routes announced.
func (r *adjRIBOut) len() int {
	n := 0
	r.routes.each(func(_ nlriKey, e ribEntry) {
		if e.attr != 0 {
			n++
		}
	})
	return n
}

// update records an announce (or a withdraw) of route and, when track is
// set, queues the change to be sent. Announcing a route again with the same
// attributes changes nothing.
func (r *adjRIBOut) update(rt *config.Route, withdraw, track bool) error {
	return r.updateRoute(rt, withdraw, track, false)
}

// updateStatic announces route as update does and marks it as a route of
// the configuration (see withdrawUnseen).
func (r *adjRIBOut) updateStatic(rt *config.Route, track bool) error {
	return r.updateRoute(rt, false, track, true)
}

func (r *adjRIBOut) updateRoute(rt *config.Route, withdraw, track, static bool) error {
	if v, ok := prefixV4Key(rt.NLRI); ok {
		// the bulk of large batches: the key without its bytes
		attr, err := r.attrs.intern(rt)
		if err != nil {
			return fmt.Errorf("route %s: %w", rt.NLRI, err)
		}
		slot := routeSlot{kind: slotV4, v: v}
		r.applySlot(nil, &slot, attr, withdraw, track, static)
		return nil
	}
	kb, err := makeKey(r.keyBuf, rt.NLRI)
	if err != nil {
		return err
	}
	r.keyBuf = kb
	attr, err := r.attrs.intern(rt)
	if err != nil {
		return fmt.Errorf("route %s: %w", rt.NLRI, err)
	}
	r.apply(kb, attr, withdraw, track, static)
	return nil
}

// prefixV4Key returns the key of n when it is an IPv4 unicast prefix
// with no path identifier (the key makeKey makes, as a v4Key).
func prefixV4Key(n codec.NLRI) (v4Key, bool) {
	p, ok := n.(codec.Prefix)
	if !ok || p.Fam != codec.IPv4Unicast || p.PathID != 0 || !p.Prefix.IsValid() || !p.Prefix.Addr().Is4() {
		return 0, false
	}
	bits := p.Prefix.Bits()
	a := p.Prefix.Addr().As4()
	addr := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	// the key holds the leading whole bytes the prefix length covers
	addr &= ^uint32(0) << (32 - 8*((bits+7)/8))
	return makeV4Key(addr, uint8(bits), true), true
}

// apply is update for the route of key kb with the interned set attr.
func (r *adjRIBOut) apply(kb []byte, attr uint32, withdraw, track, static bool) {
	slot := r.routes.slot(kb)
	r.applySlot(kb, &slot, attr, withdraw, track, static)
}

// applySlot is apply for the key in slot; kb, its bytes, may be nil for
// an IPv4 unicast key.
func (r *adjRIBOut) applySlot(kb []byte, slot *routeSlot, attr uint32, withdraw, track, static bool) {
	e, known := r.routes.load(slot)
	if !withdraw && static && e.flags()&entryStatic == 0 {
		e.seq |= entryStatic
		if e.attr == attr {
			r.routes.store(slot, e)
		}
	}
	if !withdraw && e.attr == attr {
		return
	}
	if !withdraw && e.attr != 0 && r.attrs.sameResolved(e.attr, attr, r.self) {
		// "next-hop self" and the address it stands for: nothing to send
		r.attrs.ref(attr)
		r.attrs.unref(e.attr)
		e.attr = attr
		r.routes.store(slot, e)
		return
	}
	if withdraw && !track && e.attr == 0 {
		return
	}
	r.attrs.ref(attr) // held while the change is applied
	old := e.attr
	if withdraw {
		e.attr = 0
		e.seq &= seqMask
	} else {
		r.attrs.ref(attr)
		e.attr = attr
	}
	if old != 0 {
		r.attrs.unref(old)
	}
	switch {
	case old == 0 && e.attr != 0:
		r.size.Add(1)
	case old != 0 && e.attr == 0:
		r.size.Add(-1)
	}
	if track {
		r.queue(kb, slot, &e, attr, withdraw)
	} else {
		r.unqueue(&e)
	}
	if e.attr == 0 && r.pendingAt(e) < 0 {
		if known {
			r.routes.drop(slot)
		}
	} else {
		r.routes.store(slot, e)
	}
	r.attrs.unref(attr)
}

// unqueue drops the pending change of entry e, if any.
func (r *adjRIBOut) unqueue(e *ribEntry) {
	i := r.pendingAt(*e)
	if i < 0 {
		return
	}
	at := r.pend[i]
	g := r.groups[at.group]
	old := g.changes[at.pos]
	g.changes[at.pos].kind = changeDead
	g.live--
	r.pending--
	r.attrs.unref(old.attr)
	e.setSeq(0)
}

// pendingAt returns the index in r.pend of the latest pending change of
// e, -1 when e has none.
func (r *adjRIBOut) pendingAt(e ribEntry) int {
	n := e.seq & seqMask
	if n <= r.base || n > r.base+uint32(len(r.pend)) {
		return -1
	}
	return int(n - r.base - 1)
}

// setLatest records that the latest pending change of e is at.
func (r *adjRIBOut) setLatest(e *ribEntry, at pendingPos) {
	r.pend = append(r.pend, at)
	e.setSeq(r.base + uint32(len(r.pend)))
}

// queue adds a change of key to the pending changes the way ExaBGP's
// outgoing RIB does, where each group is a dict keyed by NLRI: a change
// for a group that already holds one for the NLRI replaces it in place; a
// withdrawal first removes the latest pending change of the NLRI; an
// announce with other attributes leaves the earlier change pending in its
// group (both are sent). kb is the key, s its slot and e its entry,
// updated.
func (r *adjRIBOut) queue(kb []byte, s *routeSlot, e *ribEntry, attr uint32, withdraw bool) {
	if kb == nil && len(r.multi) > 0 {
		kb = r.slotKey(s)
	}
	fam := codec.IPv4Unicast
	if s.kind != slotV4 {
		fam = keyFamily(nlriKey(kb))
	}
	gk := groupKey{attr: attr, family: fam}
	gi, ok := r.lastGI, r.lastGK == gk && len(r.groups) > 0
	if !ok {
		if gi, ok = r.byGroup[gk]; !ok {
			gi = uint32(len(r.groups))
			r.byGroup[gk] = gi
			r.groups = append(r.groups, &group{attr: attr, family: gk.family, changes: make([]change, 0, r.sizeHint)})
			r.sizeHint = 0
		}
		r.lastGK, r.lastGI = gk, gi
	}
	g := r.groups[gi]
	r.attrs.ref(attr)
	c := g.newChange(s, kb, attr, withdraw)
	latest := r.pendingAt(*e)
	if latest >= 0 {
		if withdraw {
			r.unqueue(e)
			latest = -1
		} else if at := r.pend[latest]; at.group == gi {
			r.attrs.unref(g.changes[at.pos].attr)
			g.changes[at.pos] = c
			return
		}
	}
	older := r.multi[string(kb)]
	for i, o := range older {
		if o.group != gi {
			continue
		}
		// the group already holds a change of key: replace it in place
		r.attrs.unref(g.changes[o.pos].attr)
		g.changes[o.pos] = c
		older = slices.Delete(older, i, i+1)
		if latest >= 0 {
			older = append(older, r.pend[latest])
		}
		r.setOlder(kb, older)
		r.setLatest(e, pendingPos{gi, o.pos})
		return
	}
	if latest >= 0 {
		// the latest change stays pending in its group
		if kb == nil {
			kb = r.slotKey(s)
		}
		r.setOlder(kb, append(older, r.pend[latest]))
	}
	r.setLatest(e, pendingPos{gi, uint32(len(g.changes))})
	g.changes = append(g.changes, c)
	g.live++
	r.pending++
}

// slotKey returns the key bytes of slot s, of an IPv4 unicast key, in
// r.keyBuf.
func (r *adjRIBOut) slotKey(s *routeSlot) []byte {
	r.keyBuf = s.v.appendTo(r.keyBuf[:0])
	return r.keyBuf
}

// pendingPos is where a pending change is.
type pendingPos struct {
	group, pos uint32
}

func (r *adjRIBOut) setOlder(kb []byte, older []pendingPos) {
	if len(older) == 0 {
		delete(r.multi, string(kb))
		return
	}
	if r.multi == nil {
		r.multi = map[nlriKey][]pendingPos{}
	}
	r.multi[string(kb)] = older
}

// takePending returns the pending groups and starts a new batch.
func (r *adjRIBOut) takePending() []*group {
	gs := r.groups
	for _, g := range gs {
		for _, c := range g.changes {
			if c.withdraw && c.live() {
				s := g.slot(&c)
				if e, ok := r.routes.load(&s); ok && e.attr == 0 {
					r.routes.drop(&s)
				}
			}
		}
	}
	r.groups = nil
	clear(r.byGroup)
	r.multi = nil
	r.pending = 0
	r.base += uint32(len(r.pend))
	if cap(r.pend) > maxKeptPend {
		r.pend = nil // a burst's list is not kept for the session's life
	} else {
		r.pend = r.pend[:0]
	}
	if r.base > seqMask/2 {
		r.renumber()
	}
	return gs
}

// maxKeptPend is the largest pending list kept between batches.
const maxKeptPend = 1 << 16

// renumber starts the sequence numbers again from 0 once they ran through
// half their range (after a billion changes): no entry has a pending
// change then.
func (r *adjRIBOut) renumber() {
	for v, e := range r.routes.v4 {
		e.setSeq(0)
		r.routes.v4[v] = e
	}
	for k, e := range r.routes.short {
		e.setSeq(0)
		r.routes.short[k] = e
	}
	for k, e := range r.routes.long {
		e.setSeq(0)
		r.routes.long[k] = e
	}
	r.base = 0
}

// requeue queues again, in the current batch, the announce c taken with
// the previous one and not sent (the packer's carry).
func (r *adjRIBOut) requeue(t tailChange) {
	c := t.c
	s := t.g.slot(&c)
	e, ok := r.routes.load(&s)
	if !ok || e.attr != c.attr || r.pendingAt(e) >= 0 {
		return // changed since: the new change is queued already
	}
	r.keyBuf = t.g.appendKey(r.keyBuf[:0], &c)
	r.queue(r.keyBuf, &s, &e, c.attr, false)
	r.routes.store(&s, e)
}

// queueKey queues the announce of the known route of key with the
// attribute set attr.
func (r *adjRIBOut) queueKey(key nlriKey, attr uint32) {
	r.keyBuf = append(r.keyBuf[:0], key...)
	s := slotOf(r.keyBuf)
	e, _ := r.routes.load(&s)
	r.queue(r.keyBuf, &s, &e, attr, false)
	r.routes.store(&s, e)
}

// release drops the references the changes of gs hold.
func (r *adjRIBOut) release(gs []*group) {
	for _, g := range gs {
		for _, c := range g.changes {
			if c.live() {
				r.attrs.unref(c.attr)
			}
		}
	}
}

// resendAll queues every known route again, as ExaBGP does when a
// session comes up: routes with a pending change of the same attributes
// keep their place, the others are added, groups in the order the
// attribute sets were interned and NLRI in key order.
func (r *adjRIBOut) resendAll() {
	type kv struct {
		key  nlriKey
		attr uint32
	}
	// a route whose announce is pending already, with its attributes,
	// would only be queued again in place: it is left as it is, which
	// spares a session coming up with a large configuration a sort of
	// every route
	// the routes not pending already (none when a session comes up with
	// its configured routes, all of them on a reload)
	all := make([]kv, 0, max(r.routes.count()-r.pending, 0))
	for v, e := range r.routes.v4 {
		if e.attr != 0 && !r.pendingAnnounce(e) {
			all = append(all, kv{nlriKey(v.appendTo(nil)), e.attr})
		}
	}
	for sk, e := range r.routes.short {
		if e.attr != 0 && !r.pendingAnnounce(e) {
			all = append(all, kv{nlriKey(sk.b[:sk.n]), e.attr})
		}
	}
	for k, e := range r.routes.long {
		if e.attr != 0 && !r.pendingAnnounce(e) {
			all = append(all, kv{k, e.attr})
		}
	}
	slices.SortFunc(all, func(a, b kv) int {
		if c := cmp.Compare(a.attr, b.attr); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	// the first group made and the pending list are sized for every route
	// (one attribute set is the common case), sparing their growths
	r.sizeHint = len(all)
	r.pend = slices.Grow(r.pend, len(all))
	for _, x := range all {
		r.queueKey(x.key, x.attr)
	}
	r.sizeHint = 0
}

// pendingAnnounce reports whether the entry e has its announce pending in
// the current batch.
func (r *adjRIBOut) pendingAnnounce(e ribEntry) bool {
	i := r.pendingAt(e)
	if i < 0 {
		return false
	}
	at := r.pend[i]
	if int(at.group) >= len(r.groups) {
		return false
	}
	g := r.groups[at.group]
	if int(at.pos) >= len(g.changes) {
		return false
	}
	c := g.changes[at.pos]
	return c.live() && !c.withdraw && c.attr == e.attr
}

// routesOut rebuilds the routes of the adj-RIB-out, sorted by family and
// NLRI, from the keys and the interned attribute sets.
func (r *adjRIBOut) routesOut() []config.Route {
	keys := make([]nlriKey, 0, r.routes.count())
	r.routes.each(func(k nlriKey, e ribEntry) {
		if e.attr != 0 {
			keys = append(keys, k)
		}
	})
	slices.Sort(keys)
	out := make([]config.Route, 0, len(keys))
	for _, k := range keys {
		n, _, err := codec.DecodeNLRI(keyFamily(k), []byte(k[keyHeader:]), k[3] == 1)
		if err != nil {
			continue
		}
		e, _ := get(&r.routes, k)
		s := r.attrs.sets[e.attr]
		out = append(out, config.Route{
			NLRI:        n,
			NextHop:     s.nextHop,
			NextHopSelf: s.self,
			Attributes:  s.attrs,
		})
	}
	return out
}
