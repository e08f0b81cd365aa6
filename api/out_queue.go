package api

import (
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// outQueue is the bounded write queue in front of one helper's stdin.
// Producers (command answers, session events) append without ever
// blocking; a single writer goroutine hands the pending bytes to the pipe
// in one write. When the helper stops reading and the queue holds limit
// bytes, new data is dropped and logged instead of stalling the daemon.
type outQueue struct {
	log   *slog.Logger
	limit int
	// started is set when a writer was given the queue (by the helper's
	// supervising goroutine only).
	started bool
	// ack is the helper's runtime ack switch (ackDefault, ackOn, ackOff).
	ack atomic.Int32
	// holding keeps what is pushed in held until release (under mu).
	holding bool
	held    []byte

	mu      sync.Mutex
	buf     []byte
	closed  bool
	dropped uint64 // messages dropped since the last successful push
	wake    chan struct{}
	done    chan struct{} // closed when the writer has returned
}

func newOutQueue(limit int, log *slog.Logger) *outQueue {
	return &outQueue{log: log, limit: limit, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// push queues b (which must end with a newline). It reports false when b
// was dropped: queue full or closed.
func (q *outQueue) push(b []byte) bool { return pushText(q, b, false) }

// pushText is push for b, followed by a newline when nl is set (sparing
// the caller a concatenation per line).
func pushText[T string | []byte](q *outQueue, b T, nl bool) bool {
	n := len(b)
	if nl {
		n++
	}
	if q == nil || n == 0 {
		return false
	}
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	if q.holding {
		q.held = append(q.held, b...)
		if nl {
			q.held = append(q.held, '\n')
		}
		q.mu.Unlock()
		return true
	}
	if len(q.buf)+n > q.limit {
		q.dropped++
		first := q.dropped == 1
		q.mu.Unlock()
		if first {
			q.log.Warn("helper is not reading its input, dropping messages", "queued", q.limit)
		}
		return false
	}
	q.buf = append(q.buf, b...)
	if nl {
		q.buf = append(q.buf, '\n')
	}
	dropped := q.dropped
	q.dropped = 0
	q.mu.Unlock()
	if dropped > 0 {
		q.log.Warn("helper reads its input again", "dropped", dropped)
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true
}

// hold keeps everything pushed from now on back until release: the
// answers to a burst of commands wait until the sessions queued the
// burst's UPDATEs for the wire.
func (q *outQueue) hold() {
	q.mu.Lock()
	q.holding = true
	q.mu.Unlock()
}

// release queues what was held back and stops holding.
func (q *outQueue) release() {
	q.mu.Lock()
	q.holding = false
	b := q.held
	q.held = nil
	q.mu.Unlock()
	q.push(b)
}

// pushLine is push for s and a newline.
func (q *outQueue) pushLine(s string) bool { return pushText(q, s, true) }

// pushString is push for a string.
func (q *outQueue) pushString(s string) bool {
	return pushText(q, s, false)
}

// run writes queued bytes to w until the queue is closed and drained, or a
// write fails; it closes w before returning.
func (q *outQueue) run(w *os.File) {
	defer close(q.done)
	defer w.Close()
	var spare []byte
	for {
		q.mu.Lock()
		b := q.buf
		q.buf = spare[:0]
		closed := q.closed
		q.mu.Unlock()
		if len(b) > 0 {
			if _, err := w.Write(b); err != nil {
				q.log.Debug("writing to helper failed", "error", err)
				q.mu.Lock()
				q.closed = true
				q.buf = nil
				q.mu.Unlock()
				return
			}
			spare = b
			continue
		}
		spare = b
		if closed {
			return
		}
		<-q.wake
	}
}

// close stops accepting data; the writer flushes what is queued, giving
// the helper grace to read it, then closes the pipe.
func (q *outQueue) close(w *os.File, grace time.Duration) {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	_ = w.SetWriteDeadline(time.Now().Add(grace))
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
