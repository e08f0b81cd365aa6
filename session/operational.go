package session

import (
	"context"
	"errors"

	"github.com/exago/exago/codec"
)

// errNoOperational refuses an OPERATIONAL message on a session that did
// not negotiate the operational capability.
var errNoOperational = errors.New("operational capability not negotiated")

// Operational sends m to the selected neighbors of process whose session
// is established with the operational capability; a query or counter
// without a router id carries ours, as ExaBGP's.
func (r *Reactor) Operational(ctx context.Context, process string, sel Selector, m codec.Operational) error {
	return r.call(ctx, process, sel, request{op: opOperational, operational: &m})
}

// sendOperational sends m when the session is up; without a session it
// is dropped.
func (p *peer) sendOperational(m codec.Operational) error {
	if !p.up() {
		return nil
	}
	if !p.ng.send.Operational {
		return errNoOperational
	}
	asked := m
	if !m.RouterID.IsValid() && m.Code.Category() != "advisory" {
		m.RouterID = p.lo.routerID
	}
	b, err := codec.AppendMessage(nil, m, p.ng.send)
	if err != nil {
		return err
	}
	// helpers hear the message as asked: ExaBGP prints the router id it
	// fills in as "None"
	if p.r.obs != nil && p.wantsSent() {
		p.r.obs.Message(p.n, p.info(), Sent, asked, b)
	}
	return p.conn.send(b)
}
