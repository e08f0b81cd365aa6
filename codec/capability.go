package codec

import (
	"fmt"
	"strconv"
)

// CapCode is a BGP capability code (IANA "Capability Codes", RFC 5492).
type CapCode uint8

// Capability codes exago knows.
const (
	CapCodeMultiprotocol        CapCode = 1
	CapCodeRouteRefresh         CapCode = 2
	CapCodeORF                  CapCode = 3
	CapCodeExtendedNextHop      CapCode = 5
	CapCodeExtendedMessage      CapCode = 6
	CapCodeGracefulRestart      CapCode = 64
	CapCodeASN4                 CapCode = 65
	CapCodeDynamic              CapCode = 67
	CapCodeMultiSession         CapCode = 68
	CapCodeAddPath              CapCode = 69
	CapCodeEnhancedRouteRefresh CapCode = 70
	CapCodeSoftwareVersion      CapCode = 75
	CapCodeFQDN                 CapCode = 73
	CapCodeRouteRefreshCisco    CapCode = 128
	CapCodeMultiSessionCisco    CapCode = 131
	CapCodeHostname             CapCode = 184
	CapCodeOperational          CapCode = 185
)

// String is ExaBGP's name of the capability code.
func (c CapCode) String() string {
	switch c {
	case 0:
		return "reserved"
	case CapCodeMultiprotocol:
		return "multiprotocol"
	case CapCodeRouteRefresh:
		return "route-refresh"
	case CapCodeORF:
		return "outbound-route-filtering"
	case 4:
		return "multiple-routes"
	case CapCodeExtendedNextHop:
		return "nexthop"
	case CapCodeExtendedMessage:
		return "extended-message"
	case CapCodeGracefulRestart:
		return "graceful-restart"
	case CapCodeASN4:
		return "asn4"
	case CapCodeDynamic:
		return "dynamic-capability"
	case CapCodeMultiSession:
		return "multi-session"
	case CapCodeAddPath:
		return "add-path"
	case CapCodeEnhancedRouteRefresh:
		return "enhanced-route-refresh"
	case CapCodeSoftwareVersion:
		return "software-version"
	case CapCodeRouteRefreshCisco:
		return "cisco-route-refresh"
	case CapCodeMultiSessionCisco:
		return "cisco-multi-sesion"
	case CapCodeHostname:
		return "exabgp-experimental-hostname"
	case CapCodeOperational:
		return "exabgp-experimental-operational"
	}
	if c >= 70 && c < 128 {
		return "unassigned-0x" + strconv.FormatUint(uint64(c), 16)
	}
	if c >= 128 {
		return "reserved-0x" + strconv.FormatUint(uint64(c), 16)
	}
	return "capability-0x" + strconv.FormatUint(uint64(c), 16)
}

// Capability is one capability of an OPEN message (RFC 5492). Each is sent
// as its own optional parameter, as ExaBGP does.
type Capability interface {
	// Code is the capability code.
	Code() CapCode
	// AppendValue appends the capability value (without code and length).
	AppendValue(b []byte) []byte
}

// AppendCapability appends code, length and value of c.
func AppendCapability(b []byte, c Capability) ([]byte, error) {
	start := len(b)
	b = append(b, byte(c.Code()), 0)
	b = c.AppendValue(b)
	n := len(b) - start - 2
	if n > 255 {
		return b[:start], fmt.Errorf("encode capability %s: value of %d bytes over 255", c.Code(), n)
	}
	b[start+1] = byte(n)
	return b, nil
}

// DecodeCapability decodes the value of one capability of code c. Unknown
// codes, and known ones whose value is malformed, give an
// UnknownCapability holding the raw value: a capability a speaker cannot
// parse is one it does not support (RFC 5492 section 3).
func DecodeCapability(c CapCode, value []byte) Capability {
	cp, err := decodeKnownCapability(c, value)
	if err != nil || cp == nil {
		return UnknownCapability{CapCode: c, Value: append([]byte(nil), value...)}
	}
	return cp
}

// decodeKnownCapability is the registry of capability decoders.
func decodeKnownCapability(c CapCode, v []byte) (Capability, error) {
	switch c {
	case CapCodeMultiprotocol:
		return decodeCapMultiprotocol(v)
	case CapCodeRouteRefresh, CapCodeRouteRefreshCisco:
		return decodeCapRouteRefresh(c, v)
	case CapCodeEnhancedRouteRefresh:
		return decodeCapEnhancedRouteRefresh(v)
	case CapCodeExtendedNextHop:
		return decodeCapExtendedNextHop(v)
	case CapCodeExtendedMessage:
		return decodeCapExtendedMessage(v)
	case CapCodeGracefulRestart:
		return decodeCapGracefulRestart(v)
	case CapCodeASN4:
		return decodeCapASN4(v)
	case CapCodeAddPath:
		return decodeCapAddPath(v)
	case CapCodeMultiSession, CapCodeMultiSessionCisco:
		return decodeCapMultiSession(c, v)
	case CapCodeOperational:
		return decodeCapOperational(v)
	case CapCodeHostname:
		return decodeCapHostname(v)
	case CapCodeSoftwareVersion:
		return decodeCapSoftwareVersion(v)
	}
	return nil, nil
}

// emptyCapValue checks a capability value that must be empty.
func emptyCapValue(c CapCode, v []byte) error {
	if len(v) != 0 {
		return fmt.Errorf("decode capability %s: %d bytes, want none", c, len(v))
	}
	return nil
}
