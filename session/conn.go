package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/exago/exago/codec"
)

// writeQueue is how many batches of messages may wait for the writer.
const writeQueue = 16

// writeReq is one batch of whole messages to write, or, with done set, a
// marker the writer acknowledges once everything before it was written.
type writeReq struct {
	b    []byte
	done chan struct{}
}

// inbound is one message read from the connection, or the error that
// ended reading.
type inbound struct {
	raw []byte
	err error
}

// conn is one TCP connection to a peer: a reader goroutine feeding in, a
// writer goroutine draining a bounded queue, both bound to the connection's
// context. close stops both and waits for them.
type conn struct {
	nc     net.Conn
	local  netip.Addr
	remote netip.Addr

	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	// stop is the owner's context: send gives up when it ends, so that a
	// peer that stopped reading does not hold up a shutdown.
	stop context.Context

	in  chan inbound
	out chan writeReq

	// extended is set once extended messages are negotiated: the reader
	// then accepts messages up to 65,535 bytes (set before Established, read
	// by the reader goroutine only after it received the next message, hence
	// guarded).
	mu          sync.Mutex
	extended    bool
	operational bool

	// writeTimeout bounds each write once set (the hold time): a peer that
	// stops reading for that long is as dead as one that stops talking.
	writeTimeout atomic.Int64
}

func newConn(parent context.Context, nc net.Conn) *conn {
	// the connection outlives a cancelled parent long enough to send the
	// last NOTIFICATION; close ends it.
	ctx, cancel := context.WithCancelCause(context.WithoutCancel(parent))
	c := &conn{
		nc:     nc,
		stop:   parent,
		ctx:    ctx,
		cancel: cancel,
		in:     make(chan inbound, 64),
		out:    make(chan writeReq, writeQueue),
	}
	if a, ok := nc.LocalAddr().(*net.TCPAddr); ok {
		c.local = a.AddrPort().Addr().Unmap()
	}
	if a, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		c.remote = a.AddrPort().Addr().Unmap()
	}
	c.wg.Add(2)
	go c.readLoop()
	go c.writeLoop()
	return c
}

func (c *conn) setExtended(on bool) {
	c.mu.Lock()
	c.extended = on
	c.mu.Unlock()
}

// setOperational lets the reader accept OPERATIONAL messages (both sides
// announced the capability).
func (c *conn) setOperational(on bool) {
	c.mu.Lock()
	c.operational = on
	c.mu.Unlock()
}

// readOptions are the options the reader checks headers with.
func (c *conn) readOptions() codec.Options {
	c.mu.Lock()
	defer c.mu.Unlock()
	return codec.Options{ExtendedMessage: c.extended, Operational: c.operational}
}

// readLoop reads whole messages with codec.ReadMessage (header errors come
// as a *codec.Notification to send) and hands each to the owner.
func (c *conn) readLoop() {
	defer c.wg.Done()
	var buf []byte
	for {
		m, err := codec.ReadMessage(c.nc, buf, c.readOptions())
		if err == nil {
			buf = m[:0]
			// the owner keeps the message: hand over a copy
			select {
			case c.in <- inbound{raw: append([]byte(nil), m...)}:
				continue
			case <-c.ctx.Done():
				return
			}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.EOF
		}
		select {
		case c.in <- inbound{err: err}:
		case <-c.ctx.Done():
		}
		return
	}
}

func (c *conn) writeLoop() {
	defer c.wg.Done()
	for {
		select {
		case w := <-c.out:
			if w.done != nil {
				close(w.done)
				continue
			}
			if d := time.Duration(c.writeTimeout.Load()); d > 0 {
				_ = c.nc.SetWriteDeadline(time.Now().Add(d))
			}
			if _, err := c.nc.Write(w.b); err != nil {
				c.cancel(fmt.Errorf("write: %w", err))
				return
			}
		case <-c.ctx.Done():
			return
		}
	}
}

// send queues b for writing; it blocks while the queue is full and fails
// once the connection is closing. b must not be changed afterwards.
func (c *conn) send(b []byte) error {
	if c.ctx.Err() != nil {
		return context.Cause(c.ctx)
	}
	select {
	case c.out <- writeReq{b: b}:
		return nil
	case <-c.ctx.Done():
		return context.Cause(c.ctx)
	case <-c.stop.Done():
		return context.Cause(c.stop)
	}
}

// sendLast queues the last message of a session (a NOTIFICATION), also
// when the owner is shutting down; it waits at most timeout for room.
func (c *conn) sendLast(b []byte, timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case c.out <- writeReq{b: b}:
		return nil
	case <-c.ctx.Done():
		return context.Cause(c.ctx)
	case <-t.C:
		return errors.New("write queue full")
	}
}

// close stops the reader and the writer, closes the socket and waits for
// both goroutines.
func (c *conn) close() {
	c.cancel(errClosed)
	_ = c.nc.SetReadDeadline(time.Now())
	_ = c.nc.Close()
	c.wg.Wait()
}

// drainAndClose lets the writer finish what is queued (up to timeout) and
// then closes.
func (c *conn) drainAndClose(timeout time.Duration) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	done := make(chan struct{})
	select {
	case c.out <- writeReq{done: done}:
		select {
		case <-done:
		case <-c.ctx.Done():
		case <-deadline.C:
		}
	case <-c.ctx.Done():
	case <-deadline.C:
	}
	c.close()
}

var errClosed = errors.New("connection closed")
