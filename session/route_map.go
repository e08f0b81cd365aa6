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

// routeMap is the adj-RIB-out's entry of each NLRI, keyed by nlriKey:
// short keys inline, the others as strings.
type routeMap struct {
	short map[shortKey]ribEntry
	long  map[nlriKey]ribEntry
}

func newRouteMap() routeMap {
	return routeMap{short: make(map[shortKey]ribEntry), long: make(map[nlriKey]ribEntry)}
}

// get returns the entry of key k.
func get[T string | []byte](m *routeMap, k T) (ribEntry, bool) {
	if sk, ok := toShortKey(k); ok {
		e, found := m.short[sk]
		return e, found
	}
	e, found := m.long[string(k)]
	return e, found
}

// set stores the entry of key k.
func set[T string | []byte](m *routeMap, k T, e ribEntry) {
	if sk, ok := toShortKey(k); ok {
		m.short[sk] = e
		return
	}
	m.long[string(k)] = e
}

// del drops the entry of key k.
func del[T string | []byte](m *routeMap, k T) {
	if sk, ok := toShortKey(k); ok {
		delete(m.short, sk)
		return
	}
	delete(m.long, string(k))
}

// count is the number of entries.
func (m *routeMap) count() int { return len(m.short) + len(m.long) }

// each calls fn with every key and entry, in no particular order.
func (m *routeMap) each(fn func(k nlriKey, e ribEntry)) {
	for sk, e := range m.short {
		fn(nlriKey(sk.b[:sk.n]), e)
	}
	for k, e := range m.long {
		fn(k, e)
	}
}

// routeSlot is where one key lives in a routeMap, worked out once for a
// lookup followed by a store or a delete of the same key.
type routeSlot struct {
	short bool
	sk    shortKey
	k     []byte
}

// slot returns the slot of key k; k must not change while it is used.
func (m *routeMap) slot(k []byte) routeSlot {
	sk, ok := toShortKey(k)
	return routeSlot{short: ok, sk: sk, k: k}
}

// load returns the entry in slot s.
func (m *routeMap) load(s *routeSlot) (ribEntry, bool) {
	if s.short {
		e, ok := m.short[s.sk]
		return e, ok
	}
	e, ok := m.long[string(s.k)]
	return e, ok
}

// store sets the entry in slot s.
func (m *routeMap) store(s *routeSlot, e ribEntry) {
	if s.short {
		m.short[s.sk] = e
		return
	}
	m.long[string(s.k)] = e
}

// drop deletes the entry in slot s.
func (m *routeMap) drop(s *routeSlot) {
	if s.short {
		delete(m.short, s.sk)
		return
	}
	delete(m.long, string(s.k))
}
