package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
)

// Prefix is an IPv4 or IPv6 unicast or multicast NLRI (RFC 4271 section 4.3,
// RFC 4760): a prefix, led on the wire by an add-path path identifier when
// that was negotiated (RFC 7911).
type Prefix struct {
	// Fam is ipv4/ipv6 unicast or multicast.
	Fam Family
	// Prefix is the announced network, masked.
	Prefix netip.Prefix
	// PathID is the add-path identifier; 0 when absent.
	PathID PathID
}

// NewPrefix returns the Prefix NLRI of p in the unicast family of its
// address, masked.
func NewPrefix(p netip.Prefix) Prefix {
	f := IPv4Unicast
	if p.Addr().Is6() {
		f = IPv6Unicast
	}
	return Prefix{Fam: f, Prefix: p.Masked()}
}

// Family is the (AFI, SAFI) of the prefix.
func (p Prefix) Family() Family { return p.Fam }

// AppendNLRI appends [path id] length prefix-bytes.
func (p Prefix) AppendNLRI(b []byte, addPath bool) ([]byte, error) {
	if !p.Prefix.IsValid() {
		return b, fmt.Errorf("encode %s nlri: invalid prefix", p.Fam)
	}
	if addPath {
		b = binary.BigEndian.AppendUint32(b, uint32(p.PathID))
	}
	return appendPrefixBits(b, p.Prefix.Addr(), p.Prefix.Bits()), nil
}

// String is ExaBGP's form: "10.0.0.0/24" plus " path-information 0.0.0.1"
// when a path identifier is set.
func (p Prefix) String() string { return p.Prefix.String() + p.PathID.suffix() }

// DecodePrefix decodes one prefix NLRI of f from b and returns the bytes left.
func DecodePrefix(f Family, b []byte, addPath bool) (Prefix, []byte, error) {
	p := Prefix{Fam: f}
	var err error
	if p.PathID, b, err = decodePathID(b, addPath); err != nil {
		return p, nil, fmt.Errorf("decode %s nlri: %w", f, err)
	}
	if len(b) < 1 {
		return p, nil, fmt.Errorf("decode %s nlri: missing prefix length", f)
	}
	bits := int(b[0])
	if p.Prefix, b, err = decodePrefixBits(f.AFI, bits, b[1:]); err != nil {
		return p, nil, fmt.Errorf("decode %s nlri: %w", f, err)
	}
	return p, b, nil
}

// String prints a path id as ExaBGP does: dotted quad.
func (id PathID) String() string {
	return strconv.Itoa(int(id>>24)) + "." + strconv.Itoa(int(id>>16&0xff)) + "." +
		strconv.Itoa(int(id>>8&0xff)) + "." + strconv.Itoa(int(id&0xff))
}

// suffix is " path-information A.B.C.D" for a set path id, "" otherwise.
func (id PathID) suffix() string {
	if id == 0 {
		return ""
	}
	return " path-information " + id.String()
}

// decodePathID reads the 4-byte add-path identifier when addPath is set.
func decodePathID(b []byte, addPath bool) (PathID, []byte, error) {
	if !addPath {
		return 0, b, nil
	}
	if len(b) < 4 {
		return 0, nil, fmt.Errorf("path identifier needs 4 bytes, %d left", len(b))
	}
	return PathID(binary.BigEndian.Uint32(b)), b[4:], nil
}

// appendPrefixBits appends the RFC 4271 prefix form: bit length, then the
// fewest bytes holding those bits.
func appendPrefixBits(b []byte, a netip.Addr, bits int) []byte {
	b = append(b, byte(bits))
	return appendAddrBits(b, a, bits)
}

// appendAddrBits appends the leading ceil(bits/8) bytes of a.
func appendAddrBits(b []byte, a netip.Addr, bits int) []byte {
	n := (bits + 7) / 8
	if a.Is4() {
		v := a.As4()
		return append(b, v[:n]...)
	}
	v := a.As16()
	return append(b, v[:n]...)
}

// decodePrefixBits reads ceil(bits/8) bytes from b as an address of afi and
// returns the masked prefix and the bytes left.
func decodePrefixBits(afi AFI, bits int, b []byte) (netip.Prefix, []byte, error) {
	max := 32
	if afi == AFIIPv6 {
		max = 128
	} else if afi != AFIIPv4 {
		return netip.Prefix{}, nil, fmt.Errorf("prefix of afi %d", uint16(afi))
	}
	if bits > max {
		return netip.Prefix{}, nil, fmt.Errorf("prefix length %d longer than %d", bits, max)
	}
	n := (bits + 7) / 8
	if len(b) < n {
		return netip.Prefix{}, nil, fmt.Errorf("prefix /%d needs %d bytes, %d left", bits, n, len(b))
	}
	var a netip.Addr
	if max == 32 {
		var v [4]byte
		copy(v[:], b[:n])
		a = netip.AddrFrom4(v)
	} else {
		var v [16]byte
		copy(v[:], b[:n])
		a = netip.AddrFrom16(v)
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return netip.Prefix{}, nil, err
	}
	return p, b[n:], nil
}
