package api

import "sync/atomic"

// helperStats counts what a helper did, for monitoring; updated with
// atomic adds on the command path.
type helperStats struct {
	commands atomic.Uint64 // lines read from the helper
	errors   atomic.Uint64 // lines answered "error" (or that would be, without api.ack)
	restarts atomic.Uint64 // respawns after the helper ended
}

// HelperStats is a snapshot of one helper process for monitoring.
type HelperStats struct {
	// Name is the process name of the configuration.
	Name string
	// Running is true while the helper's process runs.
	Running bool
	// Commands counts the lines the helper wrote, Errors those that
	// failed; Commands - Errors succeeded.
	Commands, Errors uint64
	// Restarts counts respawns.
	Restarts uint64
	// Queued is how many bytes wait to be written to the helper's stdin.
	Queued int
}

// HelperStats reports every configured helper, in configuration order.
// It may be called from any goroutine.
func (m *Manager) HelperStats() []HelperStats {
	m.mu.Lock()
	helpers := append([]*helper(nil), m.helpers...)
	m.mu.Unlock()
	out := make([]HelperStats, 0, len(helpers))
	for _, h := range helpers {
		q := h.out.Load()
		out = append(out, HelperStats{
			Name:     h.name,
			Running:  q != nil,
			Commands: h.stats.commands.Load(),
			Errors:   h.stats.errors.Load(),
			Restarts: h.stats.restarts.Load(),
			Queued:   q.queued(),
		})
	}
	return out
}

// queued is how many bytes wait for the writer; 0 for a nil queue.
func (q *outQueue) queued() int {
	if q == nil {
		return 0
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.buf)
}
