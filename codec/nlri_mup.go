package codec

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
)

// MUPArch is the architecture type of a BGP-MUP NLRI
// (draft-mpmz-bess-mup-safi section 3.1): 1 is 3GPP 5G.
type MUPArch uint8

// MUPArch3GPP5G is the only architecture type defined.
const MUPArch3GPP5G MUPArch = 1

// MUPRouteType is the route type of a BGP-MUP NLRI.
type MUPRouteType uint16

// BGP-MUP route types of the 3GPP 5G architecture
// (draft-mpmz-bess-mup-safi section 3.1).
const (
	MUPInterworkSegmentDiscovery MUPRouteType = 1 // ISD
	MUPDirectSegmentDiscovery    MUPRouteType = 2 // DSD
	MUPType1SessionTransformed   MUPRouteType = 3 // T1ST
	MUPType2SessionTransformed   MUPRouteType = 4 // T2ST
)

// Name is ExaBGP 5.0's JSON "name" of the route type.
func (t MUPRouteType) Name() string {
	switch t {
	case MUPInterworkSegmentDiscovery:
		return "InterworkSegmentDiscoveryRoute"
	case MUPDirectSegmentDiscovery:
		return "DirectSegmentDiscoveryRoute"
	case MUPType1SessionTransformed:
		return "Type1SessionTransformedRoute"
	case MUPType2SessionTransformed:
		return "Type2SessionTransformedRoute"
	}
	return "Unknown"
}

// ShortName is ExaBGP 5.0's lower-case short name, as in "mup:isd:...".
func (t MUPRouteType) ShortName() string {
	switch t {
	case MUPInterworkSegmentDiscovery:
		return "isd"
	case MUPDirectSegmentDiscovery:
		return "dsd"
	case MUPType1SessionTransformed:
		return "t1st"
	case MUPType2SessionTransformed:
		return "t2st"
	}
	return "unknown"
}

// MUP is an ipv4 mup or ipv6 mup NLRI (SAFI 85,
// draft-mpmz-bess-mup-safi): architecture type (1), route type (2),
// length (1), then the route type specific value. Which fields are used
// depends on Arch and RouteType (3GPP 5G architecture):
//
//	1 ISD:  RD, Prefix (only its significant bytes on the wire)
//	2 DSD:  RD, Addr (4 or 16 bytes)
//	3 T1ST: RD, Prefix, TEID, QFI, Endpoint, Source (optional)
//	4 T2ST: RD, Addr (the endpoint), TEIDBits and TEID (the endpoint
//	        length on the wire is the address bits plus TEIDBits; the TEID
//	        takes its low (TEIDBits+7)/8 bytes)
//
// Other architectures and route types keep their value in Raw. ExaBGP
// uses no add-path for MUP, nor do we.
type MUP struct {
	// AFI is ipv4 or ipv6.
	AFI AFI
	// Arch is the architecture type.
	Arch MUPArch
	// RouteType selects the fields in use.
	RouteType MUPRouteType
	// RD is the route distinguisher.
	RD RD
	// Prefix is the prefix of ISD and T1ST routes; its address keeps the
	// bits past the length that the last wire byte carries.
	Prefix netip.Prefix
	// Addr is the address of DSD routes and the endpoint of T2ST routes.
	Addr netip.Addr
	// TEID is the tunnel endpoint identifier of T1ST and T2ST routes.
	TEID uint32
	// TEIDBits is the TEID length of T2ST routes (0 to 32).
	TEIDBits uint8
	// QFI is the QoS flow identifier of T1ST routes.
	QFI uint8
	// Endpoint is the endpoint address of T1ST routes.
	Endpoint netip.Addr
	// Source is the optional source address of T1ST routes.
	Source netip.Addr
	// Raw is the value of unknown architectures and route types.
	Raw []byte
}

// Family is ipv4 mup or ipv6 mup.
func (m MUP) Family() Family { return Family{m.AFI, SAFIMUP} }

// known reports whether the route type has its fields parsed.
func (m MUP) known() bool {
	return m.Arch == MUPArch3GPP5G && m.RouteType >= MUPInterworkSegmentDiscovery && m.RouteType <= MUPType2SessionTransformed
}

// appendMUPPrefix appends a prefix length and the bytes its bits span.
func appendMUPPrefix(b []byte, p netip.Prefix) []byte {
	b = append(b, byte(p.Bits()))
	return append(b, p.Addr().AsSlice()[:(p.Bits()+7)/8]...)
}

