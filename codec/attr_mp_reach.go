package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// MPReach is the MP_REACH_NLRI attribute (RFC 4760 section 3): the
// announced NLRI of one family sharing one next hop.
//
// The next hop is written the way ExaBGP 4.2 writes it: empty when NextHop is
// not valid (flowspec without redirect-to-nexthop); 4 bytes for IPv4, 16 for
// IPv6, 32 for IPv6 global plus LinkLocal; for mpls-vpn and bgp-ls-vpn the
// address is led by an all-zero 8-byte route distinguisher (12, 24 or 40
// bytes; RFC 4364, RFC 4659, RFC 7752 section 3.4). flow-vpn next hops have
// none, as in ExaBGP (RFC 8955 gives them no RD). An
// IPv6 next hop for IPv4 NLRI (RFC 8950 extended next hop) needs no switch:
// the length follows the address. The reserved (SNPA count) byte is 0.
type MPReach struct {
	// Family is the AFI/SAFI of every entry of NLRI.
	Family Family
	// NextHop is the next-hop address; the zero Addr for an empty next hop.
	NextHop netip.Addr
	// LinkLocal is the optional IPv6 link-local next hop (RFC 2545) sent
	// after an IPv6 NextHop.
	LinkLocal netip.Addr
	// NLRI are the announced entries.
	NLRI []NLRI
	// NoNextHopRD is set when a bgp-ls-vpn next hop came without its route
	// distinguisher (4, 16 or 32 bytes, as ExaBGP 4.2-era speakers may send
	// it): DecodeMPReach accepts that form and the encoder writes it back
	// the same way. Other families ignore it.
	NoNextHopRD bool
}

// NewMPReach returns the MP_REACH_NLRI of family f announcing ns with next
// hop nh (the zero Addr for none, as flowspec without redirect).
func NewMPReach(f Family, nh netip.Addr, ns ...NLRI) MPReach {
	return MPReach{Family: f, NextHop: nh, NLRI: ns}
}

// HeaderLen is the length of the value before the NLRI: AFI, SAFI, next-hop
// length byte, next hop, reserved byte. Update packing adds the encoded
// NLRI to it to stay under the message size.
func (m MPReach) HeaderLen() int {
	n := 5
	if m.NextHop.IsValid() {
		n += m.NextHop.BitLen() / 8
		if m.nextHopHasRD() {
			n += 8
		}
	}
	if m.LinkLocal.IsValid() {
		n += 16
	}
	return n
}

// Code is AttrMPReach.
func (MPReach) Code() AttrCode { return AttrMPReach }

// Flags is optional, non-transitive.
func (MPReach) Flags() AttrFlags { return FlagOptional }

// nextHopHasRD reports whether f's next hop is led by a route distinguisher.
func nextHopHasRD(f Family) bool { return f.SAFI == SAFIMPLSVPN || f.SAFI == SAFIBGPLSVPN }

// nextHopHasRD reports whether m's next hop is written with a route
// distinguisher.
func (m MPReach) nextHopHasRD() bool {
	return nextHopHasRD(m.Family) && !(m.NoNextHopRD && m.Family.SAFI == SAFIBGPLSVPN)
}

// AppendNextHop appends the next-hop field (length byte then address) of f.
func (m MPReach) AppendNextHop(b []byte) ([]byte, error) {
	if !m.NextHop.IsValid() {
		if m.LinkLocal.IsValid() {
			return b, fmt.Errorf("encode mp_reach_nlri %s: link-local next hop without global one", m.Family)
		}
		return append(b, 0), nil
	}
	n := 4
	if m.NextHop.Is6() {
		n = 16
	}
	if m.LinkLocal.IsValid() {
		if !m.NextHop.Is6() || !m.LinkLocal.Is6() {
			return b, fmt.Errorf("encode mp_reach_nlri %s: link-local next hop %s with %s", m.Family, m.LinkLocal, m.NextHop)
		}
		n += 16
	}
	rd := m.nextHopHasRD()
	if rd {
		n += 8
	}
	b = append(b, byte(n))
	if rd {
		b = append(b, 0, 0, 0, 0, 0, 0, 0, 0)
	}
	b = append(b, m.NextHop.AsSlice()...)
	if m.LinkLocal.IsValid() {
		b = append(b, m.LinkLocal.AsSlice()...)
	}
	return b, nil
}

