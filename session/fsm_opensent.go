package session

import (
	"context"
	"time"

	"github.com/exago/exago/codec"
)

// openSentHold is the hold time while waiting for the peer's OPEN (RFC 4271
// section 8.2.2 suggests four minutes).
const openSentHold = 4 * time.Minute

// openWait is how long we wait for the peer's OPEN: bgp.openwait seconds
// (ExaBGP's default 60), or the RFC's four minutes when unset.
func (p *peer) openWait() time.Duration {
	if w := p.r.env.BGPOpenWait; w > 0 {
		return time.Duration(w) * time.Second
	}
	return openSentHold
}

// openSent sends our OPEN and waits for the peer's. When bgp.openwait
// passes first, ExaBGP sends a NOTIFICATION 1/1 (its ReceiveTimer for the
// OPEN) and so do we.
func (p *peer) openSent(ctx context.Context) (state, error) {
	p.lo = newLocalOpen(p.n, p.conn.local)
	p.lo.extra = generationCaps(p.n, p.r.env.Generation, p.r.env.Version)
	open, err := appendOpen(nil, p.n, p.lo)
	if err != nil {
		return stateIdle, err
	}
	if err := p.sendMessage(open); err != nil {
		return stateIdle, err
	}
	p.observeFSM("OPENSENT")
	hold := time.NewTimer(p.openWait())
	defer hold.Stop()
	raw, next, err := p.nextMessage(ctx, hold.C, notification{code: notifHeader, subcode: 1,
		text: "waited for open too long, we do not like stuck in active"})
	if raw == nil {
		return next, err
	}
	switch codec.MessageType(raw) {
	case codec.MsgOpen:
		// Event 19: BGPOpen
		ro, err := decodeOpen(raw[codec.HeaderLen:])
		if err != nil {
			return stateIdle, readError(err)
		}
		p.ro = ro
		ng, err := negotiate(p.n, p.lo, ro)
		if err != nil {
			return stateIdle, err
		}
		p.ng = ng
		p.observeNegotiated()
		p.observeFSM("OPENCONFIRM")
		p.conn.setExtended(ng.recv.ExtendedMessage)
		p.conn.setOperational(ng.recv.Operational)
		if err := p.sendMessage(appendKeepalive(nil)); err != nil {
			return stateIdle, err
		}
		return stateOpenConfirm, nil
	case codec.MsgNotification:
		// Event 25: NotifMsg
		return stateIdle, receivedNotif(raw)
	default:
		// Event 27: UpdateMsg / 26: KeepAliveMsg
		return stateIdle, notification{code: notifFSM, subcode: 1}
	}
}
