package api

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// sessionOptions are the options raw messages of dir are decoded with:
// EncoderOptions.Negotiated when set, else what n configures (4-byte AS
// unless disabled, add-path per family in that direction, extended next
// hop).
func (o EncoderOptions) sessionOptions(n *config.Neighbor, p session.PeerInfo, dir session.Direction) codec.Options {
	if o.Negotiated != nil {
		return o.Negotiated(n, p, dir)
	}
	co := codec.Options{ASN4: true, ExtendedMessage: true}
	if n == nil {
		return co
	}
	co.ASN4 = n.Capabilities.ASN4
	want := config.AddPathReceive
	if dir == session.Sent {
		want = config.AddPathSend
	}
	for f, m := range n.Capabilities.AddPath {
		if m&want != 0 {
			if co.AddPath == nil {
				co.AddPath = map[codec.Family]bool{}
			}
			co.AddPath[f] = true
		}
	}
	if len(n.Capabilities.NextHop) > 0 {
		co.ExtNextHop = n.Capabilities.NextHop
	}
	return co
}

// messageBody splits raw into its type and body; raw must hold the header.
func messageBody(raw []byte) (codec.MsgType, []byte, bool) {
	if len(raw) < codec.HeaderLen {
		return 0, nil, false
	}
	return codec.MsgType(raw[18]), raw[codec.HeaderLen:], true
}

// appendMessageJSON writes the members describing a message inside
// "neighbor" after the direction ("open": {...}, "message": {...}...);
// nothing for a keepalive. It fails when the body does not decode.
func appendMessageJSON(b []byte, t codec.MsgType, body []byte, dir session.Direction, o codec.Options, compact bool) ([]byte, error) {
	switch t {
	case codec.MsgKeepalive:
		return b, nil
	case codec.MsgOpen:
		op, err := decodeAPIOpen(body)
		if err != nil {
			return nil, err
		}
		return op.appendJSON(b, dir == session.Sent), nil
	case codec.MsgUpdate:
		u, err := decodeAPIUpdate(body, o)
		if err != nil {
			return nil, err
		}
		return appendUpdateMessage(b, u, compact), nil
	case codec.MsgNotification:
		if len(body) < 2 {
			return nil, fmt.Errorf("decode notification: %d bytes", len(body))
		}
		b = append(b, `"notification": { "code": `...)
		b = strconv.AppendUint(b, uint64(body[0]), 10)
		b = append(b, `, "subcode": `...)
		b = strconv.AppendUint(b, uint64(body[1]), 10)
		b = append(b, `, "data": "`...)
		b = appendHexString(b, body[2:])
		return append(b, `" } `...), nil
	case codec.MsgRouteRefresh:
		if len(body) != 4 {
			return nil, fmt.Errorf("decode route-refresh: %d bytes", len(body))
		}
		afi := codec.AFI(binary.BigEndian.Uint16(body))
		safi := codec.SAFI(body[3])
		// ExaBGP 4.2 quotes these values twice; helpers parse it as is.
		b = append(b, `"route-refresh": { "afi": ""`...)
		b = append(b, afi.String()...)
		b = append(b, `"", "safi": ""`...)
		b = append(b, safi.String()...)
		b = append(b, `"", "subtype": ""`...)
		b = append(b, refreshSubtype(body[2])...)
		return append(b, `"" }`...), nil
	}
	return nil, fmt.Errorf("decode message: unknown type %d", t)
}

// refreshSubtype names the ROUTE-REFRESH subtype (RFC 7313).
func refreshSubtype(v byte) string {
	switch v {
	case 0:
		return "query"
	case 1:
		return "begin"
	case 2:
		return "end"
	}
	return "invalid"
}
