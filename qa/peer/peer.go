package peer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"syscall"
	"time"
)

// Config sets up a scripted peer.
type Config struct {
	// Script is what the daemon must send.
	Script *Script
	// Signal delivers a signal entry to the daemon; nil makes signal
	// entries fail the test.
	Signal func(syscall.Signal) error
	// Log receives the conversation, one line per event; nil discards it.
	Log io.Writer
	// Rules are the peer rules of the suite's generation (4.2 when unset).
	Rules Rules
}

// Peer checks the daemon's sessions against a Script.
type Peer struct {
	cfg Config

	logMu sync.Mutex // serialises Log writes

	mu     sync.Mutex
	next   int          // index of the next ConnScript to hand out
	active []*connState // connections opened so far
	done   int          // connection scripts completed
}

// New returns a peer for cfg.
func New(cfg Config) *Peer {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	return &Peer{cfg: cfg}
}

func (p *Peer) logf(format string, args ...any) {
	p.logMu.Lock()
	defer p.logMu.Unlock()
	fmt.Fprintf(p.cfg.Log, format+"\n", args...)
}

// event is what a connection handler reports.
type event struct {
	err      error // failure, nil otherwise
	finished bool  // the connection's script is complete
	closed   bool  // the daemon closed the connection
}

// Serve accepts sessions on the listeners until the script passes (nil), a
// message does not fit (*Failure) or ctx ends (*Failure "timeout"). It does
// not close the listeners.
func (p *Peer) Serve(ctx context.Context, lns ...net.Listener) error {
	if p.cfg.Rules == Rules50 {
		return p.serve5(ctx, lns...)
	}
	ctx, cancel := context.WithCancel(ctx)
	events := make(chan event, 16)
	acc := accept(ctx, lns, func(c net.Conn) { p.handle(ctx, c, events) })
	defer func() {
		cancel()
		acc.stop()
	}()
	total := len(p.cfg.Script.Conns)
	for {
		select {
		case <-ctx.Done():
			return p.pending("timeout")
		case ev := <-events:
			if ev.err != nil {
				return ev.err
			}
			if ev.closed && p.cfg.Script.Options.SendNotification {
				p.logf("connection closed by the daemon: successful (send-notification)")
				return nil
			}
			if ev.finished {
				p.mu.Lock()
				p.done++
				all := p.done >= total
				p.mu.Unlock()
				if all {
					p.logf("successful")
					return nil
				}
			}
		}
	}
}

// pending builds the failure describing what is still expected.
func (p *Peer) pending(reason string) *Failure {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, cs := range p.active {
		if f := cs.failure(reason, nil, ""); len(f.Expected) > 0 {
			f.Unused = len(p.cfg.Script.Conns) - p.next
			return f
		}
	}
	f := &Failure{Reason: reason + ": no session", Unused: len(p.cfg.Script.Conns) - p.next}
	if p.next < len(p.cfg.Script.Conns) {
		cs := &connState{script: p.cfg.Script.Conns[p.next]}
		cs.load()
		f = cs.failure(reason+": session never opened", nil, "")
		f.Unused = len(p.cfg.Script.Conns) - p.next - 1
	}
	return f
}

// connState tracks one session's progress through its ConnScript.
type connState struct {
	script    ConnScript
	step      int     // index of the current step in script.Steps
	remaining []Entry // unmatched entries of the current step
	count     int     // messages received
	signals   []Entry // signal entries reached and not yet sent
}

// load moves to the next step while the current one is empty, queuing the
// signal entries met on the way. It reports whether entries remain.
func (cs *connState) load() bool {
	for len(cs.remaining) == 0 {
		if cs.step >= len(cs.script.Steps) {
			return false
		}
		for _, e := range cs.script.Steps[cs.step].Entries {
			if e.Kind == KindSignal {
				cs.signals = append(cs.signals, e)
				continue
			}
			cs.remaining = append(cs.remaining, e)
		}
		cs.step++
		if len(cs.remaining) == 0 && cs.step >= len(cs.script.Steps) {
			return false
		}
	}
	return true
}

func (cs *connState) stepNumber() int {
	if len(cs.remaining) > 0 {
		return cs.remaining[0].Step
	}
	return 0
}

