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
	// changeLong is a change of any other NLRI, its key in long.
	changeLong
)

// change is one pending announce or withdraw. The key of an IPv4 unicast
// NLRI, the bulk of large batches, is held by value (v4): queueing a
// change allocates nothing.
type change struct {
	long     nlriKey
	v4       v4Key
	attr     uint32
	kind     uint8
	withdraw bool
}

// changeOf returns the change of the key in slot s (kb its bytes).
func changeOf(s *routeSlot, kb []byte, attr uint32, withdraw bool) change {
	if s.kind == slotV4 {
		return change{v4: s.v, attr: attr, kind: changeV4, withdraw: withdraw}
	}
	return change{long: nlriKey(kb), attr: attr, kind: changeLong, withdraw: withdraw}
}

// live reports whether c is still to be sent.
func (c *change) live() bool { return c.kind != changeDead }

// appendKey appends the RIB key of c.
func (c *change) appendKey(b []byte) []byte {
	if c.kind == changeV4 {
		return c.v4.appendTo(b)
	}
	return append(b, c.long...)
}

// key returns the RIB key of c (allocating for an IPv4 unicast change).
func (c *change) key() nlriKey {
	if c.kind == changeV4 {
		return nlriKey(c.v4.appendTo(nil))
	}
	return c.long
}

// slot returns where the key of c lives in a routeMap.
func (c *change) slot() routeSlot {
	if c.kind == changeV4 {
		return routeSlot{kind: slotV4, v: c.v4}
	}
	return slotOf(c.long)
}

// appendNLRI appends the wire NLRI of c, with its path identifier when
// addPath is set (as appendKeyNLRI).
func (c *change) appendNLRI(b []byte, addPath bool) []byte {
	if c.kind != changeV4 {
		return appendKeyNLRI(b, c.long, addPath)
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

// compareChanges orders changes by key bytes, as ExaBGP sorts NLRI inside
// an UPDATE.
func compareChanges(a, b change) int {
	if a.kind == changeV4 && b.kind == changeV4 {
		return cmp.Compare(v4Order(a.v4), v4Order(b.v4))
	}
	var ab, bb [keyHeader + 4 + 1 + 16]byte
	return bytes.Compare(a.appendKey(ab[:0]), b.appendKey(bb[:0]))
}
