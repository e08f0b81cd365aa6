package session

import (
	"errors"

	"github.com/exago/exago/codec"
)

// rawMessage is a message handed to observers as its wire bytes when it
// could not be decoded: Type is the header type, AppendBody gives back the
// body.
type rawMessage struct {
	t    codec.MsgType
	body []byte
}

// Type is the message type of the header.
func (m rawMessage) Type() codec.MsgType { return m.t }

// AppendBody appends the body as received or sent.
func (m rawMessage) AppendBody(b []byte, _ codec.Options) ([]byte, error) {
	return append(b, m.body...), nil
}

// decodeMessage decodes a whole message. When decoding fails the raw form
// is returned with the error; RFC 7606 errors that keep the session
// (treat-as-withdraw, attribute discard) come with the decoded message.
func decodeMessage(raw []byte, o codec.Options) (codec.Message, error) {
	m, err := codec.DecodeMessage(raw, o)
	if m == nil {
		if len(raw) < codec.HeaderLen {
			return rawMessage{}, err
		}
		return rawMessage{t: codec.MessageType(raw), body: raw[codec.HeaderLen:]}, err
	}
	return m, err
}

// receive decodes a message read from the peer and reports it to the
// observer. It returns the NOTIFICATION to send when the message is
// malformed in a way that resets the session.
func (p *peer) receive(raw []byte) error {
	if p.r.obs == nil && codec.MessageType(raw) != codec.MsgUpdate {
		return nil
	}
	m, err := decodeMessage(raw, p.recvOptions())
	if u, ok := m.(codec.Update); ok && !codec.IsSessionReset(err) {
		if nt := codec.UnrecognizedWellKnown(u.Attributes); nt != nil {
			err = nt
		}
	}
	var taw *codec.TreatAsWithdraw
	if errors.As(err, &taw) {
		// RFC 7606: the routes are handled as withdrawn, the session stays.
		p.log.Warn("malformed update treated as withdraw", "error", err)
		if u, ok := m.(codec.Update); ok {
			m = u.AsWithdraw()
		}
	}
	if p.r.obs != nil {
		p.r.obs.Message(p.n, p.info(), Received, m, raw)
	}
	var nt *codec.Notification
	if errors.As(err, &nt) {
		return fromCodec(nt)
	}
	if u, ok := m.(codec.Update); ok {
		p.learn(&u)
	}
	var discard *codec.AttributeDiscard
	if errors.As(err, &discard) {
		p.log.Warn("malformed attribute discarded", "error", err)
	} else if err != nil && taw == nil {
		p.log.Debug("update error", "error", err)
	}
	return nil
}

// observeSent reports a message we send when the neighbor's API asked for
// sent messages.
func (p *peer) observeSent(raw []byte) {
	if p.r.obs == nil || !p.wantsSent() {
		return
	}
	m, _ := decodeMessage(raw, p.sendOptions())
	p.r.obs.Message(p.n, p.info(), Sent, m, raw)
}
