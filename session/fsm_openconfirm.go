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
	raw, next, err := p.nextMessage(ctx, holdC, "connection collision, a session is being established")
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
