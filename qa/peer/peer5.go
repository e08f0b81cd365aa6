package peer

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"
)

// Rules selects how the peer reads a script and judges a session.
type Rules int

const (
	// Rules42 are ExaBGP 4.2's peer rules: one connection per letter,
	// End-of-RIB markers skipped, KEEPALIVEs answered only in raw tests.
	Rules42 Rules = iota
	// Rules50 are ExaBGP 5.0's: the entries form one list that successive
	// sessions carry on, End-of-RIB markers are checked like any message,
	// every message is answered with a KEEPALIVE, a ROUTE-REFRESH that
	// matches gets the UPDATEs seen so far back, and the new options
	// (inspect-open-message, send-unknown-message, asn, notification
	// entries) apply.
	Rules50
)

// checker5 is the shared progress of a 5.0 script over every session.
type checker5 struct {
	mu      sync.Mutex
	steps   []Step  // steps not started
	current []Entry // entries of the current step not yet seen
	seen    [][]byte
}

func newChecker5(s *Script) *checker5 {
	return &checker5{steps: s.Steps()}
}

// advance moves to the next step when the current one is used up.
func (c *checker5) advance() {
	if len(c.current) == 0 && len(c.steps) > 0 {
		c.current = slices.Clone(c.steps[0].Entries)
		c.steps = c.steps[1:]
	}
}

func (c *checker5) completed() bool { return len(c.current) == 0 && len(c.steps) == 0 }

// expectedEntries lists what is still expected, current step first.
func (c *checker5) expectedEntries() []Entry {
	out := slices.Clone(c.current)
	for _, s := range c.steps {
		out = append(out, s.Entries...)
	}
	return out
}

func (c *checker5) failure(reason string, got []byte) *Failure {
	f := &Failure{Reason: reason, Got: got, Expected: c.expectedEntries()}
	if len(f.Expected) > 0 {
		f.Conn, f.Step = f.Expected[0].Conn, f.Expected[0].Step
	}
	return f
}

// isEOR is 5.0's test: an UPDATE whose body is 4 (IPv4 unicast) or 11
// bytes (MP_UNREACH with only AFI/SAFI).
func isEOR(m []byte) bool {
	return m[18] == typeUpdate && (len(m) == headerLen+4 || len(m) == headerLen+11)
}

// serve5 runs a 5.0 script: sessions share one list of entries.
func (p *Peer) serve5(ctx context.Context, lns ...net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	c := newChecker5(p.cfg.Script)
	result := make(chan error, 1)
	report := func(err error) {
		select {
		case result <- err:
		default:
		}
	}
	acc := accept(ctx, lns, func(conn net.Conn) {
		defer conn.Close()
		stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
		defer stop()
		if done, err := p.session5(c, conn); done || err != nil {
			report(err)
		}
	})
	defer func() {
		cancel()
		acc.stop()
	}()
	select {
	case err := <-result:
		if err == nil {
			p.logf("successful")
		}
		return err
	case <-ctx.Done():
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.failure("timeout", nil)
	}
}

// session5 runs one session; it reports whether the script completed, or
// why it failed. A session the daemon closed early returns (false, nil):
// the next session carries on.
func (p *Peer) session5(c *checker5, conn net.Conn) (bool, error) {
	opts := p.cfg.Script.Options
	c.mu.Lock()
	c.advance()
	c.mu.Unlock()
	p.logf("new session from %s", conn.RemoteAddr())
	open, err := readMessage(conn)
	if err != nil {
		p.logf("session closed before its OPEN: %v", err)
		return false, nil
	}
	if open[18] != typeOpen {
		c.mu.Lock()
		defer c.mu.Unlock()
		return false, c.failure("expected an OPEN", open)
	}
	p.logf("received OPEN %s", splitHex(hexOf(open)))
	reply, err := openReply5(open, opts.ASN, opts.SendUnknownCapability)
	if err != nil {
		return false, &Failure{Reason: err.Error(), Got: open}
	}
	out := append(reply, keepalive()...)
	if opts.SendUnknownMessage {
		out = header(out, headerLen, 255)
	}
	conn.Write(out)
	if opts.InspectOpen {
		done, err := p.expected5(c, conn, open)
		return done, err
	}
	c.mu.Lock()
	err = p.actions5(c, conn, open)
	c.mu.Unlock()
	if err != nil {
		return false, err
	}
	if opts.SendDefaultRoute {
		p.logf("sending default-route")
		conn.Write(defaultRoute())
	}
	for {
		m, err := readMessage(conn)
		if err != nil {
			c.mu.Lock()
			done := c.completed()
			c.mu.Unlock()
			p.logf("session closed (%v)", err)
			return done, nil
		}
		conn.Write(keepalive())
		done, err := p.expected5(c, conn, m)
		if done || err != nil {
			return done, err
		}
	}
}