func (cs *connState) failure(reason string, got []byte, item string) *Failure {
	f := &Failure{Conn: cs.script.Letter, Step: cs.stepNumber(), Reason: reason, Got: got, Item: item}
	f.Expected = append(f.Expected, cs.remaining...)
	for _, s := range cs.script.Steps[min(cs.step, len(cs.script.Steps)):] {
		f.Expected = append(f.Expected, s.Entries...)
	}
	return f
}

// match consumes key from the current step.
func (cs *connState) match(key string) (Entry, bool) {
	for i, e := range cs.remaining {
		if e.Key() == key {
			cs.remaining = slices.Delete(cs.remaining, i, i+1)
			return e, true
		}
	}
	return Entry{}, false
}

func (p *Peer) handle(ctx context.Context, c net.Conn, events chan<- event) {
	defer c.Close()
	report := func(ev event) {
		select {
		case events <- ev:
		case <-ctx.Done():
		}
	}
	p.mu.Lock()
	var cs *connState
	if p.next < len(p.cfg.Script.Conns) {
		cs = &connState{script: p.cfg.Script.Conns[p.next]}
		p.next++
		p.active = append(p.active, cs)
	}
	p.mu.Unlock()
	if cs == nil {
		if !p.cfg.Script.Options.SendNotification {
			report(event{err: &Failure{Reason: "unexpected connection from " + c.RemoteAddr().String() + ": all the test data was used"}})
			return
		}
		cs = &connState{script: ConnScript{Letter: '-'}}
	}
	letter := cs.script.Letter
	p.logf("connection %c from %s", letter, c.RemoteAddr())
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	defer stop()

	open, err := readMessage(c)
	if err != nil {
		report(event{err: &Failure{Conn: letter, Reason: fmt.Sprintf("connection %c: reading OPEN: %v", letter, err)}})
		return
	}
	reply, err := openReply(open, p.cfg.Script.Options.SendUnknownCapability)
	if err != nil {
		report(event{err: &Failure{Conn: letter, Reason: err.Error(), Got: open}})
		return
	}
	p.logf("received OPEN %s", splitHex(hexOf(open)))
	out := append(reply, keepalive()...)
	if p.cfg.Script.Options.SendDefaultRoute {
		out = append(out, defaultRoute()...)
		p.logf("sending default-route")
	}
	if _, err := c.Write(out); err != nil {
		report(event{err: &Failure{Conn: letter, Reason: "sending OPEN: " + err.Error()}})
		return
	}

	p.mu.Lock()
	more := cs.load()
	sigs := cs.signals
	cs.signals = nil
	p.mu.Unlock()
	if err := p.signal(letter, sigs); err != nil {
		report(event{err: err})
		return
	}
	finished := !more && len(cs.script.Steps) > 0
	if finished {
		report(event{finished: true})
	}

	for {
		m, err := readMessage(c)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			p.logf("connection %c closed (%v)", letter, err)
			p.mu.Lock()
			left := len(cs.remaining) > 0
			f := cs.failure(fmt.Sprintf("connection %c closed by the daemon", letter), nil, "")
			p.mu.Unlock()
			if left && !p.cfg.Script.Options.SendNotification {
				report(event{err: f})
				return
			}
			report(event{closed: true})
			return
		}
		done, err := p.receive(c, cs, m)
		var we writeError
		if errors.As(err, &we) {
			p.logf("connection %c: %v", letter, err)
			p.mu.Lock()
			left := len(cs.remaining) > 0
			f := cs.failure(fmt.Sprintf("connection %c closed by the daemon (%v)", letter, we.err), nil, "")
			p.mu.Unlock()
			if left && !done && !p.cfg.Script.Options.SendNotification {
				report(event{err: f})
				return
			}
			if done && !finished {
				report(event{finished: true})
			}
			report(event{closed: true})
			return
		}
		if err != nil {
			report(event{err: err})
			return
		}
		if done && !finished {
			finished = true
			report(event{finished: true})
		}
		if p.cfg.Script.Options.SendNotification {
			if _, err := c.Write(notification()); err != nil {
				p.logf("sending NOTIFICATION: %v", err)
			}
		}
	}
}

