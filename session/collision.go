package session

import (
	"context"
	"encoding/binary"
	"net"
)

// Connection collision detection (RFC 4271 section 6.8).
//
// A peer has one connection at a time. A second connection from the peer
// while the first is being set up is a collision, resolved as the RFC
// says: "retain only the connection initiated by the BGP speaker with the
// higher-valued BGP Identifier", the other closed with a Cease,
// Connection Collision Resolution (RFC 4486 subcode 7). The identifier is
// that of the peer's OPEN: in OpenConfirm it is known; in OpenSent the
// new connection waits, unanswered, until the OPEN arrives on the first
// one. As in ExaBGP, the new connection (the peer's) is kept when the
// peer's identifier is the higher one, whichever connection it collides
// with; a connection arriving once the session is established is refused.

// Texts of the Cease sent to the connection closed.
const (
	collisionKeepOld = "could not accept the connection, as another connection is already open and will be used"
	collisionKeepNew = "closing outgoing connection as we have another incoming on with higher router-id"
	collisionThird   = "connection collision, a session is being established"
)

// collide handles nc, a connection from the peer arriving while p.conn is
// in OpenSent or OpenConfirm. It returns true when nc replaced p.conn,
// which is then in OpenSent again (our OPEN not sent yet).
func (p *peer) collide(ctx context.Context, nc net.Conn) bool {
	if p.ro == nil {
		// OpenSent: the peer's identifier is not known yet
		if p.pending != nil {
			p.reject(nc, collisionThird)
			return false
		}
		p.pending = nc
		return false
	}
	return p.resolve(ctx, nc)
}

// resolveWaiting resolves the collision with a connection that waited for
// the peer's OPEN, once it arrived; it returns true when that connection
// replaced p.conn.
func (p *peer) resolveWaiting(ctx context.Context) bool {
	nc := p.pending
	if nc == nil {
		return false
	}
	p.pending = nil
	return p.resolve(ctx, nc)
}

// resolve keeps p.conn and refuses nc when our BGP identifier is the
// higher one; else it closes p.conn and makes nc the connection.
// "Comparing BGP Identifiers is done by converting them to host byte order
// and treating them as 4-octet unsigned integers."
func (p *peer) resolve(ctx context.Context, nc net.Conn) bool {
	if routerIDValue(p.ro.routerID.AsSlice()) < routerIDValue(p.lo.routerID.AsSlice()) {
		p.log.Info("connection collision: keeping the first connection", "remote", nc.RemoteAddr().String(),
			"ours", p.outgoing)
		p.reject(nc, collisionKeepOld)
		return false
	}
	p.log.Info("connection collision: keeping the peer's new connection", "remote", nc.RemoteAddr().String(),
		"closed_ours", p.outgoing)
	n := notification{code: notifCease, subcode: ceaseCollision, text: collisionKeepNew}
	p.sendLast(appendNotification(nil, n))
	if p.reported {
		p.observeState(StateDown, p.downReason(ctx, n))
	}
	p.conn, p.lo, p.ro, p.ng = nil, nil, nil, nil
	p.reported = false
	p.accept(ctx, nc)
	p.outgoing = false
	return true
}

// routerIDValue is a BGP identifier as a 4-octet unsigned integer.
func routerIDValue(b []byte) uint32 {
	if len(b) != 4 {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

// dropPending closes a connection still waiting for a collision to be
// resolved, or hands it back to the peer's goroutine when the session it
// waited on ended (keep is set): it is then accepted as any connection.
func (p *peer) dropPending(keep bool) {
	nc := p.pending
	if nc == nil {
		return
	}
	p.pending = nil
	if keep {
		select {
		case p.incoming <- nc:
			return
		default:
		}
	}
	_ = nc.Close()
}
