package healthcheck

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"strings"
	"time"
)

// Clock sleeps between checks; tests inject one that does not.
type Clock interface {
	// Sleep waits for d or until ctx ends, returning ctx's error then.
	Sleep(ctx context.Context, d time.Duration) error
}

// Checker runs the health check once.
type Checker interface {
	// Check reports whether the service is healthy. A check that cannot
	// run, fails or times out is unhealthy.
	Check(ctx context.Context) bool
}

// Hooks runs the execute hooks of a transition.
type Hooks interface {
	// Run runs cmds one after the other with $STATE set to state.
	Run(ctx context.Context, state State, cmds []string)
}

// Addresses adds and removes the service IPs on the system (IP setup).
type Addresses interface {
	// Setup adds the missing service IPs.
	Setup() error
	// Remove removes the service IPs it may remove.
	Remove() error
}

// Env is what Run talks to: everything with side effects, injectable.
type Env struct {
	Out io.Writer // the API commands, one per line
	// Acks is read for one answer ("done" or "error") per line printed;
	// nil when no answer comes (--no-ack, or stdout is a terminal).
	Acks     io.Reader
	Clock    Clock
	Checker  Checker
	Hooks    Hooks
	Disabled func() bool // whether the disable file exists; nil: never
	// Addresses is nil without IP setup.
	Addresses Addresses
	// Orphaned reports that the parent process went away; the loop then
	// stops without withdrawing (as ExaBGP's tool does). Nil: never.
	Orphaned func() bool
	Log      *slog.Logger
	// AckWait bounds the wait for each ack of the withdraws on exit.
	AckWait time.Duration
}

// ErrOutputClosed is returned when the API commands cannot be written
// (the daemon closed the pipe).
var ErrOutputClosed = errors.New("output closed")

// Run runs the health check loop until ctx ends (SIGTERM, SIGINT: the
// routes are withdrawn and the IPs removed), --interval 0 (after the
// first announcement in a stable state), the parent exits, or the output
// is closed.
func Run(ctx context.Context, o *Options, ips []netip.Prefix, env Env) error {
	r := &runner{o: o, ips: ips, env: env, m: NewMachine(o.Rise, o.Fall)}
	if r.env.Log == nil {
		r.env.Log = slog.New(slog.DiscardHandler)
	}
	if env.Acks != nil {
		r.acks = make(chan string)
		stop := make(chan struct{})
		defer close(stop)
		go readAcks(env.Acks, r.acks, stop)
	}
	return r.loop(ctx)
}

type runner struct {
	o    *Options
	ips  []netip.Prefix
	env  Env
	m    *Machine
	acks chan string // nil: no acks
}

// readAcks forwards the answers "done" and "error" read from r; other
// lines (what the daemon's encoder says about the sessions, when the
// process also receives events) are not answers and are skipped. acks is
// closed at the end of r; closing stop ends it after its current read.
func readAcks(r io.Reader, acks chan<- string, stop <-chan struct{}) {
	defer close(acks)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		if a := strings.TrimSpace(sc.Text()); a == "done" || a == "error" {
			select {
			case acks <- a:
			case <-stop:
				return
			}
		}
	}
}

func (r *runner) loop(ctx context.Context) error {
	for {
		if r.env.Orphaned != nil && r.env.Orphaned() {
			r.env.Log.Info("parent process gone, exiting")
			return nil
		}
		if ctx.Err() != nil {
			return r.exit()
		}
		before := r.m.State()
		disabled := r.env.Disabled != nil && r.env.Disabled()
		ok := disabled || !r.o.HasCommand || r.env.Checker.Check(ctx)
		if ctx.Err() != nil {
			return r.exit()
		}
		state, triggered := r.m.Step(disabled, ok)
		if triggered {
			r.env.Log.Debug("transition", "state", state)
			r.hooks(ctx, state)
		}
		if !r.o.Debounce || state != before {
			if err := r.announce(ctx, state); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return r.exit()
		}
		wait := r.o.Interval
		switch {
		case state == Rising || state == Falling:
			wait = r.o.FastInterval
		case r.o.Interval == 0:
			r.env.Log.Info("interval set to zero, exiting after the announcement")
			return nil
		}
		if err := r.env.Clock.Sleep(ctx, wait); err != nil {
			return r.exit()
		}
	}
}

func (r *runner) hooks(ctx context.Context, state State) {
	if r.env.Hooks == nil {
		return
	}
	var cmds []string
	switch state {
	case Up:
		cmds = append(cmds, r.o.UpExecute...)
	case Down:
		cmds = append(cmds, r.o.DownExecute...)
	case Disabled:
		cmds = append(cmds, r.o.DisabledExecute...)
	}
	cmds = append(cmds, r.o.Execute...)
	if len(cmds) > 0 {
		r.env.Hooks.Run(ctx, state, cmds)
	}
}

// announce prints the lines of state and manages the IPs as ExaBGP does:
// restored before announcing UP, removed after DOWN and DISABLED with
// --dynamic-ip-setup and on EXIT.
func (r *runner) announce(ctx context.Context, state State) error {
	lines := Commands(r.o, r.ips, state)
	if lines == nil {
		return nil
	}
	if state == Up && r.o.DynamicIPSetup && r.env.Addresses != nil {
		r.env.Log.Info("service up, restoring loopback ips")
		if err := r.env.Addresses.Setup(); err != nil {
			r.env.Log.Warn("restoring loopback ips", "error", err)
		}
	}
	r.env.Log.Info("send announces", "state", state)
	for _, l := range lines {
		r.env.Log.Debug("exabgp: " + l)
		if _, err := io.WriteString(r.env.Out, l+"\n"); err != nil {
			return fmt.Errorf("%w: %w", ErrOutputClosed, err)
		}
		r.waitAck(ctx, state == Exit)
	}
	if r.env.Addresses != nil && ((state == Exit && (r.o.DynamicIPSetup || r.o.IPSetup)) ||
		((state == Down || state == Disabled) && r.o.DynamicIPSetup)) {
		r.env.Log.Info("deleting loopback ips", "state", state)
		if err := r.env.Addresses.Remove(); err != nil {
			r.env.Log.Warn("deleting loopback ips", "error", err)
		}
	}
	return nil
}

// waitAck reads the daemon's answer to one line. On exit the wait is
// bounded (the daemon may be stopping too); otherwise it ends with ctx.
func (r *runner) waitAck(ctx context.Context, exiting bool) {
	if r.acks == nil {
		return
	}
	var timeout <-chan time.Time
	if exiting {
		d := r.env.AckWait
		if d <= 0 {
			d = 2 * time.Second
		}
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
		ctx = context.Background()
	}
	select {
	case a, ok := <-r.acks:
		if !ok {
			r.env.Log.Warn("input closed, no longer waiting for acks")
			r.acks = nil
		} else if a != "done" {
			r.env.Log.Warn("command not acknowledged", "answer", a)
		}
	case <-timeout:
	case <-ctx.Done():
	}
}

// exit withdraws the routes and removes the IPs (state EXIT).
func (r *runner) exit() error {
	if err := r.announce(context.Background(), Exit); err != nil {
		return err
	}
	return nil
}
