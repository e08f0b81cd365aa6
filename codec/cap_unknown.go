package codec

import "fmt"

// UnknownCapability is a capability exago does not parse, kept raw.
type UnknownCapability struct {
	// CapCode is the capability code.
	CapCode CapCode
	// Value is the raw value.
	Value []byte
}

// Code is u.CapCode.
func (u UnknownCapability) Code() CapCode { return u.CapCode }

// AppendValue appends the raw value.
func (u UnknownCapability) AppendValue(b []byte) []byte { return append(b, u.Value...) }

// String is ExaBGP's form ("Unknown ...", "Unassigned ...", "Reserved ...").
func (u UnknownCapability) String() string {
	switch {
	case u.CapCode >= 128:
		return "Reserved " + u.CapCode.String()
	case u.CapCode >= 70:
		return "Unassigned " + u.CapCode.String()
	}
	return fmt.Sprintf("Unknown %s", u.CapCode)
}