// appendValue appends the route type specific value.
func (m MUP) appendValue(b []byte) ([]byte, error) {
	if !m.known() {
		return append(b, m.Raw...), nil
	}
	b = append(b, m.RD[:]...)
	switch m.RouteType {
	case MUPInterworkSegmentDiscovery:
		if !m.Prefix.IsValid() {
			return b, fmt.Errorf("encode mup isd: no prefix")
		}
		return appendMUPPrefix(b, m.Prefix), nil
	case MUPDirectSegmentDiscovery:
		if !m.Addr.IsValid() {
			return b, fmt.Errorf("encode mup dsd: no address")
		}
		return append(b, m.Addr.AsSlice()...), nil
	case MUPType1SessionTransformed:
		if !m.Prefix.IsValid() || !m.Endpoint.IsValid() {
			return b, fmt.Errorf("encode mup t1st: prefix %s endpoint %s", m.Prefix, m.Endpoint)
		}
		b = appendMUPPrefix(b, m.Prefix)
		b = binary.BigEndian.AppendUint32(b, m.TEID)
		b = append(b, m.QFI, byte(m.Endpoint.BitLen()))
		b = append(b, m.Endpoint.AsSlice()...)
		if m.Source.IsValid() {
			b = append(b, byte(m.Source.BitLen()))
			b = append(b, m.Source.AsSlice()...)
		}
		return b, nil
	}
	// T2ST
	if !m.Addr.IsValid() || m.TEIDBits > 32 {
		return b, fmt.Errorf("encode mup t2st: endpoint %s teid length %d", m.Addr, m.TEIDBits)
	}
	b = append(b, byte(m.Addr.BitLen()+int(m.TEIDBits)))
	b = append(b, m.Addr.AsSlice()...)
	var teid [4]byte
	binary.BigEndian.PutUint32(teid[:], m.TEID)
	return append(b, teid[4-(int(m.TEIDBits)+7)/8:]...), nil
}

// AppendNLRI appends architecture, route type, length and value.
func (m MUP) AppendNLRI(b []byte, _ bool) ([]byte, error) {
	start := len(b)
	b = append(b, byte(m.Arch), byte(m.RouteType>>8), byte(m.RouteType), 0)
	var err error
	if b, err = m.appendValue(b); err != nil {
		return b[:start], err
	}
	n := len(b) - start - 4
	if n > 255 {
		return b[:start], fmt.Errorf("encode mup: route of %d bytes", n)
	}
	b[start+3] = byte(n)
	return b, nil
}

// String is ExaBGP 5.0's form (its "::" after the type name included):
// "mup:isd::RD:PREFIX", "mup:dsd::RD:IP",
// "mup:t1st::RD:PREFIX:TEID:QFI:ENDPOINT/PREFIXLEN[:SOURCE/LEN]" (sic: the
// prefix length after the endpoint), "mup:t2st::RD:ENDPOINTLEN:IP:TEID:",
// or "mup:unknown:0x<hex>".
func (m MUP) String() string {
	if !m.known() {
		return "mup:unknown:0x" + hex.EncodeToString(m.Raw)
	}
	s := "mup:" + m.RouteType.ShortName() + "::" + m.RD.String() + ":"
	switch m.RouteType {
	case MUPInterworkSegmentDiscovery:
		return s + m.Prefix.String()
	case MUPDirectSegmentDiscovery:
		return s + m.Addr.String()
	case MUPType1SessionTransformed:
		bits := strconv.Itoa(m.Prefix.Bits())
		s += m.Prefix.String() + ":" + strconv.FormatUint(uint64(m.TEID), 10) + ":" +
			strconv.Itoa(int(m.QFI)) + ":" + m.Endpoint.String() + "/" + bits
		if m.Source.IsValid() {
			s += ":" + m.Source.String() + "/" + strconv.Itoa(m.Source.BitLen())
		}
		return s
	}
	return s + strconv.Itoa(m.Addr.BitLen()+int(m.TEIDBits)) + ":" + m.Addr.String() + ":" +
		strconv.FormatUint(uint64(m.TEID), 10) + ":"
}

// mupAddr reads an address of n bytes (4 or 16) from b.
func mupAddr(b []byte) (netip.Addr, bool) {
	switch len(b) {
	case 4:
		return netip.AddrFrom4([4]byte(b)), true
	case 16:
		return netip.AddrFrom16([16]byte(b)), true
	}
	return netip.Addr{}, false
}

// decodeMUPPrefix reads a prefix length and its significant bytes, padded
// to an address of afi, and returns it with the bytes left.
func decodeMUPPrefix(afi AFI, v []byte) (netip.Prefix, []byte, error) {
	size := 4
	if afi == AFIIPv6 {
		size = 16
	}
	if len(v) < 1 {
		return netip.Prefix{}, nil, fmt.Errorf("missing prefix length")
	}
	bits := int(v[0])
	if bits > size*8 {
		return netip.Prefix{}, nil, fmt.Errorf("prefix length %d for %s", bits, afi)
	}
	n := (bits + 7) / 8
	if len(v) < 1+n {
		return netip.Prefix{}, nil, fmt.Errorf("prefix of %d bits in %d bytes", bits, len(v)-1)
	}
	full := make([]byte, size)
	copy(full, v[1:1+n])
	a, _ := mupAddr(full)
	return netip.PrefixFrom(a, bits), v[1+n:], nil
}

