package codec

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// BGPLSSRRange is one range of SR capabilities or of an SR local block:
// its size and first SID/label (sub-TLV 1161).
type BGPLSSRRange struct {
	// Size is the number of labels or indexes (3 bytes on the wire).
	Size uint32
	// SID is the first label (Index false: 3 bytes, 20 rightmost bits) or
	// SID index (Index true: 4 bytes).
	SID   uint32
	Index bool
}

// BGPLSSRCapabilities is the SR capabilities TLV (1034) or SR local block
// TLV (1036) of RFC 9085 sections 2.1.2 and 2.1.4: flags, a reserved byte,
// then ranges.
type BGPLSSRCapabilities struct {
	TLV             uint16
	Flags, Reserved uint8
	Ranges          []BGPLSSRRange
}

func decodeBGPLSSRCapabilities(t uint16, v []byte) (BGPLSAttrTLV, bool) {
	if len(v) < 2 {
		return nil, false
	}
	c := BGPLSSRCapabilities{TLV: t, Flags: v[0], Reserved: v[1]}
	v = v[2:]
	for len(v) > 0 {
		if len(v) < 7 || binary.BigEndian.Uint16(v[3:]) != BGPLSTLVSIDLabel {
			return nil, false
		}
		r := BGPLSSRRange{Size: uint32(v[0])<<16 | uint32(v[1])<<8 | uint32(v[2])}
		switch l := binary.BigEndian.Uint16(v[5:]); {
		case l == 3 && len(v) >= 10:
			r.SID = uint32(v[7])<<16 | uint32(v[8])<<8 | uint32(v[9])
		case l == 4 && len(v) >= 11:
			r.SID, r.Index = binary.BigEndian.Uint32(v[7:]), true
		default:
			return nil, false
		}
		c.Ranges = append(c.Ranges, r)
		v = v[7+binary.BigEndian.Uint16(v[5:]):]
	}
	return c, true
}

// TLVType is c.TLV.
func (c BGPLSSRCapabilities) TLVType() uint16 { return c.TLV }

// AppendTLVValue appends flags, reserved and each range with its SID/label
// sub-TLV.
func (c BGPLSSRCapabilities) AppendTLVValue(b []byte) []byte {
	b = append(b, c.Flags, c.Reserved)
	for _, r := range c.Ranges {
		b = append(b, byte(r.Size>>16), byte(r.Size>>8), byte(r.Size))
		b = binary.BigEndian.AppendUint16(b, BGPLSTLVSIDLabel)
		if r.Index {
			b = binary.BigEndian.AppendUint16(b, 4)
			b = binary.BigEndian.AppendUint32(b, r.SID)
		} else {
			b = binary.BigEndian.AppendUint16(b, 3)
			b = append(b, byte(r.SID>>16), byte(r.SID>>8), byte(r.SID))
		}
	}
	return b
}

// String is "NAME flags 0xFF [ SIZE@SID ... ]" (index ranges as "SIZE@index:SID").
func (c BGPLSSRCapabilities) String() string {
	s := make([]string, len(c.Ranges))
	for i, r := range c.Ranges {
		if r.Index {
			s[i] = fmt.Sprintf("%d@index:%d", r.Size, r.SID)
		} else {
			s[i] = fmt.Sprintf("%d@%d", r.Size, r.SID)
		}
	}
	return fmt.Sprintf("%s flags 0x%02X [ %s ]", bgplsTLVName(c.TLV), c.Flags, strings.Join(s, " "))
}

// BGPLSSRAlgorithms are the SR algorithms a node supports (1035).
type BGPLSSRAlgorithms []uint8

// TLVType is 1035.
func (BGPLSSRAlgorithms) TLVType() uint16 { return BGPLSTLVSRAlgorithms }

// AppendTLVValue appends one byte per algorithm.
func (a BGPLSSRAlgorithms) AppendTLVValue(b []byte) []byte { return append(b, a...) }

// String is "sr-algorithms [ A ... ]".
func (a BGPLSSRAlgorithms) String() string {
	s := make([]string, len(a))
	for i, v := range a {
		s[i] = strconv.Itoa(int(v))
	}
	return "sr-algorithms [ " + strings.Join(s, " ") + " ]"
}

