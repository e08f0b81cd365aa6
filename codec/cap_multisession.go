package codec

import "strings"

// CapMultiSession is the multisession capability
// (draft-ietf-idr-bgp-multisession, code 68, or Cisco's code 131). Its value
// is kept as capability codes. ExaBGP 4.2 announces it as two capabilities,
// one with code list [0] and one with [multiprotocol]: see
// ExaBGPMultiSession.
type CapMultiSession struct {
	// Cisco selects code 131 instead of 68.
	Cisco bool
	// Codes is the value, one capability code per byte.
	Codes []CapCode
}

// ExaBGPMultiSession returns the capabilities ExaBGP 4.2 sends for
// "multi-session": code 68 with value 00, then code 68 with value 01.
func ExaBGPMultiSession() []Capability {
	return []Capability{
		CapMultiSession{Codes: []CapCode{0}},
		CapMultiSession{Codes: []CapCode{CapCodeMultiprotocol}},
	}
}

// Code is CapCodeMultiSession, or CapCodeMultiSessionCisco.
func (c CapMultiSession) Code() CapCode {
	if c.Cisco {
		return CapCodeMultiSessionCisco
	}
	return CapCodeMultiSession
}

// AppendValue appends one byte per code.
func (c CapMultiSession) AppendValue(b []byte) []byte {
	for _, x := range c.Codes {
		b = append(b, byte(x))
	}
	return b
}

// String is ExaBGP's form "Multisession (RFC) ...".
func (c CapMultiSession) String() string {
	s := "Multisession"
	if !c.Cisco {
		s += " (RFC)"
	}
	parts := make([]string, 0, len(c.Codes))
	for _, x := range c.Codes {
		parts = append(parts, x.String())
	}
	return s + " " + strings.Join(parts, " ")
}

func decodeCapMultiSession(c CapCode, v []byte) (Capability, error) {
	m := CapMultiSession{Cisco: c == CapCodeMultiSessionCisco}
	for _, x := range v {
		m.Codes = append(m.Codes, CapCode(x))
	}
	return m, nil
}

// CapOperational is ExaBGP's experimental operational capability (185),
// empty.
type CapOperational struct{}

// Code is CapCodeOperational.
func (CapOperational) Code() CapCode { return CapCodeOperational }

// AppendValue appends nothing.
func (CapOperational) AppendValue(b []byte) []byte { return b }

// String is ExaBGP's form.
func (CapOperational) String() string { return "Operational" }

func decodeCapOperational(v []byte) (Capability, error) {
	if err := emptyCapValue(CapCodeOperational, v); err != nil {
		return nil, err
	}
	return CapOperational{}, nil
}
