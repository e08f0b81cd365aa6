package codec

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
)

// MVPNRouteType is the route type of an MCAST-VPN NLRI (RFC 6514 section
// 4).
type MVPNRouteType uint8

// MCAST-VPN route types ExaBGP 5.0 parses (RFC 6514 sections 4.5 and 4.6).
const (
	MVPNSourceActiveAD MVPNRouteType = 5
	MVPNSharedTreeJoin MVPNRouteType = 6
	MVPNSourceTreeJoin MVPNRouteType = 7
)

// Name is ExaBGP 5.0's JSON "name" of the route type.
func (t MVPNRouteType) Name() string {
	switch t {
	case MVPNSourceActiveAD:
		return "Source Active A-D Route"
	case MVPNSharedTreeJoin:
		return "C-Multicast Shared Tree Join route"
	case MVPNSourceTreeJoin:
		return "C-Multicast Source Tree Join route"
	}
	return "Unknown"
}

// ShortName is ExaBGP 5.0's lower-case short name, as in "mvpn:sourcead:".
func (t MVPNRouteType) ShortName() string {
	switch t {
	case MVPNSourceActiveAD:
		return "sourcead"
	case MVPNSharedTreeJoin:
		return "shared-join"
	case MVPNSourceTreeJoin:
		return "source-join"
	}
	return "unknown"
}

// MVPN is an ipv4 mcast-vpn or ipv6 mcast-vpn NLRI (SAFI 5, RFC 6514
// section 4): route type (1), length (1), value. The route types ExaBGP
// 5.0 parses are:
//
//	5 Source Active A-D:         RD, Source, Group
//	6 C-multicast shared join:   RD, SourceAS, Source (the RP), Group
//	7 C-multicast source join:   RD, SourceAS, Source, Group
//
// each address led by its length in bits (32 or 128). Other route types
// keep their value in Raw. No add-path, as in ExaBGP.
type MVPN struct {
	// AFI is ipv4 or ipv6.
	AFI AFI
	// RouteType selects the fields in use.
	RouteType MVPNRouteType
	// RD is the route distinguisher.
	RD RD
	// SourceAS is the source AS of C-multicast routes.
	SourceAS uint32
	// Source is the multicast source (the RP of a shared tree join).
	Source netip.Addr
	// Group is the multicast group.
	Group netip.Addr
	// Raw is the value of route types not parsed.
	Raw []byte
}

// Family is ipv4 mcast-vpn or ipv6 mcast-vpn.
func (m MVPN) Family() Family { return Family{m.AFI, SAFIMVPN} }

// known reports whether the route type has its fields parsed.
func (m MVPN) known() bool {
	return m.RouteType >= MVPNSourceActiveAD && m.RouteType <= MVPNSourceTreeJoin
}

// appendValue appends the route type specific value.
func (m MVPN) appendValue(b []byte) ([]byte, error) {
	if !m.known() {
		return append(b, m.Raw...), nil
	}
	if !m.Source.IsValid() || !m.Group.IsValid() {
		return b, fmt.Errorf("encode mvpn %s: source %s group %s", m.RouteType.ShortName(), m.Source, m.Group)
	}
	b = append(b, m.RD[:]...)
	if m.RouteType != MVPNSourceActiveAD {
		b = binary.BigEndian.AppendUint32(b, m.SourceAS)
	}
	b = append(b, byte(m.Source.BitLen()))
	b = append(b, m.Source.AsSlice()...)
	b = append(b, byte(m.Group.BitLen()))
	return append(b, m.Group.AsSlice()...), nil
}

// AppendNLRI appends route type, length and value.
func (m MVPN) AppendNLRI(b []byte, _ bool) ([]byte, error) {
	start := len(b)
	b = append(b, byte(m.RouteType), 0)
	var err error
	if b, err = m.appendValue(b); err != nil {
		return b[:start], err
	}
	n := len(b) - start - 2
	if n > 255 {
		return b[:start], fmt.Errorf("encode mvpn: route of %d bytes", n)
	}
	b[start+1] = byte(n)
	return b, nil
}

// String is ExaBGP 5.0's form: "mvpn:sourcead:RD:SOURCE:GROUP",
// "mvpn:shared-join:RD:AS:RP:GROUP", "mvpn:source-join:RD:AS:SOURCE:GROUP"
// (its "::" after the type name included), or "mvpn:unknown:0x<hex>".
func (m MVPN) String() string {
	if !m.known() {
		return "mvpn:unknown:0x" + hex.EncodeToString(m.Raw)
	}
	s := "mvpn:" + m.RouteType.ShortName() + "::" + m.RD.String() + ":"
	if m.RouteType != MVPNSourceActiveAD {
		s += strconv.FormatUint(uint64(m.SourceAS), 10) + ":"
	}
	return s + m.Source.String() + ":" + m.Group.String()
}

// DecodeMVPN decodes the first MCAST-VPN NLRI of afi from b and returns
// it with the bytes left. A malformed parsed route type is an error
// (ExaBGP 5.0 sends NOTIFICATION 3/5); other route types are kept in Raw.
func DecodeMVPN(afi AFI, b []byte, addPath bool) (MVPN, []byte, error) {
	m := MVPN{AFI: afi}
	if addPath {
		return m, nil, fmt.Errorf("decode mvpn: add-path is not supported")
	}
	if len(b) < 2 {
		return m, nil, fmt.Errorf("decode mvpn: %d bytes, need 2 for the header", len(b))
	}
	m.RouteType = MVPNRouteType(b[0])
	n := int(b[1])
	if len(b) < 2+n {
		return m, nil, fmt.Errorf("decode mvpn: route of %d bytes, %d left", n, len(b)-2)
	}
	v, rest := b[2:2+n], b[2+n:]
	if !m.known() {
		m.Raw = append([]byte(nil), v...)
		return m, rest, nil
	}
	// RFC 6514 sections 4.5 and 4.6: 18 or 42 bytes for a Source Active
	// A-D route, 22 or 46 for a C-multicast route (IPv4 or IPv6).
	want := 18
	if m.RouteType != MVPNSourceActiveAD {
		want = 22
	}
	if len(v) != want && len(v) != want+24 {
		return m, nil, fmt.Errorf("decode mvpn %s: route of %d bytes", m.RouteType.ShortName(), len(v))
	}
	m.RD = RD(v[:8])
	v = v[8:]
	if m.RouteType != MVPNSourceActiveAD {
		m.SourceAS = binary.BigEndian.Uint32(v)
		v = v[4:]
	}
	var err error
	if m.Source, v, err = decodeBitLenAddr(v); err != nil {
		return m, nil, fmt.Errorf("decode mvpn %s source: %w", m.RouteType.ShortName(), err)
	}
	if m.Group, v, err = decodeBitLenAddr(v); err != nil {
		return m, nil, fmt.Errorf("decode mvpn %s group: %w", m.RouteType.ShortName(), err)
	}
	if len(v) != 0 {
		return m, nil, fmt.Errorf("decode mvpn %s: %d bytes after the group", m.RouteType.ShortName(), len(v))
	}
	return m, rest, nil
}
