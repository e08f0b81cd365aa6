package codec

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// EVPNRouteType is the route type of an EVPN NLRI (RFC 7432 section 7,
// RFC 9136).
type EVPNRouteType uint8

// EVPN route types ExaBGP decodes.
const (
	EVPNEthernetAD      EVPNRouteType = 1
	EVPNMACAdvertise    EVPNRouteType = 2
	EVPNMulticast       EVPNRouteType = 3
	EVPNEthernetSegment EVPNRouteType = 4
	EVPNIPPrefix        EVPNRouteType = 5
)

// ShortName is ExaBGP's lower-case short name of the route type, as in
// "evpn:macadv:...".
func (t EVPNRouteType) ShortName() string {
	switch t {
	case EVPNEthernetAD:
		return "ethernetad"
	case EVPNMACAdvertise:
		return "macadv"
	case EVPNMulticast:
		return "multicast"
	case EVPNEthernetSegment:
		return "segment"
	case EVPNIPPrefix:
		return "prfxadv"
	}
	return "unknown"
}

// Name is ExaBGP's long name of the route type (its JSON "name").
func (t EVPNRouteType) Name() string {
	switch t {
	case EVPNEthernetAD:
		return "Ethernet Auto-Discovery"
	case EVPNMACAdvertise:
		return "MAC/IP advertisement"
	case EVPNMulticast:
		return "Inclusive Multicast Ethernet Tag"
	case EVPNEthernetSegment:
		return "Ethernet Segment"
	case EVPNIPPrefix:
		return "IP Prefix Advertisement"
	}
	return "Unknown"
}

// ESI is a 10-byte Ethernet Segment Identifier (RFC 7432 section 5).
type ESI [10]byte

// String is "-" for the zero ESI, else lower-case hex bytes joined by ':'.
func (e ESI) String() string {
	if e == (ESI{}) {
		return "-"
	}
	return colonHex(e[:], "%02x")
}

// MAC is a 6-byte Ethernet address.
type MAC [6]byte

// String is upper-case hex bytes joined by ':', as ExaBGP prints a MAC.
func (m MAC) String() string { return colonHex(m[:], "%02X") }

// colonHex prints b with format f per byte, joined by ':'.
func colonHex(b []byte, f string) string {
	parts := make([]string, len(b))
	for i, c := range b {
		parts[i] = fmt.Sprintf(f, c)
	}
	return strings.Join(parts, ":")
}

// EVPN is an l2vpn evpn NLRI. Which fields are used depends on RouteType:
//
//	1 Ethernet A-D:        RD, ESI, EthernetTag, Labels (one)
//	2 MAC/IP advertisement: RD, ESI, EthernetTag, MACLen, MAC, IP (optional), Labels (one or two)
//	3 Inclusive multicast:  RD, EthernetTag, IP (originating router)
//	4 Ethernet segment:     RD, ESI, IP (originating router)
//	5 IP prefix:            RD, ESI, EthernetTag, IP and PrefixLen, Gateway, Labels (one)
//
// Other route types keep their value in Raw. ExaBGP uses no add-path for
// EVPN, nor do we.
type EVPN struct {
	// RouteType selects the fields in use.
	RouteType EVPNRouteType
	// RD is the route distinguisher.
	RD RD
	// ESI is the Ethernet segment identifier.
	ESI ESI
	// EthernetTag is the Ethernet tag ID.
	EthernetTag uint32
	// MACLen is the MAC address length in bits (48).
	MACLen uint8
	// MAC is the MAC address.
	MAC MAC
	// IP is the IP address (type 2), originating router (types 3, 4) or
	// prefix address (type 5).
	IP netip.Addr
	// PrefixLen is the IP prefix length of type 5.
	PrefixLen uint8
	// Gateway is the gateway address of type 5.
	Gateway netip.Addr
	// Labels are the MPLS labels.
	Labels LabelStack
	// Raw is the route value of unknown route types.
	Raw []byte
}

// Family is l2vpn evpn.
func (EVPN) Family() Family { return L2VPNEVPN }

// addrLenBits is the bit length of a, 0 when a is not valid.
func addrLenBits(a netip.Addr) int {
	if !a.IsValid() {
		return 0
	}
	return a.BitLen()
}