// BGPLSAdjSID is an adjacency SID (1099) or LAN adjacency SID (1100) TLV
// (RFC 9085 sections 2.2.1 and 2.2.2): flags, weight, 2 reserved bytes,
// the neighbor's OSPF router-id or IS-IS system id (LAN only), then the
// SID: a 3-byte label or a 4-byte index (the protocol's V and L flags
// tell), or several of them as ExaBGP reads it.
type BGPLSAdjSID struct {
	TLV      uint16
	Flags    uint8
	Weight   uint8
	Reserved uint16
	// NeighborID is the LAN neighbor: 4 bytes (OSPF) or 6 (IS-IS).
	NeighborID []byte
	// SID is the SID/label/index field as sent.
	SID []byte
}

func decodeBGPLSAdjSID(t uint16, v []byte) (BGPLSAttrTLV, bool) {
	if len(v) < 4 {
		return nil, false
	}
	a := BGPLSAdjSID{TLV: t, Flags: v[0], Weight: v[1], Reserved: binary.BigEndian.Uint16(v[2:])}
	v = v[4:]
	if t == BGPLSTLVLANAdjSID {
		// An OSPF neighbor id leaves 3 or 4 bytes of SID, an IS-IS one
		// (ExaBGP's only reading) 6 bytes before the SID.
		n := 6
		if len(v) == 7 || len(v) == 8 {
			n = 4
		}
		if len(v) < n {
			return nil, false
		}
		a.NeighborID = append([]byte{}, v[:n]...)
		v = v[n:]
	}
	a.SID = append([]byte{}, v...)
	return a, true
}

// TLVType is a.TLV.
func (a BGPLSAdjSID) TLVType() uint16 { return a.TLV }

// AppendTLVValue appends flags, weight, reserved, neighbor id and SID.
func (a BGPLSAdjSID) AppendTLVValue(b []byte) []byte {
	b = append(b, a.Flags, a.Weight)
	b = binary.BigEndian.AppendUint16(b, a.Reserved)
	b = append(b, a.NeighborID...)
	return append(b, a.SID...)
}

// String is "NAME flags 0xFF weight W [neighbor 0xHEX] sid S" with a label
// or index read from the SID's size, hex otherwise.
func (a BGPLSAdjSID) String() string {
	s := fmt.Sprintf("%s flags 0x%02X weight %d", bgplsTLVName(a.TLV), a.Flags, a.Weight)
	if a.NeighborID != nil {
		s += " neighbor 0x" + strings.ToUpper(hex.EncodeToString(a.NeighborID))
	}
	return s + " sid " + sidText(a.SID)
}

// sidText is a 3-byte label, a 4-byte index, or the hex of other sizes.
func sidText(v []byte) string {
	switch len(v) {
	case 3:
		return "label " + strconv.FormatUint(uint64(v[0])<<16|uint64(v[1])<<8|uint64(v[2]), 10)
	case 4:
		return "index " + strconv.FormatUint(uint64(binary.BigEndian.Uint32(v)), 10)
	}
	return "0x" + strings.ToUpper(hex.EncodeToString(v))
}

// BGPLSPrefixSID is the prefix SID TLV (1158, RFC 9085 section 2.3.1):
// flags, algorithm, 2 reserved bytes, then the SID (a 3-byte label or a
// 4-byte index).
type BGPLSPrefixSID struct {
	Flags     uint8
	Algorithm uint8
	Reserved  uint16
	// SID is the SID/index/label field as sent.
	SID []byte
}

// TLVType is 1158.
func (BGPLSPrefixSID) TLVType() uint16 { return BGPLSTLVPrefixSID }

// AppendTLVValue appends flags, algorithm, reserved and SID.
func (p BGPLSPrefixSID) AppendTLVValue(b []byte) []byte {
	b = append(b, p.Flags, p.Algorithm)
	b = binary.BigEndian.AppendUint16(b, p.Reserved)
	return append(b, p.SID...)
}

// String is "prefix-sid flags 0xFF algorithm A sid S".
func (p BGPLSPrefixSID) String() string {
	return fmt.Sprintf("prefix-sid flags 0x%02X algorithm %d sid %s", p.Flags, p.Algorithm, sidText(p.SID))
}
