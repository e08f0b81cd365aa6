package peer

import (
	"context"
	"net"
	"sync"
	"time"
)

// acceptor accepts connections on a peer's listeners and runs a handler
// for each in its own goroutine, until stop.
type acceptor struct {
	lns   []net.Listener
	wg    sync.WaitGroup
	conns sync.Map
}

// accept starts accepting on lns; handle runs once per connection. A
// connection accepted after ctx is done is closed unhandled.
func accept(ctx context.Context, lns []net.Listener, handle func(net.Conn)) *acceptor {
	a := &acceptor{lns: lns}
	for _, ln := range lns {
		a.wg.Go(func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				if ctx.Err() != nil {
					conn.Close()
					return
				}
				a.conns.Store(conn, true)
				a.wg.Go(func() { handle(conn) })
			}
		})
	}
	return a
}

// stop unblocks Accept, closes every accepted connection, waits for the
// handlers, and leaves the listeners usable again (their deadline reset),
// so a caller may serve on them once more.
func (a *acceptor) stop() {
	a.setDeadline(time.Now())
	a.conns.Range(func(k, _ any) bool {
		k.(net.Conn).Close()
		return true
	})
	a.wg.Wait()
	a.setDeadline(time.Time{})
}

func (a *acceptor) setDeadline(t time.Time) {
	for _, ln := range a.lns {
		if d, ok := ln.(interface{ SetDeadline(time.Time) error }); ok {
			d.SetDeadline(t)
		}
	}
}
