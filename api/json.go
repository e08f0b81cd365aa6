package api

import (
	"strconv"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// jsonEncoder writes ExaBGP 4.2's JSON API messages.
type jsonEncoder struct {
	o EncoderOptions
}

// NewJSONEncoder returns the encoder of processes with "encoder json".
func NewJSONEncoder(o EncoderOptions) Encoder { return &jsonEncoder{o: o.withDefaults()} }

// appendStamp opens a message with the fields every one of them carries:
// "exabgp" (the version), "time", "host", "pid" and "ppid".
func (e *jsonEncoder) appendStamp(b []byte) []byte {
	b = append(b, `{ "exabgp": "`...)
	b = append(b, e.o.Version...)
	b = append(b, `", "time": `...)
	b = appendPyFloat(b, float64(e.o.Now().UnixNano())/1e9)
	b = append(b, `, "host" : "`...)
	b = append(b, e.o.Hostname...)
	b = append(b, `", "pid" : `...)
	b = strconv.AppendInt(b, int64(e.o.PID), 10)
	b = append(b, `, "ppid" : `...)
	b = strconv.AppendInt(b, int64(e.o.PPID), 10)
	return b
}

// appendHeader writes ExaBGP's common header up to and including the
// "type" field; the caller appends the neighbor object and closes with
// " }\n".
func (e *jsonEncoder) appendHeader(b []byte, n *config.Neighbor, mtype string, raw []byte) []byte {
	b = e.appendStamp(b)
	b = append(b, `, "counter": `...)
	b = strconv.AppendUint(b, e.o.Counter.Next(n), 10)
	b = append(b, `, "type": "`...)
	b = append(b, mtype...)
	b = append(b, `", `...)
	if len(raw) >= codec.HeaderLen {
		b = append(b, `"header": "`...)
		b = appendHexString(b, raw[:codec.HeaderLen])
		b = append(b, `", `...)
		if len(raw) > codec.HeaderLen {
			b = append(b, `"body": "`...)
			b = appendHexString(b, raw[codec.HeaderLen:])
			b = append(b, `", `...)
		}
	}
	return b
}

// appendNeighbor writes the "neighbor" object; content is the already
// formatted members after the direction (may be empty).
func appendNeighbor(b []byte, p session.PeerInfo, dir session.Direction, content []byte) []byte {
	b = append(b, `"neighbor": { "address": { "local": "`...)
	b = appendAddr(b, p.LocalAddress)
	b = append(b, `", "peer": "`...)
	b = appendAddr(b, p.PeerAddress)
	b = append(b, `" }, "asn": { "local": `...)
	b = strconv.AppendUint(b, uint64(p.LocalAS), 10)
	b = append(b, `, "peer": `...)
	b = strconv.AppendUint(b, uint64(p.PeerAS), 10)
	b = append(b, ` } `...)
	if dir != "" {
		b = append(b, `, "direction": "`...)
		b = append(b, dir...)
		b = append(b, '"')
	}
	if len(content) > 0 {
		b = append(b, ", "...)
		b = append(b, content...)
	} else {
		b = append(b, ' ')
	}
	return append(b, " }"...)
}

// State reports a neighbor state change.
func (e *jsonEncoder) State(n *config.Neighbor, p session.PeerInfo, s session.State, reason string) []byte {
	b := e.appendHeader(nil, n, "state", nil)
	c := append([]byte(nil), `"state": "`...)
	c = append(c, s...)
	c = append(c, '"')
	if s == session.StateDown {
		c = append(c, `, "reason": `...)
		c = appendReason(c, reason)
	}
	b = appendNeighbor(b, p, "", c)
	return append(b, " }\n"...)
}

// Message reports a parsed message (ExaBGP's "parsed" API option). It
// returns nil when raw does not decode (ExaBGP then closes the session
// without reporting the message).
func (e *jsonEncoder) Message(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) []byte {
	return e.message(n, p, dir, msg, raw, false)
}

// Consolidated reports a parsed message with its header and body in hex
// (ExaBGP's "consolidate" with "packets").
func (e *jsonEncoder) Consolidated(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) []byte {
	return e.message(n, p, dir, msg, raw, true)
}

func (e *jsonEncoder) message(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte, packets bool) []byte {
	m, skipped, o, ok := e.o.reportedMessage(n, p, dir, msg, raw)
	if !ok {
		return nil
	}
	content, err := appendMessageJSON(make([]byte, 0, 512), m, raw[codec.HeaderLen:], skipped, dir, o, e.o.Compact)
	if err != nil {
		return nil
	}
	var hdr []byte
	if packets {
		hdr = raw
	}
	b := e.appendHeader(make([]byte, 0, len(content)+256+4*len(hdr)), n, jsonMessageType(m.Type()), hdr)
	b = appendNeighbor(b, p, dir, content)
	return append(b, " }\n"...)
}

// Shutdown is the message sent when the daemon stops.
func (e *jsonEncoder) Shutdown() []byte {
	b := e.appendStamp(nil)
	return append(b, `, "type": "notification", "notification": "shutdown" }`+"\n"...)
}

// jsonMessageType is the "type" field of a message kind.
func jsonMessageType(t codec.MsgType) string {
	switch t {
	case codec.MsgOpen:
		return "open"
	case codec.MsgUpdate:
		return "update"
	case codec.MsgNotification:
		return "notification"
	case codec.MsgKeepalive:
		return "keepalive"
	case codec.MsgRouteRefresh:
		return "refresh"
	case 6:
		return "operational"
	}
	return "unknown"
}

// Packets reports a raw message ("packets" without "consolidate").
func (e *jsonEncoder) Packets(n *config.Neighbor, p session.PeerInfo, dir session.Direction, raw []byte) []byte {
	var t codec.MsgType
	if len(raw) >= codec.HeaderLen {
		t = codec.MsgType(raw[18])
	}
	name := "unknown"
	switch {
	case t == codec.MsgRouteRefresh:
		name = "route refresh"
	case t >= 1 && t <= 6:
		name = jsonMessageType(t)
	}
	c := append([]byte(nil), `"message": { "category": `...)
	c = strconv.AppendUint(c, uint64(t), 10)
	c = append(c, `, "header": "`...)
	var hdr, body []byte
	if len(raw) >= codec.HeaderLen {
		hdr, body = raw[:codec.HeaderLen], raw[codec.HeaderLen:]
	}
	c = appendHexString(c, hdr)
	c = append(c, `", "body": "`...)
	c = appendHexString(c, body)
	c = append(c, `" } `...)
	b := e.appendHeader(nil, n, name, nil)
	b = appendNeighbor(b, p, dir, c)
	return append(b, " }\n"...)
}
