package api

import (
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

// reportedMessage is the message an encoder reports and the options of the
// session it came on: decodedMessage under sessionOptions. It reports false
// when raw is shorter than a header or nothing decodes.
func (eo EncoderOptions) reportedMessage(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) (m codec.Message, skipped int, o codec.Options, ok bool) {
	if len(raw) < codec.HeaderLen {
		return nil, 0, o, false
	}
	o = eo.sessionOptions(n, p, dir)
	m, skipped, ok = decodedMessage(msg, raw, o)
	return m, skipped, o, ok
}

// decodedMessage returns the codec value of a message to print: msg when
// the session passed a decoded codec message, else raw decoded with codec
// under o (an UPDATE as ExaBGP reads it, skipping the flow routes that do
// not decode; skipped counts them). It reports false when neither gives
// one.
func decodedMessage(msg codec.Message, raw []byte, o codec.Options) (m codec.Message, skipped int, ok bool) {
	switch m := msg.(type) {
	case codec.Update, codec.Open, codec.Notification, codec.RouteRefresh, codec.Keepalive, codec.Operational:
		return m, 0, true
	case *codec.Update:
		if m != nil {
			return *m, 0, true
		}
	case *codec.Notification:
		if m != nil {
			return *m, 0, true
		}
	}
	if len(raw) < codec.HeaderLen {
		return nil, 0, false
	}
	if codec.MsgType(raw[18]) == codec.MsgUpdate {
		if _, _, err := codec.CheckHeader(raw, o); err != nil {
			return nil, 0, false
		}
		u, skipped, _ := codec.DecodeUpdateSkippingFlows(raw[codec.HeaderLen:], o)
		if u == nil {
			return nil, 0, false
		}
		return *u, skipped, true
	}
	if m, _ = codec.DecodeMessage(raw, o); m == nil {
		return nil, 0, false
	}
	return m, 0, true
}

// appendMessageJSON writes the members describing a message inside
// "neighbor" after the direction ("open": {...}, "message": {...}...);
// nothing for a keepalive. o are the options an UPDATE was decoded with,
// body its wire body.
// It fails where ExaBGP 4.2 fails to print the message.
func appendMessageJSON(b []byte, msg codec.Message, body []byte, skipped int, dir session.Direction, o codec.Options, compact bool) ([]byte, error) {
	switch m := msg.(type) {
	case codec.Keepalive:
		return b, nil
	case codec.Open:
		return appendOpenJSON(b, m, dir == session.Sent), nil
	case codec.Update:
		u, err := formatUpdate(&m, o, skipped, printJSON, body)
		if err != nil {
			return nil, err
		}
		return appendUpdateMessage(b, u, compact), nil
	case codec.Notification:
		b = append(b, `"notification": { "code": `...)
		b = strconv.AppendUint(b, uint64(m.Code), 10)
		b = append(b, `, "subcode": `...)
		b = strconv.AppendUint(b, uint64(m.Subcode), 10)
		b = append(b, `, "data": "`...)
		b = appendHexString(b, m.Data)
		return append(b, `" } `...), nil
	case codec.RouteRefresh:
		// ExaBGP 4.2 quotes these values twice; helpers parse it as is.
		b = append(b, `"route-refresh": { "afi": ""`...)
		b = append(b, m.Family.AFI.String()...)
		b = append(b, `"", "safi": ""`...)
		b = append(b, m.Family.SAFI.String()...)
		b = append(b, `"", "subtype": ""`...)
		b = append(b, refreshSubtype(m.Subtype)...)
		return append(b, `"" }`...), nil
	case codec.Operational:
		return append(b, operationalJSON(m)...), nil
	}
	return nil, fmt.Errorf("format message: unknown type %d", msg.Type())
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
