package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// MsgOperational is the OPERATIONAL message type
// (draft-ietf-idr-operational-message, as ExaBGP implements it), read
// only when Options.Operational is set.
const MsgOperational MsgType = 6

// OpCode is the type of an OPERATIONAL message's TLV.
type OpCode uint16

// Operational message types ExaBGP 4.2 sends and reads.
const (
	OpADM  OpCode = 1 // Advisory Demand Message
	OpASM  OpCode = 2 // Advisory Static Message
	OpRPCQ OpCode = 3 // Reachable Prefix Count Request
	OpRPCP OpCode = 4 // Reachable Prefix Count Reply
	OpAPCQ OpCode = 5 // Adj-Rib-Out Prefix Count Request
	OpAPCP OpCode = 6 // Adj-Rib-Out Prefix Count Reply
	OpLPCQ OpCode = 7 // BGP Loc-Rib Prefix Count Request
	OpLPCP OpCode = 8 // BGP Loc-Rib Prefix Count Reply
)

// maxAdvisory is the longest advisory text ExaBGP sends (2 KiB).
const maxAdvisory = 2048

// String is ExaBGP's name ("ADM", "RPCQ" ...).
func (c OpCode) String() string {
	switch c {
	case OpADM:
		return "ADM"
	case OpASM:
		return "ASM"
	case OpRPCQ:
		return "RPCQ"
	case OpRPCP:
		return "RPCP"
	case OpAPCQ:
		return "APCQ"
	case OpAPCP:
		return "APCP"
	case OpLPCQ:
		return "LPCQ"
	case OpLPCP:
		return "LPCP"
	}
	return fmt.Sprintf("operational-%d", uint16(c))
}

// Category is ExaBGP's kind of the message: "advisory", "query" or
// "counter" ("" when unknown).
func (c OpCode) Category() string {
	switch c {
	case OpADM, OpASM:
		return "advisory"
	case OpRPCQ, OpAPCQ, OpLPCQ:
		return "query"
	case OpRPCP, OpAPCP, OpLPCP:
		return "counter"
	}
	return ""
}

// Operational is an OPERATIONAL message: a type, a length, then AFI
// (2), SAFI (1) and, for advisories, the UTF-8 text; for queries the
// router id (4) and a sequence number (4); for counters those and the
// counter (4).
type Operational struct {
	Code     OpCode
	Family   Family
	Advisory string     // advisory kinds
	RouterID netip.Addr // query and counter kinds
	Sequence uint32     // query and counter kinds
	Counter  uint32     // counter kinds
}

// Type is MsgOperational.
func (Operational) Type() MsgType { return MsgOperational }

// AppendBody appends the TLV.
func (m Operational) AppendBody(b []byte, _ Options) ([]byte, error) {
	var v []byte
	v = binary.BigEndian.AppendUint16(v, uint16(m.Family.AFI))
	v = append(v, byte(m.Family.SAFI))
	switch m.Code.Category() {
	case "advisory":
		text := []byte(m.Advisory)
		if len(text) > maxAdvisory {
			// as ExaBGP: cut, and say so
			text = append(text[:maxAdvisory-3:maxAdvisory-3], "..."...)
		}
		v = append(v, text...)
	case "query", "counter":
		if !m.RouterID.Is4() {
			return b, fmt.Errorf("operational %s: router id %s is not IPv4", m.Code, m.RouterID)
		}
		id := m.RouterID.As4()
		v = append(v, id[:]...)
		v = binary.BigEndian.AppendUint32(v, m.Sequence)
		if m.Code.Category() == "counter" {
			v = binary.BigEndian.AppendUint32(v, m.Counter)
		}
	default:
		return b, fmt.Errorf("operational type %d is not supported", uint16(m.Code))
	}
	b = binary.BigEndian.AppendUint16(b, uint16(m.Code))
	b = binary.BigEndian.AppendUint16(b, uint16(len(v)))
	return append(b, v...), nil
}

// DecodeOperational decodes an OPERATIONAL body.
func DecodeOperational(b []byte) (Operational, error) {
	var m Operational
	if len(b) < 7 {
		return m, errors.New("decode operational: shorter than type, length, afi and safi")
	}
	m.Code = OpCode(binary.BigEndian.Uint16(b))
	n := int(binary.BigEndian.Uint16(b[2:]))
	if n > len(b)-4 || n < 3 {
		return m, fmt.Errorf("decode operational: length %d for %d bytes", n, len(b)-4)
	}
	v := b[4 : 4+n]
	m.Family = Family{AFI: AFI(binary.BigEndian.Uint16(v)), SAFI: SAFI(v[2])}
	v = v[3:]
	switch m.Code.Category() {
	case "advisory":
		m.Advisory = string(v)
	case "query", "counter":
		need := 8
		if m.Code.Category() == "counter" {
			need = 12
		}
		if len(v) < need {
			return m, fmt.Errorf("decode operational %s: %d bytes, need %d", m.Code, len(v), need)
		}
		m.RouterID = netip.AddrFrom4([4]byte(v[:4]))
		m.Sequence = binary.BigEndian.Uint32(v[4:])
		if need == 12 {
			m.Counter = binary.BigEndian.Uint32(v[8:])
		}
	default:
		return m, fmt.Errorf("decode operational: type %d is not supported", uint16(m.Code))
	}
	return m, nil
}
