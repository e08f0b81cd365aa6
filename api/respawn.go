package api

import "time"

// respawnLimit is how many times ExaBGP 4.2 starts a helper within one
// window before it gives up and stops the daemon.
const respawnLimit = 5

// respawnLimiter counts helper starts per window of 64 seconds aligned on
// the clock, as ExaBGP 4.2's Processes does with time & ~0b111111: a
// helper may start respawnLimit times within a window; one more start
// means it dies too fast.
type respawnLimiter struct {
	window int64
	count  int
}

// start records a start at now and reports whether it is within the limit.
func (l *respawnLimiter) start(now time.Time) bool {
	w := now.Unix() &^ 63
	if w != l.window || l.count == 0 {
		l.window = w
		l.count = 1
		return true
	}
	l.count++
	return l.count <= respawnLimit
}
