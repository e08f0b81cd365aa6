package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
)

// RTC is an ipv4 rtc NLRI, route target membership (RFC 4684 section 4):
// origin AS and route target, or the 0-length default (wildcard). Like
// ExaBGP, only the full 96-bit form and the wildcard are supported, and
// add-path is not used.
type RTC struct {
	// Wildcard is the default route target constraint (length 0).
	Wildcard bool
	// Origin is the origin AS.
	Origin uint32
	// RouteTarget is the route target extended community (8 bytes); its
	// type high bits (transitive, IANA authority) are cleared on the wire.
	RouteTarget [8]byte
}

// Family is ipv4 rtc.
func (RTC) Family() Family { return IPv4RTC }

// AppendNLRI appends 96 (bits), origin AS and route target, or a single 0
// for the wildcard.
func (r RTC) AppendNLRI(b []byte, _ bool) ([]byte, error) {
	if r.Wildcard {
		return append(b, 0), nil
	}
	b = append(b, 96)
	b = binary.BigEndian.AppendUint32(b, r.Origin)
	b = append(b, r.RouteTarget[0]&^0xc0)
	return append(b, r.RouteTarget[1:]...), nil
}

// String is ExaBGP's form: "rtc 65000:target:65000:100" or "rtc wildcard".
func (r RTC) String() string {
	if r.Wildcard {
		return "rtc wildcard"
	}
	return "rtc " + strconv.FormatUint(uint64(r.Origin), 10) + ":" + routeTargetString(r.RouteTarget)
}

// routeTargetString prints a route target as ExaBGP does ("target:AS:N",
// "target:A.B.C.D:N", "target:ASL:N").
func routeTargetString(rt [8]byte) string {
	switch rt[0] & 0x3f {
	case 0x00:
		return "target:" + strconv.Itoa(int(binary.BigEndian.Uint16(rt[2:]))) + ":" +
			strconv.FormatUint(uint64(binary.BigEndian.Uint32(rt[4:])), 10)
	case 0x01:
		return "target:" + netip.AddrFrom4([4]byte(rt[2:6])).String() + ":" +
			strconv.Itoa(int(binary.BigEndian.Uint16(rt[6:])))
	case 0x02:
		return "target:" + strconv.FormatUint(uint64(binary.BigEndian.Uint32(rt[2:])), 10) + "L:" +
			strconv.Itoa(int(binary.BigEndian.Uint16(rt[6:])))
	}
	return fmt.Sprintf("0x%X", rt[:])
}

// DecodeRTC decodes one ipv4 rtc NLRI from b.
func DecodeRTC(b []byte, _ bool) (RTC, []byte, error) {
	var r RTC
	if len(b) < 1 {
		return r, nil, fmt.Errorf("decode ipv4 rtc nlri: missing length")
	}
	switch b[0] {
	case 0:
		r.Wildcard = true
		return r, b[1:], nil
	case 96:
	default:
		return r, nil, fmt.Errorf("decode ipv4 rtc nlri: length %d bits, only 0 and 96 supported", b[0])
	}
	if len(b) < 13 {
		return r, nil, fmt.Errorf("decode ipv4 rtc nlri: 13 bytes needed, %d left", len(b))
	}
	r.Origin = binary.BigEndian.Uint32(b[1:])
	r.RouteTarget = [8]byte(b[5:13])
	r.RouteTarget[0] &^= 0xc0
	return r, b[13:], nil
}
