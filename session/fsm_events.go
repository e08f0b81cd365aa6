package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// The events every state with a connection handles the same way.

// holdExpired is the NOTIFICATION sent on Event 10: HoldTimer_Expires.
func holdExpired() error { return notification{code: notifHoldExpired, noData: true} }

// onRequest applies req and returns the Cease ending the session when req
// tore it down.
func (p *peer) onRequest(req request) error {
	p.handle(req)
	if p.teardown != 0 {
		return notification{code: notifCease, subcode: p.teardown}
	}
	return nil
}

// onMessage takes what the reader sent: the type of the message, reported
// to the observer, or the error ending the session (a NOTIFICATION to send
// for a malformed message).
func (p *peer) onMessage(in inbound) (codec.MsgType, error) {
	if in.err != nil {
		return 0, generationError(p.r.env.Generation, readError(in.err))
	}
	p.status.countIn(in.raw)
	if err := p.receive(in.raw); err != nil {
		return 0, err
	}
	return codec.MessageType(in.raw), nil
}

// nextMessage waits in OpenSent or OpenConfirm for the peer's next
// message, serving requests and resolving connection collisions
// meanwhile. It returns the message, or nil with the state to go to and
// why (OpenSent when a colliding connection replaced ours). expired is
// the NOTIFICATION sent when holdC fires.
func (p *peer) nextMessage(ctx context.Context, holdC <-chan time.Time, expired error) ([]byte, state, error) {
	for {
		select {
		case <-ctx.Done():
			return nil, stateStopped, ctx.Err()
		case req := <-p.reqs:
			if err := p.onRequest(req); err != nil {
				return nil, stateIdle, err
			}
		case nc := <-p.incoming:
			if p.collide(ctx, nc) {
				return nil, stateOpenSent, nil
			}
		case <-p.conn.ctx.Done():
			return nil, stateIdle, context.Cause(p.conn.ctx)
		case <-holdC:
			// Event 10: HoldTimer_Expires
			return nil, stateIdle, expired
		case in := <-p.conn.in:
			if _, err := p.onMessage(in); err != nil {
				return nil, stateIdle, err
			}
			return in.raw, stateIdle, nil
		}
	}
}

// readError turns a reader error into what ends the session: a
// NOTIFICATION to send for header errors, the error itself otherwise.
func readError(err error) error {
	var nt *codec.Notification
	if errors.As(err, &nt) {
		return fromCodec(nt)
	}
	return err
}

// generationError words a NOTIFICATION to send as the generation followed
// does: under 5.0 a bad message type (1, 3) carries the text 'can not
// decode message of type "N"' instead of the type byte.
func generationError(g config.Generation, err error) error {
	var n notification
	if !errors.As(err, &n) || n.code != codec.NotifyHeader || n.subcode != codec.SubBadMessageType || len(n.data) != 1 {
		return err
	}
	if f := g.UnknownMessageData; f != "" {
		n.data = fmt.Appendf(nil, f, n.data[0])
		return n
	}
	return err
}

// receivedNotif is the NOTIFICATION the peer sent, as the error ending the
// session.
func receivedNotif(raw []byte) error {
	nt, err := codec.DecodeNotification(raw[codec.HeaderLen:])
	if err != nil {
		return readError(err)
	}
	// the data as received, also when empty
	return &receivedNotification{notification{code: nt.Code, subcode: nt.Subcode, data: nt.Data, noData: true}}
}