// AppendValue appends AFI, SAFI, next hop, the reserved byte and the NLRI,
// each with a path identifier when add-path is negotiated for the family.
func (m MPReach) AppendValue(b []byte, o Options) ([]byte, error) {
	b = binary.BigEndian.AppendUint16(b, uint16(m.Family.AFI))
	b = append(b, byte(m.Family.SAFI))
	var err error
	if b, err = m.AppendNextHop(b); err != nil {
		return b, err
	}
	b = append(b, 0) // reserved (number of SNPAs)
	return appendFamilyNLRIs(b, m.Family, m.NLRI, o.HasAddPath(m.Family), "mp_reach_nlri")
}

// DecodeMPReach decodes the value of an MP_REACH_NLRI attribute. NLRI carry
// a path identifier when o.AddPath has the family. It returns an MPReach.
func DecodeMPReach(value []byte, o Options) (Attribute, error) {
	if len(value) < 5 {
		return nil, fmt.Errorf("decode mp_reach_nlri: %d bytes, need at least 5", len(value))
	}
	m := MPReach{Family: Family{AFI(binary.BigEndian.Uint16(value)), SAFI(value[2])}}
	nhLen := int(value[3])
	b := value[4:]
	if len(b) < nhLen+1 {
		return nil, fmt.Errorf("decode mp_reach_nlri %s: next hop of %d bytes, %d left", m.Family, nhLen, len(b))
	}
	nh := b[:nhLen]
	if err := m.decodeNextHop(nh); err != nil {
		return nil, err
	}
	b = b[nhLen:]
	// RFC 4760: the reserved octet "MUST be set to 0, and SHOULD be ignored
	// upon receipt" — ExaBGP refuses a non-zero one; so do we not: ignore it.
	b = b[1:]
	var err error
	if m.NLRI, err = DecodeNLRIs(m.Family, b, o.HasAddPath(m.Family)); err != nil {
		return nil, fmt.Errorf("decode mp_reach_nlri: %w", err)
	}
	return m, nil
}

// decodeNextHop parses the next-hop field by its length.
func (m *MPReach) decodeNextHop(nh []byte) error {
	rd := nextHopHasRD(m.Family)
	if rd && m.Family.SAFI == SAFIBGPLSVPN {
		switch len(nh) {
		case 4, 16, 32:
			// Without the RD RFC 7752 asks for: the lengths cannot be
			// mistaken for RD forms (12, 24, 40, 48).
			rd = false
			m.NoNextHopRD = true
		}
	}
	if rd {
		if len(nh) < 8 {
			return fmt.Errorf("decode mp_reach_nlri %s: next hop of %d bytes lacks its route distinguisher", m.Family, len(nh))
		}
		for _, c := range nh[:8] {
			if c != 0 {
				return fmt.Errorf("decode mp_reach_nlri %s: next hop route distinguisher must be zero", m.Family)
			}
		}
		nh = nh[8:]
		// RFC 4659 form: RD + global + RD + link-local (48 bytes).
		if len(nh) == 40 {
			nh = append(append([]byte(nil), nh[:16]...), nh[24:]...)
		}
	}
	switch len(nh) {
	case 0:
		if rd {
			return fmt.Errorf("decode mp_reach_nlri %s: empty next hop after route distinguisher", m.Family)
		}
	case 4:
		m.NextHop = netip.AddrFrom4([4]byte(nh))
	case 16:
		m.NextHop = netip.AddrFrom16([16]byte(nh))
	case 32:
		m.NextHop = netip.AddrFrom16([16]byte(nh[:16]))
		m.LinkLocal = netip.AddrFrom16([16]byte(nh[16:]))
	default:
		return fmt.Errorf("decode mp_reach_nlri %s: invalid next hop length %d", m.Family, len(nh))
	}
	return nil
}

// String is a short description for logs.
func (m MPReach) String() string {
	return fmt.Sprintf("MP_REACH_NLRI for %s with %d NLRI(s)", m.Family, len(m.NLRI))
}
