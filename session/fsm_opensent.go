package session

import (
	"context"
	"time"

	"github.com/exago/exago/codec"
)

// openSentHold is the hold time while waiting for the peer's OPEN (RFC 4271
// section 8.2.2 suggests four minutes).
const openSentHold = 4 * time.Minute

// openSent sends our OPEN and waits for the peer's.
func (p *peer) openSent(ctx context.Context) (state, error) {
	p.lo = newLocalOpen(p.n, p.conn.local)
	if err := p.sendMessage(appendOpen(nil, p.n, p.lo)); err != nil {
		return stateIdle, err
	}
	hold := time.NewTimer(openSentHold)
	defer hold.Stop()
	for {
		select {
		case <-ctx.Done():
			return stateStopped, ctx.Err()
		case req := <-p.reqs:
			p.handle(req)
			if p.teardown != 0 {
				return stateIdle, notification{code: notifCease, subcode: p.teardown}
			}
		case nc := <-p.incoming:
			p.reject(nc, "connection collision, a session is being established")
		case <-p.conn.ctx.Done():
			return stateIdle, context.Cause(p.conn.ctx)
		case <-hold.C:
			// Event 10: HoldTimer_Expires
			return stateIdle, notification{code: notifHoldExpired, noData: true}
		case in := <-p.conn.in:
			if in.err != nil {
				return stateIdle, readError(in.err)
			}
			if err := p.receive(in.raw); err != nil {
				return stateIdle, err
			}
			switch codec.MsgType(in.raw[18]) {
			case codec.MsgOpen:
				// Event 19: BGPOpen
				ro, err := decodeOpen(in.raw[codec.HeaderLen:])
				if err != nil {
					return stateIdle, err
				}
				p.ro = ro
				ng, err := negotiate(p.n, p.lo, ro)
				if err != nil {
					return stateIdle, err
				}
				p.ng = ng
				if ng.recv.ExtendedMessage {
					p.conn.setMaxRead(65535)
				}
				if err := p.sendMessage(appendKeepalive(nil)); err != nil {
					return stateIdle, err
				}
				return stateOpenConfirm, nil
			case codec.MsgNotification:
				// Event 25: NotifMsg
				return stateIdle, receivedNotif(in.raw)
			default:
				// Event 27: UpdateMsg / 26: KeepAliveMsg
				return stateIdle, notification{code: notifFSM, subcode: 1}
			}
		}
	}
}

// readError turns a reader error into what ends the session: a
// NOTIFICATION to send for header errors, the error itself otherwise.
func readError(err error) error {
	if h, ok := err.(*headerError); ok {
		return h.notif
	}
	return err
}

// receivedNotif decodes a NOTIFICATION the peer sent.
func receivedNotif(raw []byte) error {
	n := notification{}
	if len(raw) >= codec.HeaderLen+2 {
		n.code, n.subcode = raw[19], raw[20]
		n.data = raw[21:]
	}
	return &receivedNotification{n}
}
