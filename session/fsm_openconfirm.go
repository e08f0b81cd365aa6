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
	if p.resolveWaiting(ctx) {
		// a connection that waited for the peer's OPEN replaced ours
		return stateOpenSent, nil
	}
	raw, next, err := p.nextMessage(ctx, holdC, holdExpired())
	if raw == nil {
		return next, err
	}
	switch codec.MessageType(raw) {
	case codec.MsgKeepalive:
		// Event 26: KeepAliveMsg
		return stateEstablished, nil
	case codec.MsgNotification:
		// Event 25: NotifMsg
		return stateIdle, receivedNotif(raw)
	default:
		return stateIdle, notification{code: notifFSM, subcode: 2}
	}
}
