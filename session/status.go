package session

import (
	"sync/atomic"
	"time"
)

// peerStatus is what other goroutines may read about a peer while its
// goroutine runs.
type peerStatus struct {
	state    atomic.Uint32 // a state
	upSince  atomic.Int64  // unix nanoseconds, 0 when not established
	sent     atomic.Uint64 // UPDATE messages sent
	received atomic.Uint64 // UPDATE messages received

	counters // messages by type, prefixes, last NOTIFICATION (stats.go)
}

func (s *peerStatus) setState(st state) {
	s.state.Store(uint32(st))
	if st == stateEstablished {
		s.upSince.Store(time.Now().UnixNano())
	} else {
		s.upSince.Store(0)
	}
}

func (s *peerStatus) established() bool { return state(s.state.Load()) == stateEstablished }

// uptime is how long the session has been established, 0 when it is not.
func (s *peerStatus) uptime() time.Duration {
	t := s.upSince.Load()
	if t == 0 {
		return 0
	}
	return time.Since(time.Unix(0, t))
}
