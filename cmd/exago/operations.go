package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync"

	"github.com/exago/exago/api"
	"github.com/exago/exago/config"
	"github.com/exago/exago/metrics"
	"github.com/exago/exago/sdnotify"
	"github.com/exago/exago/session"
)

// operations is what the daemons of one exago process share for being
// operated: the metrics endpoint (when exago.metrics.address is set) and
// the readiness notification to systemd, sent once every daemon is up.
type operations struct {
	log      *slog.Logger
	registry *metrics.Registry // nil when metrics are off
	notify   func(state string) error
	cancel   context.CancelFunc
	served   chan struct{}

	mu      sync.Mutex
	waiting int // daemons not ready yet
}

// startOps opens the metrics endpoint when configured; its errors (a bad
// or busy address) stop the start.
func startOps(ctx context.Context, env config.Env, stdout, stderr io.Writer) (*operations, error) {
	log, closeLog, err := newLogger(env, stdout, stderr)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	o := &operations{log: log, notify: systemdNotifier(), cancel: cancel, served: make(chan struct{})}
	if env.MetricsAddress == "" {
		close(o.served)
		o.cancel = func() { cancel(); _ = closeLog() }
		return o, nil
	}
	ln, err := metrics.Listen(env.MetricsAddress)
	if err != nil {
		cancel()
		_ = closeLog()
		return nil, &exitError{code: 1, err: err}
	}
	o.registry = metrics.NewRegistry(version)
	go func() {
		defer close(o.served)
		defer closeLog()
		if err := o.registry.Serve(ctx, ln, log); err != nil {
			log.Error("metrics endpoint stopped", "error", err)
		}
	}()
	return o, nil
}

// expect sets how many daemons must be ready before READY=1 is sent.
func (o *operations) expect(n int) { o.waiting = n }

// add reports a daemon's sessions and helpers on the metrics endpoint
// until the returned function is called.
func (o *operations) add(r *session.Reactor, m *api.Manager) (remove func()) {
	if o == nil || o.registry == nil {
		return func() {}
	}
	return o.registry.Add(r, m)
}

// ready is called by each daemon once its configuration is loaded and its
// listeners are up; the last one tells systemd.
func (o *operations) ready() {
	if o == nil {
		return
	}
	o.mu.Lock()
	o.waiting--
	last := o.waiting == 0
	o.mu.Unlock()
	if last {
		if err := o.notify("READY=1\nSTATUS=sessions started"); err != nil {
			o.log.Warn("could not notify systemd", "error", err)
		}
	}
}

// stop closes the metrics endpoint and waits for it.
func (o *operations) stop() {
	_ = o.notify("STOPPING=1")
	o.cancel()
	<-o.served
}

// systemdNotifier sends states to systemd when run as a Type=notify
// service ($NOTIFY_SOCKET set), and does nothing otherwise.
func systemdNotifier() func(state string) error {
	path := os.Getenv(sdnotify.EnvSocket)
	return func(state string) error { return sdnotify.Send(path, state) }
}
