package codec

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// RD is a route distinguisher (RFC 4364 section 4.2) in wire form: a 2-byte
// type and a 6-byte value.
type RD [8]byte

// NewRD0 returns a type 0 RD: 2-byte AS, 4-byte number.
func NewRD0(as uint16, n uint32) RD {
	var r RD
	binary.BigEndian.PutUint16(r[2:], as)
	binary.BigEndian.PutUint32(r[4:], n)
	return r
}

// NewRD1 returns a type 1 RD: IPv4 address, 2-byte number.
func NewRD1(a netip.Addr, n uint16) RD {
	r := RD{0, 1}
	v := a.As4()
	copy(r[2:], v[:])
	binary.BigEndian.PutUint16(r[6:], n)
	return r
}

// NewRD2 returns a type 2 RD: 4-byte AS, 2-byte number.
func NewRD2(as uint32, n uint16) RD {
	r := RD{0, 2}
	binary.BigEndian.PutUint32(r[2:], as)
	binary.BigEndian.PutUint16(r[6:], n)
	return r
}

// ParseRD parses an RD as ExaBGP's configuration writes it: "A.B.C.D:N"
// (type 1), "AS:N" with AS < 65536 and N < 2^32 (type 0), else "AS:N" with
// AS < 2^32 and N < 65536 (type 2).
func ParseRD(s string) (RD, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return RD{}, fmt.Errorf("invalid route-distinguisher %q", s)
	}
	prefix, suffix := s[:i], s[i+1:]
	n, err := strconv.ParseUint(suffix, 10, 32)
	if err != nil {
		return RD{}, fmt.Errorf("invalid route-distinguisher %q", s)
	}
	if strings.Contains(prefix, ".") {
		a, err := netip.ParseAddr(prefix)
		if err != nil || !a.Is4() || n > 0xffff {
			return RD{}, fmt.Errorf("invalid route-distinguisher %q", s)
		}
		return NewRD1(a, uint16(n)), nil
	}
	as, err := strconv.ParseUint(prefix, 10, 32)
	if err != nil {
		return RD{}, fmt.Errorf("invalid route-distinguisher %q", s)
	}
	if as < 1<<16 {
		return NewRD0(uint16(as), uint32(n)), nil
	}
	if n < 1<<16 {
		return NewRD2(uint32(as), uint16(n)), nil
	}
	return RD{}, fmt.Errorf("invalid route-distinguisher %q", s)
}

// Type is the RD type (0, 1 or 2 are known).
func (r RD) Type() uint16 { return binary.BigEndian.Uint16(r[:]) }

// String is ExaBGP's text form: "65000:1", "1.2.3.4:1", "4200000000:1", or
// the hex of the 8 bytes for other types ("0x0003...").
func (r RD) String() string {
	c1 := binary.BigEndian.Uint16(r[2:])
	c2 := binary.BigEndian.Uint16(r[4:])
	c3 := binary.BigEndian.Uint16(r[6:])
	switch r.Type() {
	case 0:
		return strconv.Itoa(int(c1)) + ":" + strconv.FormatUint(uint64(c2)<<16|uint64(c3), 10)
	case 1:
		return netip.AddrFrom4([4]byte(r[2:6])).String() + ":" + strconv.Itoa(int(c3))
	case 2:
		return strconv.FormatUint(uint64(c1)<<16|uint64(c2), 10) + ":" + strconv.Itoa(int(c3))
	}
	return "0x" + strings.ToUpper(hex.EncodeToString(r[:]))
}

// decodeRD reads an RD from the first 8 bytes of b.
func decodeRD(b []byte) (RD, []byte, error) {
	if len(b) < 8 {
		return RD{}, nil, fmt.Errorf("route distinguisher needs 8 bytes, %d left", len(b))
	}
	return RD(b[:8]), b[8:], nil
}
