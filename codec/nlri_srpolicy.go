package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
)

// SRPolicy is an ipv4 or ipv6 sr-policy NLRI (SAFI 73, RFC 9830 section
// 2.1, formerly draft-ietf-idr-segment-routing-te-policy): a distinguisher,
// the policy color and the endpoint. ExaBGP 4.2 does not know the family.
//
//	+-----------------------------------------------+
//	|  NLRI Length (1 octet, in bits: 96 or 192)    |
//	|  Distinguisher (4 octets)                     |
//	|  Policy Color (4 octets)                      |
//	|  Endpoint (4 or 16 octets)                    |
//	+-----------------------------------------------+
type SRPolicy struct {
	// Fam is IPv4SRPolicy or IPv6SRPolicy.
	Fam Family
	// Distinguisher makes the NLRI unique among policies of one headend.
	Distinguisher uint32
	// Color is the policy color.
	Color uint32
	// Endpoint is the policy endpoint, of the family's address family.
	Endpoint netip.Addr
	// PathID is the add-path identifier; 0 when absent.
	PathID PathID
}

// Family is Fam.
func (p SRPolicy) Family() Family { return p.Fam }

// AppendNLRI appends [path id], length in bits, distinguisher, color and
// endpoint.
func (p SRPolicy) AppendNLRI(b []byte, addPath bool) ([]byte, error) {
	if !p.Endpoint.IsValid() {
		return b, fmt.Errorf("encode %s: no endpoint", p.Fam)
	}
	if addPath {
		b = binary.BigEndian.AppendUint32(b, uint32(p.PathID))
	}
	b = append(b, byte(64+p.Endpoint.BitLen()))
	b = binary.BigEndian.AppendUint32(b, p.Distinguisher)
	b = binary.BigEndian.AppendUint32(b, p.Color)
	return append(b, p.Endpoint.AsSlice()...), nil
}

// String is "distinguisher D color C endpoint A", the keywords of the
// SR-TE policy in GoBGP and in ExaBGP 5.
func (p SRPolicy) String() string {
	return "distinguisher " + strconv.FormatUint(uint64(p.Distinguisher), 10) +
		" color " + strconv.FormatUint(uint64(p.Color), 10) +
		" endpoint " + p.Endpoint.String() + p.PathID.suffix()
}

// DecodeSRPolicy decodes one sr-policy NLRI. An entry whose length does not
// fit the family (96 bits for ipv4, 192 for ipv6) is returned as a RawNLRI,
// as exago carried the family before.
func DecodeSRPolicy(f Family, b []byte, addPath bool) (NLRI, []byte, error) {
	return decodeParsedOrRaw(f, b, addPath, func(data []byte, id PathID) (NLRI, error) {
		p, err := ParseSRPolicy(f, data)
		p.PathID = id
		return p, err
	})
}

// ParseSRPolicy decodes the entry data of an sr-policy NLRI (length and
// value, without path identifier).
func ParseSRPolicy(f Family, data []byte) (SRPolicy, error) {
	p := SRPolicy{Fam: f}
	size := 4
	if f.AFI == AFIIPv6 {
		size = 16
	} else if f.AFI != AFIIPv4 {
		return p, fmt.Errorf("decode %s: unsupported afi", f)
	}
	if len(data) != 1+8+size || int(data[0]) != (8+size)*8 {
		return p, fmt.Errorf("decode %s: nlri of %d bytes, want %d bits", f, len(data), (8+size)*8)
	}
	p.Distinguisher = binary.BigEndian.Uint32(data[1:])
	p.Color = binary.BigEndian.Uint32(data[5:])
	p.Endpoint, _ = netip.AddrFromSlice(data[9:])
	return p, nil
}
