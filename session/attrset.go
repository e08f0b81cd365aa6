package session

import (
	"net/netip"
	"slices"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// attrSet is one interned set of path attributes with its next hop. Every
// route of the adj-RIB-out points at one by index; routes announced with the
// same attributes share it, so the RIB never holds per-route attribute
// copies. The set is what ExaBGP calls the attribute index: the attributes
// and the next hop together.
type attrSet struct {
	// attrs are the configured attributes sorted by type code (the order
	// ExaBGP packs them in).
	attrs   []codec.Attribute
	nextHop netip.Addr
	self    bool
	key     string
	attrOff int // where the attributes start in key
	refs    int
}

// attrTable interns attribute sets. Index 0 is never used so that a zero
// index means "none".
type attrTable struct {
	sets  []*attrSet
	index map[string]uint32
	free  []uint32
	buf   []byte
	last  uint32 // the set interned last, tried first
	// pool, when set, holds the keys and attribute values shared with
	// the other neighbors' tables (nil: the table holds its own).
	pool *attrPool
}

func newAttrTable() *attrTable {
	return &attrTable{sets: []*attrSet{nil}, index: make(map[string]uint32)}
}

// newPooledAttrTable is a table whose sets are shared through pool.
func newPooledAttrTable(pool *attrPool) *attrTable {
	t := newAttrTable()
	t.pool = pool
	return t
}

// keyOptions encode attributes for the interning key: the richest options,
// so that distinct values never share a key.
var keyOptions = codec.Options{ASN4: true, ExtendedMessage: true}

// intern returns the index of the set holding r's attributes and next hop,
// adding it when new. The reference count is not changed.
func (t *attrTable) intern(r *config.Route) (uint32, error) {
	if l := t.last; l != 0 && len(r.Attributes) == 0 {
		// routes with a next hop only, one after the other: same key
		// when the last set has no attributes and the same next hop
		if s := t.sets[l]; s != nil && len(s.attrs) == 0 && s.nextHop == r.NextHop &&
			s.self == (r.NextHopSelf && !r.NextHop.IsValid()) {
			return l, nil
		}
	}
	b := t.buf[:0]
	if r.NextHopSelf && !r.NextHop.IsValid() {
		b = append(b, 's')
	} else if r.NextHop.IsValid() {
		b = append(b, 'n')
		b = r.NextHop.AppendTo(b)
		b = append(b, 0)
	} else {
		b = append(b, '-')
	}
	attrOff := len(b)
	attrs := r.Attributes
	if !slices.IsSortedFunc(attrs, cmpAttr) {
		attrs = slices.Clone(attrs)
		slices.SortStableFunc(attrs, cmpAttr)
	}
	for _, a := range attrs {
		var err error
		if b, err = codec.AppendAttribute(b, a, keyOptions); err != nil {
			return 0, err
		}
	}
	t.buf = b
	if l := t.last; l != 0 && t.sets[l] != nil && t.sets[l].key == string(b) {
		return l, nil
	}
	if i, ok := t.index[string(b)]; ok {
		t.last = i
		return i, nil
	}
	s := &attrSet{
		nextHop: r.NextHop,
		self:    r.NextHopSelf && !r.NextHop.IsValid(),
		attrOff: attrOff,
	}
	if t.pool != nil {
		s.key, s.attrs = t.pool.acquire(b, attrs)
	} else {
		s.key, s.attrs = string(b), slices.Clone(attrs)
	}
	var i uint32
	if n := len(t.free); n > 0 {
		i = t.free[n-1]
		t.free = t.free[:n-1]
		t.sets[i] = s
	} else {
		i = uint32(len(t.sets))
		t.sets = append(t.sets, s)
	}
	t.index[s.key] = i
	t.last = i
	return i, nil
}

// sameResolved reports whether sets a and b send the same bytes once "next
// hop self" is resolved to self (invalid: no session, never the same).
func (t *attrTable) sameResolved(a, b uint32, self netip.Addr) bool {
	sa, sb := t.sets[a], t.sets[b]
	if !self.IsValid() || sa.self == sb.self || sa.key[sa.attrOff:] != sb.key[sb.attrOff:] {
		return false
	}
	resolve := func(s *attrSet) netip.Addr {
		if s.self {
			return self
		}
		return s.nextHop
	}
	return resolve(sa) == resolve(sb)
}

// ref and unref count the routes (and pending changes) using a set; a set
// nobody uses any more is dropped.
func (t *attrTable) ref(i uint32) { t.sets[i].refs++ }

func (t *attrTable) unref(i uint32) {
	s := t.sets[i]
	s.refs--
	if s.refs > 0 {
		return
	}
	delete(t.index, s.key)
	t.sets[i] = nil
	t.free = append(t.free, i)
	if t.pool != nil {
		t.pool.release(s.key)
	}
}

func cmpAttr(a, b codec.Attribute) int { return int(a.Code()) - int(b.Code()) }

// sessionEnv is what the wire form of an attribute set depends on besides
// the set itself: the negotiated options, both AS numbers and the local
// address of the connection (for next-hop self).
type sessionEnv struct {
	opts    codec.Options
	localAS uint32
	peerAS  uint32
	local   netip.Addr
	// gen is the ExaBGP generation followed (community order).
	gen config.Generation
}

func (e *sessionEnv) ibgp() bool { return e.localAS == e.peerAS }

// appendPathAttributes appends the path attributes of s for a route of
// family f as ExaBGP 4.2 packs them (codec.WithDefaults): sorted by type
// code, ORIGIN igp and AS_PATH added when absent (empty for iBGP, the local
// AS for eBGP), LOCAL_PREF 100 added for iBGP and dropped for eBGP,
// NEXT_HOP only for an IPv4 next hop. MP_REACH/MP_UNREACH are not included.
func (e *sessionEnv) appendPathAttributes(b []byte, s *attrSet, f codec.Family) ([]byte, error) {
	attrs := make([]codec.Attribute, 0, len(s.attrs)+4)
	for _, a := range s.attrs {
		switch a.Code() {
		case codec.AttrNextHop, codec.AttrMPReach, codec.AttrMPUnreach:
			continue // the next hop comes from the route
		}
		attrs = append(attrs, e.gen.WireAttribute(a))
	}
	switch {
	case s.self:
		if f.AFI == codec.AFIIPv4 {
			nh := e.local
			if !nh.Is4() {
				nh = netip.IPv4Unspecified()
			}
			attrs = append(attrs, codec.NextHop(nh))
		}
	case s.nextHop.Is4() && nextHopAttrFamily(f):
		attrs = append(attrs, codec.NextHop(s.nextHop))
	}
	return codec.AppendAttributes(b, codec.WithDefaults(attrs, e.localAS, e.peerAS), e.opts)
}

// nextHopAttrFamily reports whether routes of f carry their IPv4 next hop
// in a NEXT_HOP attribute too: ExaBGP's static routes do (also in
// MP_REACH families such as mpls-vpn), flow routes and L2VPN do not.
func nextHopAttrFamily(f codec.Family) bool {
	if f.AFI != codec.AFIIPv4 && f.AFI != codec.AFIIPv6 {
		return false
	}
	return f.SAFI != codec.SAFIFlow && f.SAFI != codec.SAFIFlowVPN
}

// mpNextHop is the MP_REACH_NLRI next hop of s for family f (the zero
// Addr for none).
func (e *sessionEnv) mpNextHop(s *attrSet, f codec.Family) netip.Addr {
	switch {
	case s.self:
		nh := e.local
		if f.AFI == codec.AFIIPv4 && !nh.Is4() || f.AFI == codec.AFIIPv6 && !nh.Is6() {
			// ExaBGP sends 0.0.0.0 when "self" does not match the family
			return netip.IPv4Unspecified()
		}
		return nh.WithZone("")
	case s.nextHop.IsValid():
		// as written: 4 bytes for IPv4 (extended next hop), 16 for IPv6
		// including IPv4-mapped addresses, as ExaBGP packs it
		return s.nextHop.WithZone("")
	}
	return netip.Addr{}
}

// classic reports whether a route of family f with set s goes in the
// IPv4 withdrawn/NLRI fields rather than MP_REACH/MP_UNREACH: ExaBGP does so
// for IPv4 unicast and multicast with an IPv4 next hop.
func classic(f codec.Family, s *attrSet) bool {
	if f.AFI != codec.AFIIPv4 || (f.SAFI != codec.SAFIUnicast && f.SAFI != codec.SAFIMulticast) {
		return false
	}
	if s == nil || s.self || !s.nextHop.IsValid() {
		return true
	}
	return s.nextHop.Is4()
}
