package codec

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// Graceful restart bits (RFC 4724 section 3).
const (
	// GRRestartState is the R bit of the 4-bit restart flags.
	GRRestartState = 0x8
	// GRForwardingState is the F bit of a family's flags.
	GRForwardingState = 0x80
)

// GRFamily is one family of the graceful restart capability.
type GRFamily struct {
	Family Family
	// Flags are the address family flags; GRForwardingState is the F bit.
	Flags uint8
}

// CapGracefulRestart is the graceful restart capability (RFC 4724).
type CapGracefulRestart struct {
	// Flags are the 4 restart flag bits; GRRestartState is the R bit.
	Flags uint8
	// Time is the restart time in seconds (12 bits).
	Time uint16
	// Families are the families with their forwarding state, in order.
	Families []GRFamily
}

// Code is CapCodeGracefulRestart.
func (CapGracefulRestart) Code() CapCode { return CapCodeGracefulRestart }

// AppendValue appends flags and time (2 bytes) then AFI, SAFI, flags per
// family.
func (c CapGracefulRestart) AppendValue(b []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(c.Flags&0xf)<<12|c.Time&0x0fff)
	for _, f := range c.Families {
		b = binary.BigEndian.AppendUint16(b, uint16(f.Family.AFI))
		b = append(b, byte(f.Family.SAFI), f.Flags)
	}
	return b
}

// String is ExaBGP's form "Graceful Restart Flags 0x8 Time 120 ipv4/unicast=0x80".
func (c CapGracefulRestart) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "Graceful Restart Flags 0x%x Time %d", c.Flags, c.Time)
	for i, f := range c.Families {
		if i == 0 {
			s.WriteString(" ")
		} else {
			s.WriteString(" ")
		}
		fmt.Fprintf(&s, "%s/%s=0x%x", f.Family.AFI, f.Family.SAFI, f.Flags)
	}
	return s.String()
}

func decodeCapGracefulRestart(v []byte) (Capability, error) {
	if len(v) < 2 || (len(v)-2)%4 != 0 {
		return nil, fmt.Errorf("decode capability graceful-restart: bad length %d", len(v))
	}
	r := binary.BigEndian.Uint16(v)
	c := CapGracefulRestart{Flags: uint8(r >> 12), Time: r & 0x0fff}
	for v = v[2:]; len(v) >= 4; v = v[4:] {
		c.Families = append(c.Families, GRFamily{Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[2])}, v[3]})
	}
	return c, nil
}
