package codec

import (
	"encoding/binary"
	"fmt"
)

// ASTrans is AS_TRANS (RFC 6793), the 2-byte stand-in for a 4-byte AS.
const ASTrans = 23456

// CapASN4 is the 4-octet AS number capability (RFC 6793) carrying the
// speaker's AS.
type CapASN4 uint32

// Code is CapCodeASN4.
func (CapASN4) Code() CapCode { return CapCodeASN4 }

// AppendValue appends the 4-byte AS.
func (c CapASN4) AppendValue(b []byte) []byte { return binary.BigEndian.AppendUint32(b, uint32(c)) }

// String is ExaBGP's form "ASN4(65000)".
func (c CapASN4) String() string { return fmt.Sprintf("ASN4(%d)", uint32(c)) }

func decodeCapASN4(v []byte) (Capability, error) {
	if len(v) != 4 {
		return nil, fmt.Errorf("decode capability asn4: %d bytes, want 4", len(v))
	}
	return CapASN4(binary.BigEndian.Uint32(v)), nil
}