// receive checks one message after the OPEN and answers it. It reports
// whether the connection's script is complete.
func (p *Peer) receive(c net.Conn, cs *connState, m []byte) (bool, error) {
	letter := cs.script.Letter
	typ := m[18]
	switch typ {
	case typeKeepalive:
		_, err := c.Write(keepalive())
		return false, sendErr(err)
	case typeUpdate, typeNotification:
		// answered with a KEEPALIVE once checked, below
	default:
		p.mu.Lock()
		defer p.mu.Unlock()
		if _, ok := cs.match(hexOf(m)); ok && cs.script.Raw {
			return !cs.load(), nil
		}
		return false, cs.failure("unexpected "+typeName(typ), m, "")
	}

	var keys []string
	var eor bool
	if typ == typeUpdate {
		u, err := decodeUpdate(m, false)
		if err != nil && !cs.script.Raw {
			// raw entries compare bytes: an UPDATE the peer cannot
			// decode (add-path NLRI) is still matched as bytes
			p.mu.Lock()
			defer p.mu.Unlock()
			return false, cs.failure("invalid UPDATE: "+err.Error(), m, "")
		}
		eor = u.eor
		if !cs.script.Raw {
			for _, w := range u.withdrawn {
				keys = append(keys, "withdraw:"+w.String())
			}
			for _, a := range u.announced {
				keys = append(keys, "announce:"+a.String())
			}
		}
	}
	if cs.script.Raw {
		keys = []string{hexOf(m)}
	} else if typ == typeNotification {
		p.mu.Lock()
		defer p.mu.Unlock()
		return false, cs.failure("unexpected NOTIFICATION", m, "")
	}

	p.mu.Lock()
	var sigs []Entry
	for _, k := range keys {
		cs.count++
		if e, ok := cs.match(k); ok {
			p.logf("received %d (%c%d): %s", cs.count, letter, e.Step, printable(k))
			cs.load()
			sigs = append(sigs, cs.signals...)
			cs.signals = nil
			continue
		}
		if eor {
			cs.count--
			p.logf("skipping eor: %s", splitHex(hexOf(m)))
			continue
		}
		f := cs.failure("unexpected "+typeName(typ), m, "")
		if !cs.script.Raw {
			f.Item = k
		}
		p.mu.Unlock()
		p.logf("received %d: %s: not expected", cs.count, printable(k))
		return false, f
	}
	if len(keys) == 0 {
		if eor {
			p.logf("skipping eor: %s", splitHex(hexOf(m)))
		} else {
			p.logf("skipping update without IPv4 prefix: %s", splitHex(hexOf(m)))
		}
	}
	done := len(cs.remaining) == 0 && !cs.load()
	p.mu.Unlock()
	if err := p.signal(letter, sigs); err != nil {
		return false, err
	}
	if _, err := c.Write(keepalive()); err != nil {
		return done, sendErr(err)
	}
	return done, nil
}

func printable(k string) string {
	if len(k) > 38 && k[:32] == "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" {
		return splitHex(k)
	}
	return k
}

// writeError is a failed write to the daemon: the session is gone.
type writeError struct{ err error }

func (w writeError) Error() string { return "sending to the daemon: " + w.err.Error() }

func sendErr(err error) error {
	if err == nil {
		return nil
	}
	return writeError{err}
}

// signal sends the signal entries reached.
func (p *Peer) signal(letter byte, sigs []Entry) error {
	for _, e := range sigs {
		s, err := SignalByName(e.Value)
		if err != nil {
			return &Failure{Conn: letter, Step: e.Step, Reason: err.Error()}
		}
		if p.cfg.Signal == nil {
			return &Failure{Conn: letter, Step: e.Step, Reason: "signal " + e.Value + ": no daemon to signal"}
		}
		p.logf("sending signal %s to the daemon (%c%d)", e.Value, letter, e.Step)
		if err := p.cfg.Signal(s); err != nil {
			return &Failure{Conn: letter, Step: e.Step, Reason: fmt.Sprintf("signal %s: %v", e.Value, err)}
		}
	}
	return nil
}
