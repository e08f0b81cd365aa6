package codec

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// ExtNextHopTuple is one entry of the extended next hop capability: NLRI of
// Family may carry a next hop of NextHopAFI.
type ExtNextHopTuple struct {
	Family     Family
	NextHopAFI AFI
}

// CapExtendedNextHop is the extended next hop encoding capability (RFC 8950).
type CapExtendedNextHop []ExtNextHopTuple

// Code is CapCodeExtendedNextHop.
func (CapExtendedNextHop) Code() CapCode { return CapCodeExtendedNextHop }

// AppendValue appends AFI (2), SAFI (2), next-hop AFI (2) per tuple.
func (c CapExtendedNextHop) AppendValue(b []byte) []byte {
	for _, t := range c {
		b = binary.BigEndian.AppendUint16(b, uint16(t.Family.AFI))
		b = append(b, 0, byte(t.Family.SAFI))
		b = binary.BigEndian.AppendUint16(b, uint16(t.NextHopAFI))
	}
	return b
}

// String is ExaBGP's form "NextHop(ipv4 unicast ipv6)".
func (c CapExtendedNextHop) String() string {
	parts := make([]string, 0, len(c))
	for _, t := range c {
		parts = append(parts, t.Family.String()+" "+t.NextHopAFI.String())
	}
	return "NextHop(" + strings.Join(parts, ",") + ")"
}

func decodeCapExtendedNextHop(v []byte) (Capability, error) {
	if len(v)%6 != 0 {
		return nil, fmt.Errorf("decode capability nexthop: bad length %d", len(v))
	}
	c := CapExtendedNextHop{}
	for ; len(v) >= 6; v = v[6:] {
		c = append(c, ExtNextHopTuple{
			Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[3])},
			AFI(binary.BigEndian.Uint16(v[4:])),
		})
	}
	return c, nil
}
