package codec

import (
	"encoding/binary"
	"fmt"
)

// This file holds helpers the session package needs on top of the message
// and attribute codecs; they encode and decode nothing of their own.

// DecodeOpenAnyHoldTime is DecodeOpen that lets a hold time of one or two
// seconds through, for a speaker that checks it itself after the AS and
// identifier, with its own wording (ExaBGP does). The returned Open keeps
// the hold time as received.
func DecodeOpenAnyHoldTime(body []byte) (Open, error) {
	if len(body) < 5 {
		return DecodeOpen(body)
	}
	hold := uint16(body[3])<<8 | uint16(body[4])
	if hold != 1 && hold != 2 {
		return DecodeOpen(body)
	}
	c := append([]byte(nil), body...)
	c[3], c[4] = 0, 0
	o, err := DecodeOpen(c)
	o.HoldTime = hold
	return o, err
}

// RawUpdate is an UPDATE whose fields are already encoded, for a packer
// that encodes each route and attribute set once and lays many UPDATEs out
// of the pieces. AppendBody writes the withdrawn routes and the path
// attributes led by their lengths, then the NLRI.
type RawUpdate struct {
	// Withdrawn is the encoded Withdrawn Routes field (without its length).
	Withdrawn []byte
	// Attributes are encoded path attributes (without their total length).
	Attributes []byte
	// More are attributes encoded after Attributes, typically the
	// MP_REACH_NLRI or MP_UNREACH_NLRI of the message.
	More []Attribute
	// NLRI is the encoded NLRI field.
	NLRI []byte
}

// Type is MsgUpdate.
func (RawUpdate) Type() MsgType { return MsgUpdate }

// AppendBody appends the withdrawn routes length and field, the path
// attributes length and field, and the NLRI.
func (u RawUpdate) AppendBody(b []byte, o Options) ([]byte, error) {
	if len(u.Withdrawn) > 0xffff {
		return b, fmt.Errorf("withdrawn routes of %d bytes", len(u.Withdrawn))
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(u.Withdrawn)))
	b = append(b, u.Withdrawn...)
	at := len(b)
	b = append(b, 0, 0)
	b = append(b, u.Attributes...)
	var err error
	if b, err = AppendAttributes(b, u.More, o); err != nil {
		return b, err
	}
	if n := len(b) - at - 2; n > 0xffff {
		return b, fmt.Errorf("path attributes of %d bytes", n)
	}
	binary.BigEndian.PutUint16(b[at:], uint16(len(b)-at-2))
	return append(b, u.NLRI...), nil
}

// AttributeLen is the size of a path attribute with flags f and a value
// of n bytes as AppendAttribute writes it: a 2-byte length when f asks
// for it or the value is over 255 bytes.
func AttributeLen(f AttrFlags, n int) int {
	if f&FlagExtLength != 0 || n > 0xff {
		return 4 + n
	}
	return 3 + n
}

// EncodedNLRI is a run of NLRI entries of one family already encoded
// (path identifiers included when add-path is negotiated), to be carried
// in an MPReach or MPUnreach as they are.
type EncodedNLRI struct {
	// Fam is the family of every entry.
	Fam Family
	// Data are the entries as on the wire.
	Data []byte
}

// Family is the family of the entries.
func (e EncodedNLRI) Family() Family { return e.Fam }

// AppendNLRI appends Data as it is: path identifiers are already there
// when add-path is on.
func (e EncodedNLRI) AppendNLRI(b []byte, _ bool) ([]byte, error) { return append(b, e.Data...), nil }

// String is "<family> 0x<HEX>".
func (e EncodedNLRI) String() string { return fmt.Sprintf("%s 0x%X", e.Fam, e.Data) }

// MessageType is the type field of the header of msg, a whole message as
// ReadMessage returns it; 0 when msg is shorter than a header.
func MessageType(msg []byte) MsgType {
	if len(msg) < HeaderLen {
		return 0
	}
	return MsgType(msg[HeaderLen-1])
}

// UpdateMinLen is the length of an empty UPDATE: the header, then the
// withdrawn routes length and the path attributes length (RFC 4271
// section 4.3).
const UpdateMinLen = HeaderLen + 4

// HeaderLen is the length of the value before the NLRI: AFI and SAFI.
// Update packing adds the encoded NLRI to it to stay under the message
// size.
func (m MPUnreach) HeaderLen() int { return 3 }
