package session

import (
	"context"
	"net"
	"time"
)

// dialResult is the outcome of one outgoing connection attempt.
type dialResult struct {
	nc  net.Conn
	err error
}

// connect opens the TCP connection to the peer (Connect state) or, for a
// passive neighbor, waits for the peer to connect (Active state).
func (p *peer) connect(ctx context.Context) (state, error) {
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p.observeFSM("ACTIVE")
	var results chan dialResult
	if !p.n.Passive {
		p.attempts++
		results = make(chan dialResult, 1)
		key, err := md5Key(p.n)
		if err != nil {
			return stateStopped, err
		}
		local := p.n.LocalAddress
		if p.n.MD5IP.IsValid() {
			local = p.n.MD5IP // ExaBGP connects from md5-ip when given
		}
		go func() {
			nc, err := p.r.dial(dctx, dialSpec{local: local, addr: p.dialAddr(), md5: key, ttl: neighborTTL(p.n)})
			results <- dialResult{nc, err}
		}()
	}
	for {
		select {
		case <-ctx.Done():
			if results != nil {
				if r := <-results; r.nc != nil {
					r.nc.Close()
				}
			}
			return stateStopped, ctx.Err()
		case req := <-p.reqs:
			p.handle(req)
		case nc := <-p.incoming:
			// Event 17: TcpConnectionConfirmed; drop our own attempt.
			cancel()
			if results != nil {
				if r := <-results; r.nc != nil {
					r.nc.Close()
				}
			}
			p.accept(ctx, nc)
			p.outgoing = false
			return stateOpenSent, nil
		case r := <-results:
			if r.err != nil {
				// Event 18: TcpConnectionFails
				p.log.Debug("connect failed", "error", r.err)
				return stateIdle, nil
			}
			// Event 16: Tcp_CR_Acked
			p.accept(ctx, r.nc)
			p.outgoing = true
			return stateOpenSent, nil
		}
	}
}

// accept makes nc the session's connection and reports "connected".
func (p *peer) accept(ctx context.Context, nc net.Conn) {
	p.observeFSM("ACTIVE")
	p.conn = newConn(ctx, nc)
	p.observeFSM("CONNECT")
	p.reported = true
	p.log.Info("connected", "local", p.conn.local.String())
	p.observeState(StateConnected, "")
}

// reject refuses a second connection from the peer with a Cease.
func (p *peer) reject(nc net.Conn, text string) {
	b := appendNotification(nil, notification{code: notifCease, subcode: ceaseCollision, data: []byte(text)})
	_ = nc.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = nc.Write(b)
	_ = nc.Close()
}
