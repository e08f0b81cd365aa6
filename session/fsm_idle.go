package session

import (
	"context"
	"time"
)

// idle waits out the connect-retry back-off. RFC 4271 8.2.2 Idle: "In this
// state, BGP FSM refuses all incoming BGP connections"; like ExaBGP we
// accept a connection from the peer instead of waiting for our own.
func (p *peer) idle(ctx context.Context) (state, error) {
	d := p.backoff()
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return stateStopped, ctx.Err()
		case req := <-p.reqs:
			p.handle(req)
		case nc := <-p.incoming:
			// Event 17: TcpConnectionConfirmed
			p.accept(ctx, nc)
			p.outgoing = false
			return stateOpenSent, nil
		case <-t.C:
			// Event 9: ConnectRetryTimer_Expires
			if p.n.Passive {
				return stateActive, nil
			}
			return stateConnect, nil
		}
	}
}
