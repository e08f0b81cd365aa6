package session

// shortKeyLen is the longest RIB key kept inline: every IPv4 and IPv6
// unicast or multicast prefix, with its path identifier.
const shortKeyLen = 27

// shortKey is a RIB key of at most shortKeyLen bytes held by value, so
// that the map of a large adj-RIB-out holds no pointer for the garbage
// collector to scan and no key allocation per route.
type shortKey struct {
	n uint8
	b [shortKeyLen]byte
}

// toShortKey returns k as a shortKey, ok false when it is too long.
func toShortKey[T string | []byte](k T) (sk shortKey, ok bool) {
	if len(k) > shortKeyLen {
		return sk, false
	}
	sk.n = uint8(len(k))
	copy(sk.b[:], k)
	return sk, true
}

// v4Key is the RIB key of an IPv4 unicast prefix without a path
// identifier (or with identifier 0), by value in 8 bytes, a third of a
// shortKey: the bulk of large adj-RIB-outs. It is a uint64 (the prefix's
// encoded bytes left aligned, then its length, then whether a zero path
// identifier is in the key) so that the map takes the runtime's fast path
// for 8-byte keys; with its 8-byte entry a map slot is 16 bytes.
type v4Key uint64

func makeV4Key(addr uint32, bits uint8, hasID bool) v4Key {
	v := v4Key(addr)<<16 | v4Key(bits)<<8
	if hasID {
		v |= 1
	}
	return v
}

func (v v4Key) addr() uint32 { return uint32(v >> 16) }
func (v v4Key) bits() uint8  { return uint8(v >> 8) }
func (v v4Key) hasID() bool  { return v&1 != 0 }

// toV4Key returns k as a v4Key, ok false when k is not an IPv4 unicast
// key or has a path identifier other than 0.
func toV4Key[T string | []byte](k T) (v v4Key, ok bool) {
	if len(k) < keyHeader+1 || k[0] != 0 || k[1] != 1 || k[2] != 1 || k[3] > 1 {
		return v, false
	}
	i := keyHeader
	hasID := false
	if k[3] == 1 {
		if len(k) < keyHeader+5 {
			return v, false
		}
		if k[4]|k[5]|k[6]|k[7] != 0 {
			return v, false
		}
		hasID = true
		i += 4
	}
	bits := k[i]
	i++
	n := (int(bits) + 7) / 8
	if bits > 32 || len(k) != i+n {
		return v, false
	}
	var addr uint32
	for j := range n {
		addr |= uint32(k[i+j]) << (24 - 8*j)
	}
	return makeV4Key(addr, bits, hasID), true
}

// appendTo appends the key bytes of v (the inverse of toV4Key).
func (v v4Key) appendTo(b []byte) []byte {
	b = append(b, 0, 1, 1, 0)
	if v.hasID() {
		b[len(b)-1] = 1
		b = append(b, 0, 0, 0, 0)
	}
	bits, addr := v.bits(), v.addr()
	b = append(b, bits)
	for j := range (int(bits) + 7) / 8 {
		b = append(b, byte(addr>>(24-8*j)))
	}
	return b
}

// routeMap is the adj-RIB-out's entry of each NLRI, keyed by nlriKey:
// IPv4 unicast keys and other short keys inline, the others as strings.
type routeMap struct {
	v4    map[v4Key]ribEntry
	short map[shortKey]ribEntry
	long  map[nlriKey]ribEntry
}

func newRouteMap() routeMap {
	return routeMap{v4: make(map[v4Key]ribEntry), short: make(map[shortKey]ribEntry), long: make(map[nlriKey]ribEntry)}
}

// get returns the entry of key k.
func get[T string | []byte](m *routeMap, k T) (ribEntry, bool) {
	s := slotOf(k)
	return m.load(&s)
}

// set stores the entry of key k.
func set[T string | []byte](m *routeMap, k T, e ribEntry) {
	s := slotOf(k)
	m.store(&s, e)
}

// del drops the entry of key k.
func del[T string | []byte](m *routeMap, k T) {
	s := slotOf(k)
	m.drop(&s)
}

// count is the number of entries.
func (m *routeMap) count() int { return len(m.v4) + len(m.short) + len(m.long) }

// each calls fn with every key and entry, in no particular order.
func (m *routeMap) each(fn func(k nlriKey, e ribEntry)) {
	var buf []byte
	for v, e := range m.v4 {
		buf = v.appendTo(buf[:0])
		fn(nlriKey(buf), e)
	}
	for sk, e := range m.short {
		fn(nlriKey(sk.b[:sk.n]), e)
	}
	for k, e := range m.long {
		fn(k, e)
	}
}

// Kinds of routeSlot.
const (
	slotV4 = iota
	slotShort
	slotLong
)

// routeSlot is where one key lives in a routeMap, worked out once for a
// lookup followed by a store or a delete of the same key.
type routeSlot struct {
	kind uint8
	v    v4Key
	sk   shortKey
	k    string
}

// slotOf returns the slot of key k; k must not change while it is used.
func slotOf[T string | []byte](k T) routeSlot {
	if v, ok := toV4Key(k); ok {
		return routeSlot{kind: slotV4, v: v}
	}
	if sk, ok := toShortKey(k); ok {
		return routeSlot{kind: slotShort, sk: sk}
	}
	return routeSlot{kind: slotLong, k: string(k)}
}

// slot returns the slot of key k; k must not change while it is used.
func (m *routeMap) slot(k []byte) routeSlot { return slotOf(k) }

// load returns the entry in slot s.
func (m *routeMap) load(s *routeSlot) (ribEntry, bool) {
	var e ribEntry
	var ok bool
	switch s.kind {
	case slotV4:
		e, ok = m.v4[s.v]
	case slotShort:
		e, ok = m.short[s.sk]
	default:
		e, ok = m.long[s.k]
	}
	return e, ok
}

// store sets the entry in slot s.
func (m *routeMap) store(s *routeSlot, e ribEntry) {
	switch s.kind {
	case slotV4:
		m.v4[s.v] = e
	case slotShort:
		m.short[s.sk] = e
	default:
		m.long[s.k] = e
	}
}

// drop deletes the entry in slot s.
func (m *routeMap) drop(s *routeSlot) {
	switch s.kind {
	case slotV4:
		delete(m.v4, s.v)
	case slotShort:
		delete(m.short, s.sk)
	default:
		delete(m.long, s.k)
	}
}
