package session

import (
	"context"
	"time"

	"github.com/exago/exago/codec"
)

// openConfirm waits for the KEEPALIVE that acknowledges our OPEN.
func (p *peer) openConfirm(ctx context.Context) (state, error) {
	var holdC <-chan time.Time
	if p.ng.hold > 0 {
		hold := time.NewTimer(time.Duration(p.ng.hold) * time.Second)
		defer hold.Stop()
		holdC = hold.C
	}
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
		case <-holdC:
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
			case codec.MsgKeepalive:
				// Event 26: KeepAliveMsg
				return stateEstablished, nil
			case codec.MsgNotification:
				// Event 25: NotifMsg
				return stateIdle, receivedNotif(in.raw)
			default:
				return stateIdle, notification{code: notifFSM, subcode: 2}
			}
		}
	}
}
