package codec

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// VPLS is an l2vpn vpls NLRI (RFC 4761 section 3.2.2): RD, VE ID
// (endpoint), VE block offset and size, label base. ExaBGP does not use
// add-path for it, nor do we.
type VPLS struct {
	// RD is the route distinguisher.
	RD RD
	// Endpoint is the VE ID.
	Endpoint uint16
	// Offset is the VE block offset.
	Offset uint16
	// Size is the VE block size.
	Size uint16
	// Base is the 20-bit label base.
	Base uint32
}

// Family is l2vpn vpls.
func (VPLS) Family() Family { return L2VPNVPLS }

// AppendNLRI appends the 2-byte length (17) and the fields, the label base
// with the bottom-of-stack bit as ExaBGP writes it.
func (v VPLS) AppendNLRI(b []byte, _ bool) ([]byte, error) {
	if v.Base > 0xfffff {
		return b, fmt.Errorf("encode l2vpn vpls nlri: label base %d over 20 bits", v.Base)
	}
	b = append(b, 0, 17)
	b = append(b, v.RD[:]...)
	b = binary.BigEndian.AppendUint16(b, v.Endpoint)
	b = binary.BigEndian.AppendUint16(b, v.Offset)
	b = binary.BigEndian.AppendUint16(b, v.Size)
	l := v.Base<<4 | 1
	return append(b, byte(l>>16), byte(l>>8), byte(l)), nil
}

// String is ExaBGP's form without the next hop:
// "vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8".
func (v VPLS) String() string {
	return "vpls rd " + v.RD.String() + " endpoint " + strconv.Itoa(int(v.Endpoint)) +
		" base " + strconv.Itoa(int(v.Base)) + " offset " + strconv.Itoa(int(v.Offset)) +
		" size " + strconv.Itoa(int(v.Size))
}

// DecodeVPLS decodes one l2vpn vpls NLRI from b.
func DecodeVPLS(b []byte, _ bool) (VPLS, []byte, error) {
	var v VPLS
	if len(b) < 2 {
		return v, nil, fmt.Errorf("decode l2vpn vpls nlri: missing length")
	}
	n := int(binary.BigEndian.Uint16(b))
	b = b[2:]
	if n != 17 || len(b) < n {
		return v, nil, fmt.Errorf("decode l2vpn vpls nlri: length %d with %d bytes left, expected 17", n, len(b))
	}
	v.RD = RD(b[:8])
	v.Endpoint = binary.BigEndian.Uint16(b[8:])
	v.Offset = binary.BigEndian.Uint16(b[10:])
	v.Size = binary.BigEndian.Uint16(b[12:])
	v.Base = (uint32(b[14])<<16 | uint32(b[15])<<8 | uint32(b[16])) >> 4
	return v, b[17:], nil
}
