package session

import (
	"bytes"
	"cmp"
)

// Kinds of the key a change holds.
const (
	// changeDead marks a change superseded by a later one.
	changeDead uint8 = iota
	// changeV4 is a change of an IPv4 unicast NLRI, its key in v4.
	changeV4
	// changeLong is a change of any other NLRI, its key in its group's
	// long keys at index v4.
	changeLong
)

// change is one pending announce or withdraw, 16 bytes with no pointer:
// the key of an IPv4 unicast NLRI, the bulk of large batches, is held by
// value, the others in the group (group.long). Queueing a change of an
// IPv4 route allocates nothing, and a batch's changes are not scanned by
// the garbage collector.
type change struct {
	v4       v4Key
	attr     uint32
	kind     uint8
	withdraw bool
}

// live reports whether c is still to be sent.
func (c *change) live() bool { return c.kind != changeDead }

// newChange returns the change of the key in slot s (kb its bytes, which
// may be nil for an IPv4 unicast key) for group g, keeping a long key in
// g.
func (g *group) newChange(s *routeSlot, kb []byte, attr uint32, withdraw bool) change {
	if s.kind == slotV4 {
		return change{v4: s.v, attr: attr, kind: changeV4, withdraw: withdraw}
	}
	g.long = append(g.long, nlriKey(kb))
	return change{v4: v4Key(len(g.long) - 1), attr: attr, kind: changeLong, withdraw: withdraw}
}

// appendKey appends the RIB key of c, a change of g.
func (g *group) appendKey(b []byte, c *change) []byte {
	if c.kind == changeV4 {
		return c.v4.appendTo(b)
	}
	return append(b, g.long[c.v4]...)
}

// key returns the RIB key of c, a change of g (allocating for an IPv4
// unicast change).
func (g *group) key(c *change) nlriKey {
	if c.kind == changeV4 {
		return nlriKey(c.v4.appendTo(nil))
	}
	return g.long[c.v4]
}

// slot returns where the key of c, a change of g, lives in a routeMap.
func (g *group) slot(c *change) routeSlot {
	if c.kind == changeV4 {
		return routeSlot{kind: slotV4, v: c.v4}
	}
	return slotOf(g.long[c.v4])
}

// appendNLRI appends the wire NLRI of c, a change of g, with its path
// identifier when addPath is set (as appendKeyNLRI).
func (g *group) appendNLRI(b []byte, c *change, addPath bool) []byte {
	if c.kind != changeV4 {
		return appendKeyNLRI(b, g.long[c.v4], addPath)
	}
	// an IPv4 unicast key has no path identifier or identifier 0
	if addPath {
		b = append(b, 0, 0, 0, 0)
	}
	bits, addr := c.v4.bits(), c.v4.addr()
	b = append(b, bits)
	for j := range (int(bits) + 7) / 8 {
		b = append(b, byte(addr>>(24-8*j)))
	}
	return b
}

// v4Order is the place of v4 among IPv4 unicast keys in key byte order:
// the path identifier flag, then the length, then the address.
func v4Order(v v4Key) uint64 {
	o := uint64(v.bits())<<32 | uint64(v.addr())
	if v.hasID() {
		o |= 1 << 40
	}
	return o
}

// compare orders changes of g by key bytes, as ExaBGP sorts NLRI inside
// an UPDATE.
func (g *group) compare(a, b change) int {
	if a.kind == changeV4 && b.kind == changeV4 {
		return cmp.Compare(v4Order(a.v4), v4Order(b.v4))
	}
	var ab, bb [keyHeader + 4 + 1 + 16]byte
	return bytes.Compare(g.appendKey(ab[:0], &a), g.appendKey(bb[:0], &b))
}

// tailChange is a change the packer left for the next batch, with its
// group.
type tailChange struct {
	g *group
	c change
}
