package api

import (
	"bytes"
	"fmt"
	"net/netip"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// DecodePeer is the neighbor "exago decode" names in its output when no
// configuration gives one: 127.0.0.1 to 127.0.0.1, AS 1 to AS 1, as with
// the smallest configuration ExaBGP's --decode needs.
func DecodePeer() session.PeerInfo {
	return session.PeerInfo{
		LocalAddress: netip.AddrFrom4([4]byte{127, 0, 0, 1}),
		PeerAddress:  netip.AddrFrom4([4]byte{127, 0, 0, 1}),
		LocalAS:      1,
		PeerAS:       1,
	}
}

// DecodeJSON decodes one raw BGP UPDATE and returns the JSON line (newline
// included) that "exabgp --decode" prints after "update json", as ExaBGP
// 4.2 does, for the neighbor DecodePeer(). raw is a whole message (marker,
// length, type) or, without the marker, an UPDATE body. o are the
// negotiated options of the receiving side (ASN4, AddPath, ExtNextHop).
// fam is accepted for "decode -f FAMILY" and does not change the output of
// whole messages.
func DecodeJSON(raw []byte, o codec.Options, fam *codec.Family) ([]byte, error) {
	return DecodeJSONFor(raw, o, DecodePeer(), EncoderOptions{})
}

// DecodeJSONFor is DecodeJSON for a given neighbor and header values.
// Several messages may follow each other in raw: each gets its line, and
// the counter goes up as ExaBGP's does.
func DecodeJSONFor(raw []byte, o codec.Options, p session.PeerInfo, eo EncoderOptions) ([]byte, error) {
	msgs, err := splitMessages(raw)
	if err != nil {
		return nil, err
	}
	e := &jsonEncoder{o: eo.withDefaults()}
	var b []byte
	for _, m := range msgs {
		// exabgp --decode logs the text form first: where that fails, it
		// prints no JSON.
		u, err := decodeRawUpdate(m, o, printJSON|printText)
		if err != nil {
			return nil, err
		}
		b = e.appendHeader(b, nil, "update", nil)
		b = appendNeighbor(b, p, "in", appendUpdateMessage(nil, u, e.o.Compact))
		b = append(b, " }\n"...)
	}
	return b, nil
}

// splitMessages cuts raw into whole messages when it starts with a BGP
// marker; otherwise raw is one UPDATE body.
func splitMessages(raw []byte) ([][]byte, error) {
	marker := bytes.Repeat([]byte{0xFF}, 16)
	if !bytes.HasPrefix(raw, marker) {
		return [][]byte{raw}, nil
	}
	var out [][]byte
	for len(raw) > 0 {
		if len(raw) < codec.HeaderLen || !bytes.HasPrefix(raw, marker) {
			return nil, fmt.Errorf("decode: %d bytes left after the last message", len(raw))
		}
		l := int(raw[16])<<8 | int(raw[17])
		if l < codec.HeaderLen || l > len(raw) {
			return nil, fmt.Errorf("decode: message length %d, have %d bytes", l, len(raw))
		}
		if t := codec.MsgType(raw[18]); t != codec.MsgUpdate {
			return nil, fmt.Errorf("decode: the message is not an update (%d)", t)
		}
		out = append(out, raw[:l])
		raw = raw[l:]
	}
	return out, nil
}

// DecodeText returns the "decoded update ACTION NLRI ATTRIBUTES" lines
// "exabgp --decode" logs before the JSON, one per NLRI (ACTION is 1 for
// announced, 2 for withdrawn, None for an End-of-RIB), newline-terminated.
func DecodeText(raw []byte, o codec.Options) ([]byte, error) {
	msgs, err := splitMessages(raw)
	if err != nil {
		return nil, err
	}
	var b []byte
	for _, m := range msgs {
		u, err := decodeRawUpdate(m, o, printText)
		if err != nil {
			return nil, err
		}
		b = appendDecodedLines(b, u)
	}
	return b, nil
}

// appendDecodedLines writes the "decoded update" lines of u.
func appendDecodedLines(b []byte, u *apiUpdate) []byte {
	if u.eor != nil {
		b = append(b, "decoded update None "+eorText(*u.eor)+"\n"...)
	}
	attrs := u.attributesText()
	for _, n := range u.nlris {
		action := "1"
		if !n.announced {
			action = "2"
		}
		b = append(b, "decoded update "+action+" "+n.decodedText()+attrs+"\n"...)
	}
	return b
}

// decodeRawUpdate decodes one whole UPDATE message (as cut by
// splitMessages) or an UPDATE body with codec and prepares it for
// printing in forms. Flow routes that do not decode are left out as ExaBGP does;
// RFC 7606 errors that keep the session (treat-as-withdraw,
// attribute discard) still give the routes codec decoded.
func decodeRawUpdate(raw []byte, o codec.Options, forms printForms) (*apiUpdate, error) {
	body := raw
	if len(raw) >= codec.HeaderLen && bytes.HasPrefix(raw, bytes.Repeat([]byte{0xFF}, 16)) {
		body = raw[codec.HeaderLen:]
	}
	m, skipped, err := codec.DecodeUpdateSkippingFlows(body, o)
	if m == nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	u, err := formatUpdate(m, o, skipped, forms, body)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return u, nil
}

// DecodeJSONForNeighbor is DecodeJSON for a message received from n, as
// "exabgp --decode HEX CONF" decodes it with the first neighbor of CONF:
// the options are those n configures (4-byte AS, add-path received,
// extended next hop) and the addresses and AS numbers are n's.
func DecodeJSONForNeighbor(raw []byte, n *config.Neighbor) ([]byte, error) {
	var eo EncoderOptions
	p := session.PeerInfo{PeerAddress: n.PeerAddress, LocalAddress: n.LocalAddress, LocalAS: n.LocalAS, PeerAS: n.PeerAS}
	return DecodeJSONFor(raw, eo.sessionOptions(n, p, session.Received), p, eo)
}