// expected5 checks one message against the current step, performs the
// actions that follow a match, and reports whether the script completed.
func (p *Peer) expected5(c *checker5, conn net.Conn, m []byte) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m[18] == typeKeepalive {
		return c.completed(), nil
	}
	if c.completed() {
		if isEOR(m) {
			return true, nil
		}
		return false, c.failure("received extra "+typeName(m[18]), m)
	}
	h := hexOf(m)
	for i, e := range c.current {
		if e.Kind != KindRaw {
			continue
		}
		got := h
		if !strings.HasPrefix(e.Value, strings.Repeat("F", 32)) {
			got = h[32:]
		}
		if got != e.Value {
			continue
		}
		c.current = slices.Delete(c.current, i, i+1)
		p.logf("received (%c%d): %s", e.Conn, e.Step, splitHex(h))
		if m[18] == typeUpdate && !isEOR(m) {
			c.seen = append(c.seen, m)
		}
		if err := p.actions5(c, conn, m); err != nil {
			return false, err
		}
		return c.completed(), nil
	}
	p.logf("unexpected %s: %s", typeName(m[18]), splitHex(h))
	return false, c.failure("unexpected "+typeName(m[18]), m)
}

// actions5 sends the signal or NOTIFICATION an entry asks for once it
// comes up, and replays the UPDATEs seen after a ROUTE-REFRESH. c.mu is
// held.
func (p *Peer) actions5(c *checker5, conn net.Conn, m []byte) error {
	c.advance()
	if len(c.current) > 0 && c.current[0].Kind == KindSignal {
		e := c.current[0]
		c.current = c.current[1:]
		c.advance()
		if err := p.signal(e.Conn, []Entry{e}); err != nil {
			return err
		}
	}
	c.advance()
	if len(c.current) > 0 && c.current[0].Kind == KindNotification {
		e := c.current[0]
		c.current = c.current[1:]
		p.logf("sending NOTIFICATION %q (%c%d)", e.Value, e.Conn, e.Step)
		conn.Write(ceaseWith(e.Value))
		c.advance()
	}
	if m[18] == typeRouteRefresh {
		for _, u := range c.seen {
			p.logf("route-refresh: sending back %s", splitHex(hexOf(u)))
			conn.Write(u)
		}
		conn.Write(keepalive())
	}
	return nil
}

const typeRouteRefresh = 5

// ceaseWith is a Cease (subcode 0) NOTIFICATION carrying text.
func ceaseWith(text string) []byte {
	m := header(nil, headerLen+2+len(text), typeNotification)
	m = append(m, 6, 0)
	return append(m, text...)
}

// openReply5 is 5.0's answer to the daemon's OPEN: with asn 0, the same
// OPEN with the router-id plus one in its last byte; else the same OPEN
// with asn in the AS field and in the 4-byte-AS capability, router-id
// unchanged. unknown appends capability 66.
func openReply5(open []byte, asn uint16, unknown bool) ([]byte, error) {
	if asn == 0 {
		return openReply(open, unknown)
	}
	if len(open) < headerLen+10 {
		return nil, fmt.Errorf("open reply: OPEN too short: %X", open)
	}
	o, err := openReply(open, unknown)
	if err != nil {
		return nil, err
	}
	o[headerLen+8]-- // router-id echoed unchanged
	binary.BigEndian.PutUint16(o[headerLen+1:], asn)
	params := o[headerLen+10:]
	for len(params) >= 2 {
		plen := int(params[1])
		if 2+plen > len(params) {
			break
		}
		if params[0] == 2 {
			caps := params[2 : 2+plen]
			for len(caps) >= 2 {
				clen := int(caps[1])
				if 2+clen > len(caps) {
					break
				}
				if caps[0] == 65 && clen == 4 {
					binary.BigEndian.PutUint32(caps[2:], uint32(asn))
				}
				caps = caps[2+clen:]
			}
		}
		params = params[2+plen:]
	}
	return o, nil
}
