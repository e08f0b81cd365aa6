package codec

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// LocalPref is the LOCAL_PREF attribute (RFC 4271 section 5.1.5).
type LocalPref uint32

// Code is AttrLocalPref.
func (LocalPref) Code() AttrCode { return AttrLocalPref }

// Flags is well-known transitive.
func (LocalPref) Flags() AttrFlags { return FlagTransitive }

// AppendValue appends the 4-byte preference.
func (l LocalPref) AppendValue(b []byte, _ Options) ([]byte, error) {
	return binary.BigEndian.AppendUint32(b, uint32(l)), nil
}

// String is the decimal value.
func (l LocalPref) String() string { return strconv.FormatUint(uint64(l), 10) }

// DecodeLocalPref decodes a LOCAL_PREF value.
func DecodeLocalPref(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.5: "The attribute MUST be considered malformed if
	// its length is not 4" (treat-as-withdraw).
	if len(v) != 4 {
		return nil, fmt.Errorf("decode local-preference: length %d, want 4", len(v))
	}
	return LocalPref(binary.BigEndian.Uint32(v)), nil
}