// appendValue appends the route-type specific value.
func (e EVPN) appendValue(b []byte) ([]byte, error) {
	switch e.RouteType {
	case EVPNEthernetAD:
		b = append(b, e.RD[:]...)
		b = append(b, e.ESI[:]...)
		b = binary.BigEndian.AppendUint32(b, e.EthernetTag)
		return e.Labels.AppendLabels(b), nil
	case EVPNMACAdvertise:
		b = append(b, e.RD[:]...)
		b = append(b, e.ESI[:]...)
		b = binary.BigEndian.AppendUint32(b, e.EthernetTag)
		b = append(b, e.MACLen)
		b = append(b, e.MAC[:]...)
		b = append(b, byte(addrLenBits(e.IP)))
		if e.IP.IsValid() {
			b = append(b, e.IP.AsSlice()...)
		}
		return e.Labels.AppendLabels(b), nil
	case EVPNMulticast:
		if !e.IP.IsValid() {
			return b, fmt.Errorf("encode evpn multicast: no originating router ip")
		}
		b = append(b, e.RD[:]...)
		b = binary.BigEndian.AppendUint32(b, e.EthernetTag)
		b = append(b, byte(addrLenBits(e.IP)))
		return append(b, e.IP.AsSlice()...), nil
	case EVPNEthernetSegment:
		b = append(b, e.RD[:]...)
		b = append(b, e.ESI[:]...)
		b = append(b, byte(addrLenBits(e.IP)))
		if e.IP.IsValid() {
			b = append(b, e.IP.AsSlice()...)
		}
		return b, nil
	case EVPNIPPrefix:
		if !e.IP.IsValid() || !e.Gateway.IsValid() || e.IP.Is4() != e.Gateway.Is4() {
			return b, fmt.Errorf("encode evpn ip prefix: ip %s and gateway %s", e.IP, e.Gateway)
		}
		b = append(b, e.RD[:]...)
		b = append(b, e.ESI[:]...)
		b = binary.BigEndian.AppendUint32(b, e.EthernetTag)
		b = append(b, e.PrefixLen)
		b = append(b, e.IP.AsSlice()...)
		b = append(b, e.Gateway.AsSlice()...)
		return e.Labels.AppendLabels(b), nil
	}
	return append(b, e.Raw...), nil
}

// AppendNLRI appends route type, length and value.
func (e EVPN) AppendNLRI(b []byte, _ bool) ([]byte, error) {
	start := len(b)
	b = append(b, byte(e.RouteType), 0)
	var err error
	if b, err = e.appendValue(b); err != nil {
		return b[:start], err
	}
	n := len(b) - start - 2
	if n > 255 {
		return b[:start], fmt.Errorf("encode evpn: route of %d bytes", n)
	}
	b[start+1] = byte(n)
	return b, nil
}

// String is ExaBGP's form (it only ever prints decoded EVPN routes, so
// labels show their raw entry, and of a MAC route only the first label),
// e.g. "evpn:macadv::1.2.3.4:1:-:0:00:11:22:AA:BB:CC/48:10.1.1.1: label 200 (3201)".
func (e EVPN) String() string {
	p := "evpn:" + e.RouteType.ShortName() + "::"
	ip := ""
	if e.IP.IsValid() {
		ip = e.IP.String()
	}
	tag := strconv.FormatUint(uint64(e.EthernetTag), 10)
	switch e.RouteType {
	case EVPNEthernetAD:
		return p + e.RD.String() + ":" + e.ESI.String() + ":" + tag + ":" + e.Labels.decodedString()
	case EVPNMACAdvertise:
		return p + e.RD.String() + ":" + e.ESI.String() + ":" + tag + ":" + e.MAC.String() +
			"/" + strconv.Itoa(int(e.MACLen)) + ":" + ip + ":" + e.Labels[:min(len(e.Labels), 1)].decodedString()
	case EVPNMulticast:
		return p + e.RD.String() + ":" + tag + ":" + ip
	case EVPNEthernetSegment:
		return p + e.RD.String() + ":" + e.ESI.String() + ":" + ip
	case EVPNIPPrefix:
		gw := ""
		if e.Gateway.IsValid() {
			gw = e.Gateway.String()
		}
		return p + e.RD.String() + ":" + e.ESI.String() + ":" + tag + ":" + ip + "/" +
			strconv.Itoa(int(e.PrefixLen)) + ":" + gw + ":" + e.Labels.decodedString()
	}
	return "evpn:unknown:0x" + hex.EncodeToString(e.Raw)
}

