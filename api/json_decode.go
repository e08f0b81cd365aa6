package api

import (
	"bytes"
	"fmt"
	"net/netip"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/session"
)

// DecodePeer is the neighbor "exago decode" names in its output when no
// configuration gives one: 127.0.0.1 to 127.0.0.1, AS 1 to AS 1, as with
// the smallest configuration ExaBGP's --decode needs.
var DecodePeer = session.PeerInfo{
	LocalAddress: netip.AddrFrom4([4]byte{127, 0, 0, 1}),
	PeerAddress:  netip.AddrFrom4([4]byte{127, 0, 0, 1}),
	LocalAS:      1,
	PeerAS:       1,
}

// DecodeJSON decodes one raw BGP UPDATE and returns the JSON line (newline
// included) that "exabgp --decode" prints after "update json", as ExaBGP
// 4.2 does, for the neighbor DecodePeer. raw is a whole message (marker,
// length, type) or, without the marker, an UPDATE body. o are the
// negotiated options of the receiving side (ASN4, AddPath, ExtNextHop).
// fam is accepted for "decode -f FAMILY" and does not change the output of
// whole messages.
func DecodeJSON(raw []byte, o codec.Options, fam *codec.Family) ([]byte, error) {
	return DecodeJSONFor(raw, o, DecodePeer, EncoderOptions{})
}

// DecodeJSONFor is DecodeJSON for a given neighbor and header values.
func DecodeJSONFor(raw []byte, o codec.Options, p session.PeerInfo, eo EncoderOptions) ([]byte, error) {
	u, err := decodeRawUpdate(raw, o)
	if err != nil {
		return nil, err
	}
	e := &jsonEncoder{o: eo.withDefaults()}
	b := e.appendHeader(nil, nil, "update", nil)
	b = appendNeighbor(b, p, "in", appendUpdateMessage(nil, u, e.o.Compact))
	return append(b, " }\n"...), nil
}

// DecodeText returns the "decoded update ACTION NLRI ATTRIBUTES" lines
// "exabgp --decode" logs before the JSON, one per NLRI (ACTION is 1 for
// announced, 2 for withdrawn, None for an End-of-RIB), newline-terminated.
func DecodeText(raw []byte, o codec.Options) ([]byte, error) {
	u, err := decodeRawUpdate(raw, o)
	if err != nil {
		return nil, err
	}
	var b []byte
	if u.eor != nil {
		b = append(b, "decoded update None "+eorText(*u.eor)+"\n"...)
	}
	attrs := u.attributesText()
	for _, n := range u.nlris {
		action := "1"
		if !n.announced {
			action = "2"
		}
		b = append(b, "decoded update "+action+" "+n.extensive()+attrs+"\n"...)
	}
	return b, nil
}

// decodeRawUpdate decodes a whole UPDATE message or an UPDATE body.
func decodeRawUpdate(raw []byte, o codec.Options) (*apiUpdate, error) {
	body := raw
	if len(raw) >= codec.HeaderLen && bytes.Equal(raw[:16], bytes.Repeat([]byte{0xFF}, 16)) {
		l := int(raw[16])<<8 | int(raw[17])
		if l < codec.HeaderLen || l > len(raw) {
			return nil, fmt.Errorf("decode: message length %d, have %d bytes", l, len(raw))
		}
		if t := codec.MsgType(raw[18]); t != codec.MsgUpdate {
			return nil, fmt.Errorf("decode: the message is not an update (%d)", t)
		}
		body = raw[codec.HeaderLen:l]
	}
	u, err := decodeAPIUpdate(body, o)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return u, nil
}
