package api

import (
	"fmt"
	"strconv"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// textEncoder writes ExaBGP 4.2's text API messages. ExaBGP ends each of
// its text messages with a newline and then writes one more, so every
// message is followed by an empty line; exago keeps that.
type textEncoder struct {
	o EncoderOptions
}

// NewTextEncoder returns the encoder of processes with "encoder text".
func NewTextEncoder(o EncoderOptions) Encoder { return &textEncoder{o: o.withDefaults()} }

// State reports a neighbor state change.
func (e *textEncoder) State(n *config.Neighbor, p session.PeerInfo, s session.State, reason string) []byte {
	b := append([]byte(nil), "neighbor "...)
	b = appendAddr(b, p.PeerAddress)
	b = append(b, ' ')
	b = append(b, s...)
	if s == session.StateDown {
		b = append(b, " - "...)
		b = append(b, reason...)
	}
	return append(b, "\n\n"...)
}

// Message reports a parsed message.
func (e *textEncoder) Message(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) []byte {
	return e.message(n, p, dir, msg, raw, false)
}

// Consolidated reports a parsed message with header and body in hex.
func (e *textEncoder) Consolidated(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) []byte {
	return e.message(n, p, dir, msg, raw, true)
}

func (e *textEncoder) message(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte, packets bool) []byte {
	dm, skipped, o, ok := e.o.reportedMessage(n, p, dir, msg, raw)
	if !ok {
		return nil
	}
	var hb []byte
	if packets {
		hb = appendTextHeaderBody(nil, raw)
	}
	b := append([]byte(nil), "neighbor "...)
	b = appendAddr(b, p.PeerAddress)
	b = append(b, ' ')
	b = append(b, dir...)
	switch m := dm.(type) {
	case codec.Keepalive:
		b = append(b, " keepalive"...)
	case codec.Open:
		b = fmt.Appendf(b, " open version %d asn %d hold_time %d router_id %s capabilities [%s]",
			m.Version, m.MyAS, m.HoldTime, m.RouterID, capabilitiesText(m))
	case codec.Notification:
		b = fmt.Appendf(b, " notification code %d subcode %d data ", m.Code, m.Subcode)
		b = appendHexString(b, m.Data)
	case codec.RouteRefresh:
		b = fmt.Appendf(b, " route-refresh afi %s safi %s %s", m.Family.AFI, m.Family.SAFI, refreshSubtype(m.Subtype))
	case codec.Operational:
		// one line, without the blank line of the other messages
		b = append(b, ' ')
		b = append(b, operationalText(m)...)
		b = append(b, hb...)
		return append(b, '\n')
	case codec.Update:
		u, err := formatUpdate(&m, o, skipped, printText, raw[codec.HeaderLen:])
		if err != nil {
			return nil
		}
		return appendUpdateText(b, u, hb)
	default:
		return nil
	}
	b = append(b, hb...)
	return append(b, "\n\n"...)
}

// appendUpdateText writes the lines of an update after prefix ("neighbor
// X receive"): start, one line per NLRI, the packets line, end.
func appendUpdateText(prefix []byte, u *apiUpdate, hb []byte) []byte {
	pre := string(prefix) + " update"
	b := append([]byte(nil), pre...)
	b = append(b, " start\n"...)
	if u.eor != nil {
		b = append(b, pre+" route "+eorText(*u.eor)+"\n"...)
	}
	attrs := u.attributesText()
	for _, n := range u.nlris {
		if n.announced {
			b = append(b, pre+" announced "+n.extensive()+attrs+"\n"...)
			continue
		}
		b = append(b, pre+" withdrawn "+n.extensive()+"\n"...)
	}
	if len(hb) > 0 {
		b = append(b, hb...)
		b = append(b, '\n')
	}
	b = append(b, pre+" end\n"...)
	return append(b, '\n')
}

// Shutdown is the message sent when the daemon stops.
func (e *textEncoder) Shutdown() []byte {
	return fmt.Appendf(nil, "shutdown %d %d\n\n", e.o.PID, e.o.PPID)
}

// appendTextHeaderBody writes " header 0x... body 0x..." for raw.
func appendTextHeaderBody(b, raw []byte) []byte {
	if len(raw) < codec.HeaderLen {
		return b
	}
	b = append(b, " header "...)
	b = appendHexString(b, raw[:codec.HeaderLen])
	if len(raw) > codec.HeaderLen {
		b = append(b, " body "...)
		b = appendHexString(b, raw[codec.HeaderLen:])
	}
	return b
}

// Packets reports a raw message ("packets" without "consolidate").
func (e *textEncoder) Packets(n *config.Neighbor, p session.PeerInfo, dir session.Direction, raw []byte) []byte {
	b := append([]byte(nil), "neighbor "...)
	b = appendAddr(b, p.PeerAddress)
	b = append(b, ' ')
	b = append(b, dir...)
	b = append(b, ' ')
	if len(raw) >= codec.HeaderLen {
		b = strconv.AppendUint(b, uint64(raw[18]), 10)
	}
	b = appendTextHeaderBody(b, raw)
	return append(b, "\n\n"...)
}