// DecodeEVPN decodes one l2vpn evpn NLRI from b.
func DecodeEVPN(b []byte, _ bool) (EVPN, []byte, error) {
	var e EVPN
	if len(b) < 2 {
		return e, nil, fmt.Errorf("decode evpn: missing route type and length")
	}
	e.RouteType = EVPNRouteType(b[0])
	n := int(b[1])
	if len(b) < 2+n {
		return e, nil, fmt.Errorf("decode evpn %s: length %d, %d bytes left", e.RouteType.ShortName(), n, len(b)-2)
	}
	v, rest := b[2:2+n], b[2+n:]
	if err := e.decodeValue(v); err != nil {
		return e, nil, fmt.Errorf("decode evpn %s: %w", e.RouteType.ShortName(), err)
	}
	return e, rest, nil
}

// decodeValue fills the fields of the route type from its value v.
func (e *EVPN) decodeValue(v []byte) error {
	need := func(n int) error {
		if len(v) < n {
			return fmt.Errorf("%d bytes, need %d", len(v), n)
		}
		return nil
	}
	labels := func(rest []byte, min, max int) (LabelStack, error) {
		if len(rest)%3 != 0 || len(rest)/3 < min || len(rest)/3 > max {
			return nil, fmt.Errorf("%d bytes of labels", len(rest))
		}
		var s LabelStack
		for ; len(rest) > 0; rest = rest[3:] {
			s = append(s, Label(uint32(rest[0])<<16|uint32(rest[1])<<8|uint32(rest[2])))
		}
		return s, nil
	}
	addr := func(b []byte, bits int) (netip.Addr, []byte, error) {
		switch bits {
		case 32:
			if len(b) < 4 {
				return netip.Addr{}, nil, fmt.Errorf("ipv4 address truncated")
			}
			return netip.AddrFrom4([4]byte(b)), b[4:], nil
		case 128:
			if len(b) < 16 {
				return netip.Addr{}, nil, fmt.Errorf("ipv6 address truncated")
			}
			return netip.AddrFrom16([16]byte(b)), b[16:], nil
		}
		return netip.Addr{}, nil, fmt.Errorf("ip length %d bits", bits)
	}
	var err error
	switch e.RouteType {
	case EVPNEthernetAD:
		if err = need(25); err != nil {
			return err
		}
		e.RD, e.ESI, e.EthernetTag = RD(v[:8]), ESI(v[8:18]), binary.BigEndian.Uint32(v[18:])
		e.Labels, err = labels(v[22:], 1, 1)
		return err
	case EVPNMACAdvertise:
		if err = need(33); err != nil {
			return err
		}
		e.RD, e.ESI, e.EthernetTag = RD(v[:8]), ESI(v[8:18]), binary.BigEndian.Uint32(v[18:])
		e.MACLen = v[22]
		if e.MACLen > 48 {
			return fmt.Errorf("mac length %d", e.MACLen)
		}
		e.MAC = MAC(v[23:29])
		rest := v[30:]
		if bits := int(v[29]); bits != 0 {
			if e.IP, rest, err = addr(rest, bits); err != nil {
				return err
			}
		}
		e.Labels, err = labels(rest, 1, 2)
		return err
	case EVPNMulticast:
		if err = need(13); err != nil {
			return err
		}
		e.RD, e.EthernetTag = RD(v[:8]), binary.BigEndian.Uint32(v[8:])
		var rest []byte
		if e.IP, rest, err = addr(v[13:], int(v[12])); err != nil {
			return err
		}
		if len(rest) != 0 {
			return fmt.Errorf("%d trailing bytes", len(rest))
		}
		return nil
	case EVPNEthernetSegment:
		if err = need(19); err != nil {
			return err
		}
		e.RD, e.ESI = RD(v[:8]), ESI(v[8:18])
		var rest []byte
		if e.IP, rest, err = addr(v[19:], int(v[18])); err != nil {
			return err
		}
		if len(rest) != 0 {
			return fmt.Errorf("%d trailing bytes", len(rest))
		}
		return nil
	case EVPNIPPrefix:
		bits := 0
		switch len(v) {
		case 34:
			bits = 32
		case 58:
			bits = 128
		default:
			return fmt.Errorf("%d bytes, expected 34 or 58", len(v))
		}
		e.RD, e.ESI, e.EthernetTag = RD(v[:8]), ESI(v[8:18]), binary.BigEndian.Uint32(v[18:])
		e.PrefixLen = v[22]
		if int(e.PrefixLen) > bits {
			return fmt.Errorf("prefix length %d", e.PrefixLen)
		}
		rest := v[23:]
		e.IP, rest, _ = addr(rest, bits)
		e.Gateway, rest, _ = addr(rest, bits)
		e.Labels, err = labels(rest, 1, 1)
		return err
	}
	e.Raw = append([]byte(nil), v...)
	return nil
}
