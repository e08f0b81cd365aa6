package session

import (
	"context"
	"time"
)

// startDelay is how long the reactor waits at start with tcp.delay set
// (ExaBGP's "start to announce route when the minutes in the hours is a
// modulo of this number"): until the next multiple of tcp.delay minutes
// of wall-clock time, counted in whole seconds since the epoch. 0 without
// tcp.delay.
func (r *Reactor) startDelay(now time.Time) time.Duration {
	if r.env.TCPDelay <= 0 {
		return 0
	}
	period := int64(r.env.TCPDelay) * 60
	return time.Duration(period-now.Unix()%period) * time.Second
}

// waitStart waits out startDelay; it returns false when ctx ended first.
func (r *Reactor) waitStart(ctx context.Context) bool {
	d := r.startDelay(time.Now())
	if d == 0 {
		return true
	}
	r.log.Info("waiting before connecting (tcp.delay)", "delay", d.String())
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
