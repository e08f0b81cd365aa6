package codec

import "fmt"

// Generic is a path attribute exago does not interpret: an unknown
// transitive attribute received, or one configured as "attribute [ code
// flags value ]". It is sent back untouched, with its flags (an
// extended-length bit in AttrFlags is kept even for a short value, as
// ExaBGP does).
type Generic struct {
	AttrCode  AttrCode
	AttrFlags AttrFlags
	Value     []byte
}

// Code is g.AttrCode.
func (g Generic) Code() AttrCode { return g.AttrCode }

// Flags is g.AttrFlags.
func (g Generic) Flags() AttrFlags { return g.AttrFlags }

// AppendValue appends the raw value.
func (g Generic) AppendValue(b []byte, _ Options) ([]byte, error) { return append(b, g.Value...), nil }

// String is ExaBGP's form: "0x" and lower-case hex of the value.
func (g Generic) String() string { return fmt.Sprintf("0x%x", g.Value) }
