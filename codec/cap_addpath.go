package codec

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// AddPathMode is the send/receive field of the add-path capability.
type AddPathMode uint8

// Add-path modes (RFC 7911 section 4).
const (
	AddPathReceive AddPathMode = 1
	AddPathSend    AddPathMode = 2
	AddPathBoth    AddPathMode = 3
)

// String is ExaBGP's name: "receive", "send", "send/receive".
func (m AddPathMode) String() string {
	switch m {
	case 0:
		return "disabled"
	case AddPathReceive:
		return "receive"
	case AddPathSend:
		return "send"
	case AddPathBoth:
		return "send/receive"
	}
	return fmt.Sprintf("unknown-%d", uint8(m))
}

// AddPathFamily is one family of the add-path capability.
type AddPathFamily struct {
	Family Family
	Mode   AddPathMode
}

// CapAddPath is the ADD-PATH capability (RFC 7911).
type CapAddPath []AddPathFamily

// Code is CapCodeAddPath.
func (CapAddPath) Code() CapCode { return CapCodeAddPath }

// AppendValue appends AFI (2), SAFI (1), mode (1) per family.
func (c CapAddPath) AppendValue(b []byte) []byte {
	for _, f := range c {
		b = binary.BigEndian.AppendUint16(b, uint16(f.Family.AFI))
		b = append(b, byte(f.Family.SAFI), byte(f.Mode))
	}
	return b
}

// Mode returns the mode announced for f, 0 when absent.
func (c CapAddPath) Mode(f Family) AddPathMode {
	for _, x := range c {
		if x.Family == f {
			return x.Mode
		}
	}
	return 0
}

// String is ExaBGP's form "AddPath(send/receive ipv4 unicast)".
func (c CapAddPath) String() string {
	parts := make([]string, 0, len(c))
	for _, f := range c {
		parts = append(parts, f.Mode.String()+" "+f.Family.String())
	}
	return "AddPath(" + strings.Join(parts, ",") + ")"
}

func decodeCapAddPath(v []byte) (Capability, error) {
	if len(v)%4 != 0 {
		return nil, fmt.Errorf("decode capability add-path: bad length %d", len(v))
	}
	c := CapAddPath{}
	for ; len(v) >= 4; v = v[4:] {
		c = append(c, AddPathFamily{Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[2])}, AddPathMode(v[3])})
	}
	return c, nil
}