// decodeMUPValue parses the value of a 3GPP 5G route type into m.
func (m *MUP) decodeMUPValue(v []byte) error {
	// ExaBGP 5.0 (nlri/mup/*.py) refuses these with NOTIFICATION 3/10.
	if len(v) < 8 {
		return fmt.Errorf("%s route of %d bytes", m.RouteType.ShortName(), len(v))
	}
	m.RD = RD(v[:8])
	v = v[8:]
	var err error
	switch m.RouteType {
	case MUPInterworkSegmentDiscovery:
		if m.Prefix, v, err = decodeMUPPrefix(m.AFI, v); err != nil {
			return fmt.Errorf("isd: %w", err)
		}
		if len(v) != 0 {
			return fmt.Errorf("isd: %d bytes after the prefix", len(v))
		}
	case MUPDirectSegmentDiscovery:
		var ok bool
		if m.Addr, ok = mupAddr(v); !ok {
			return fmt.Errorf("dsd: address of %d bytes", len(v))
		}
	case MUPType1SessionTransformed:
		if m.Prefix, v, err = decodeMUPPrefix(m.AFI, v); err != nil {
			return fmt.Errorf("t1st: %w", err)
		}
		if len(v) < 6 {
			return fmt.Errorf("t1st: %d bytes after the prefix", len(v))
		}
		m.TEID, m.QFI = binary.BigEndian.Uint32(v), v[4]
		if m.Endpoint, v, err = decodeBitLenAddr(v[5:]); err != nil {
			return fmt.Errorf("t1st endpoint: %w", err)
		}
		if len(v) > 0 {
			if m.Source, v, err = decodeBitLenAddr(v); err != nil {
				return fmt.Errorf("t1st source: %w", err)
			}
			if len(v) != 0 {
				return fmt.Errorf("t1st: %d bytes after the source", len(v))
			}
		}
	case MUPType2SessionTransformed:
		size := 4
		if m.AFI == AFIIPv6 {
			size = 16
		}
		if len(v) < 1 {
			return fmt.Errorf("t2st: missing endpoint length")
		}
		bits := int(v[0])
		if bits < size*8 || bits > size*8+32 {
			return fmt.Errorf("t2st: endpoint length %d for %s", bits, m.AFI)
		}
		m.TEIDBits = uint8(bits - size*8)
		if len(v) != 1+size+(int(m.TEIDBits)+7)/8 {
			return fmt.Errorf("t2st: %d bytes for an endpoint of %d bits", len(v), bits)
		}
		m.Addr, _ = mupAddr(v[1 : 1+size])
		for _, c := range v[1+size:] {
			m.TEID = m.TEID<<8 | uint32(c)
		}
	}
	return nil
}

// decodeBitLenAddr reads a length in bits (32 or 128) and the address.
func decodeBitLenAddr(v []byte) (netip.Addr, []byte, error) {
	if len(v) < 1 || (v[0] != 32 && v[0] != 128) {
		return netip.Addr{}, nil, fmt.Errorf("address length is not 32 or 128 bits")
	}
	n := int(v[0]) / 8
	if len(v) < 1+n {
		return netip.Addr{}, nil, fmt.Errorf("address of %d bytes in %d", n, len(v)-1)
	}
	a, _ := mupAddr(v[1 : 1+n])
	return a, v[1+n:], nil
}

// DecodeMUP decodes the first MUP NLRI of afi from b and returns it with
// the bytes left. A malformed known route type is an error (ExaBGP 5.0
// sends NOTIFICATION 3/10); unknown ones are kept in Raw.
func DecodeMUP(afi AFI, b []byte, addPath bool) (MUP, []byte, error) {
	m := MUP{AFI: afi}
	if addPath {
		return m, nil, fmt.Errorf("decode mup: add-path is not supported")
	}
	if len(b) < 4 {
		return m, nil, fmt.Errorf("decode mup: %d bytes, need 4 for the header", len(b))
	}
	m.Arch, m.RouteType = MUPArch(b[0]), MUPRouteType(binary.BigEndian.Uint16(b[1:]))
	n := int(b[3])
	if len(b) < 4+n {
		return m, nil, fmt.Errorf("decode mup: route of %d bytes, %d left", n, len(b)-4)
	}
	v := b[4 : 4+n]
	if !m.known() {
		m.Raw = append([]byte(nil), v...)
		return m, b[4+n:], nil
	}
	if err := m.decodeMUPValue(v); err != nil {
		return m, nil, fmt.Errorf("decode mup: %w", err)
	}
	return m, b[4+n:], nil
}
