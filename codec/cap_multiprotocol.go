package codec

import (
	"encoding/binary"
	"fmt"
)

// CapMultiprotocol is the multiprotocol extensions capability (RFC 4760
// section 8) for one family. ExaBGP sends one per configured family.
type CapMultiprotocol Family

// Code is CapCodeMultiprotocol.
func (CapMultiprotocol) Code() CapCode { return CapCodeMultiprotocol }

// AppendValue appends AFI (2 bytes), a reserved zero byte and SAFI.
func (c CapMultiprotocol) AppendValue(b []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(c.AFI))
	return append(b, 0, byte(c.SAFI))
}

// String is ExaBGP's form "Multiprotocol(ipv4 unicast)".
func (c CapMultiprotocol) String() string { return "Multiprotocol(" + Family(c).String() + ")" }

func decodeCapMultiprotocol(v []byte) (Capability, error) {
	if len(v) != 4 {
		return nil, fmt.Errorf("decode capability multiprotocol: %d bytes, want 4", len(v))
	}
	// RFC 4760 section 8: "Res. - Reserved (8 bit) field. SHOULD be set to 0
	// by the sender and ignored by the receiver."
	return CapMultiprotocol{AFI(binary.BigEndian.Uint16(v)), SAFI(v[3])}, nil
}
