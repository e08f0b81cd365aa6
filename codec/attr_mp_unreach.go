package codec

import (
	"encoding/binary"
	"fmt"
)

// MPUnreach is the MP_UNREACH_NLRI attribute (RFC 4760 section 4): the
// withdrawn NLRI of one family. With no NLRI it is the End-of-RIB marker of
// the family (RFC 4724 section 2).
type MPUnreach struct {
	// Family is the AFI/SAFI of every entry of NLRI.
	Family Family
	// NLRI are the withdrawn entries.
	NLRI []NLRI
}

// EOR returns the End-of-RIB marker attribute of f (not used for ipv4
// unicast, whose marker is an empty UPDATE).
func EOR(f Family) MPUnreach { return MPUnreach{Family: f} }

// IsEOR reports whether m is an End-of-RIB marker (no NLRI).
func (m MPUnreach) IsEOR() bool { return len(m.NLRI) == 0 }

// Code is AttrMPUnreach.
func (MPUnreach) Code() AttrCode { return AttrMPUnreach }

// Flags is optional, non-transitive; ExaBGP writes the End-of-RIB marker
// with the extended-length bit set (900F0003...), so an empty MPUnreach asks
// for it too: the attribute encoder must keep a set FlagExtLength.
func (m MPUnreach) Flags() AttrFlags {
	if m.IsEOR() {
		return FlagOptional | FlagExtLength
	}
	return FlagOptional
}

// AppendValue appends AFI, SAFI and the withdrawn NLRI, each with a path
// identifier when add-path is negotiated for the family.
func (m MPUnreach) AppendValue(b []byte, o Options) ([]byte, error) {
	b = binary.BigEndian.AppendUint16(b, uint16(m.Family.AFI))
	b = append(b, byte(m.Family.SAFI))
	return appendFamilyNLRIs(b, m.Family, m.NLRI, o.HasAddPath(m.Family), "mp_unreach_nlri")
}

// DecodeMPUnreach decodes the value of an MP_UNREACH_NLRI attribute. It
// returns an MPUnreach.
func DecodeMPUnreach(value []byte, o Options) (Attribute, error) {
	if len(value) < 3 {
		return nil, fmt.Errorf("decode mp_unreach_nlri: %d bytes, need at least 3", len(value))
	}
	m := MPUnreach{Family: Family{AFI(binary.BigEndian.Uint16(value)), SAFI(value[2])}}
	var err error
	if m.NLRI, err = DecodeNLRIs(m.Family, value[3:], o.HasAddPath(m.Family)); err != nil {
		return nil, fmt.Errorf("decode mp_unreach_nlri: %w", err)
	}
	return m, nil
}

// String is a short description for logs.
func (m MPUnreach) String() string {
	return fmt.Sprintf("MP_UNREACH_NLRI for %s with %d NLRI(s)", m.Family, len(m.NLRI))
}
