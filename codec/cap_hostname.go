package codec

import "fmt"

// CapHostname is the FQDN capability (draft-walton-bgp-hostname, code 184
// as ExaBGP uses it): host name and domain name, each led by its length.
type CapHostname struct {
	Host   string
	Domain string
}

// Code is CapCodeHostname.
func (CapHostname) Code() CapCode { return CapCodeHostname }

// AppendValue appends len, host, len, domain (each truncated to 255).
func (c CapHostname) AppendValue(b []byte) []byte {
	b = appendShortString(b, c.Host)
	return appendShortString(b, c.Domain)
}

// String is ExaBGP's form "Hostname(host domain)".
func (c CapHostname) String() string { return "Hostname(" + c.Host + " " + c.Domain + ")" }

// CapFQDN is the hostname capability under its IANA code 73
// (draft-walton-bgp-hostname-capability), as ExaBGP 5.0 sends it: the
// same value as CapHostname.
type CapFQDN CapHostname

// Code is CapCodeFQDN.
func (CapFQDN) Code() CapCode { return CapCodeFQDN }

// AppendValue appends len, host, len, domain (each truncated to 255).
func (c CapFQDN) AppendValue(b []byte) []byte { return CapHostname(c).AppendValue(b) }

// String is ExaBGP's form "Hostname(host domain)".
func (c CapFQDN) String() string { return CapHostname(c).String() }

// appendShortString appends a length byte and at most 255 bytes of s.
func appendShortString(b []byte, s string) []byte {
	if len(s) > 255 {
		s = s[:255]
	}
	return append(append(b, byte(len(s))), s...)
}

// decodeShortString reads a length-led string.
func decodeShortString(v []byte) (string, []byte, error) {
	if len(v) < 1 || len(v) < 1+int(v[0]) {
		return "", nil, fmt.Errorf("string length overruns %d bytes", len(v))
	}
	n := int(v[0])
	return string(v[1 : 1+n]), v[1+n:], nil
}

func decodeCapHostname(v []byte) (Capability, error) {
	var c CapHostname
	var err error
	if c.Host, v, err = decodeShortString(v); err != nil {
		return nil, fmt.Errorf("decode capability hostname: %w", err)
	}
	if c.Domain, v, err = decodeShortString(v); err != nil {
		return nil, fmt.Errorf("decode capability hostname: %w", err)
	}
	if len(v) != 0 {
		return nil, fmt.Errorf("decode capability hostname: %d trailing bytes", len(v))
	}
	return c, nil
}

// CapSoftwareVersion is the software version capability
// (draft-ietf-idr-software-version, code 75): one length-led string.
type CapSoftwareVersion string

// Code is CapCodeSoftwareVersion.
func (CapSoftwareVersion) Code() CapCode { return CapCodeSoftwareVersion }

// AppendValue appends the length and the version string.
func (c CapSoftwareVersion) AppendValue(b []byte) []byte { return appendShortString(b, string(c)) }

// String is "Software Version(...)".
func (c CapSoftwareVersion) String() string { return "Software Version(" + string(c) + ")" }

func decodeCapSoftwareVersion(v []byte) (Capability, error) {
	s, rest, err := decodeShortString(v)
	if err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("decode capability software-version: bad value")
	}
	return CapSoftwareVersion(s), nil
}
