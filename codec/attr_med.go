package codec

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// MED is the MULTI_EXIT_DISC attribute (RFC 4271 section 5.1.4).
type MED uint32

// Code is AttrMED.
func (MED) Code() AttrCode { return AttrMED }

// Flags is optional non-transitive.
func (MED) Flags() AttrFlags { return FlagOptional }

// AppendValue appends the 4-byte metric.
func (m MED) AppendValue(b []byte, _ Options) ([]byte, error) {
	return binary.BigEndian.AppendUint32(b, uint32(m)), nil
}

// String is the decimal value.
func (m MED) String() string { return strconv.FormatUint(uint64(m), 10) }

// DecodeMED decodes a MULTI_EXIT_DISC value.
func DecodeMED(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.4: "The attribute MUST be considered malformed if
	// its length is not 4" (treat-as-withdraw).
	if len(v) != 4 {
		return nil, fmt.Errorf("decode med: length %d, want 4", len(v))
	}
	return MED(binary.BigEndian.Uint32(v)), nil
}
