package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// Options tune a Manager; the zero value gives ExaBGP 4.2's behaviour.
type Options struct {
	// ParseRoutes turns the words of an "announce ..." or "withdraw ..."
	// command (action first: "announce", "route", "10.0.0.0/24",
	// "next-hop", "1.2.3.4") into routes; nil means ParseRoutes (the
	// Manager then uses AppendRoutes, which reuses its buffers).
	ParseRoutes func(words []string) ([]config.Route, error)
	// NewEncoder returns the encoder of a process; nil picks the JSON or
	// text encoder from the process's "encoder" (api.encoder by default),
	// sharing one message counter.
	NewEncoder func(p *config.Process) Encoder
	// Shutdown, Reload and Restart are called by the commands of the same
	// name, after the answer was queued. Nil: the command is only answered.
	Shutdown, Reload, Restart func()
	// Version is what "version" prints; empty means "exabgp 4.2.21".
	Version string
	// QueueBytes bounds each helper's write queue; 0 means 16 MiB.
	QueueBytes int
	// StopGrace is how long a stopping helper gets to read its last
	// messages, and to exit after SIGTERM before SIGKILL; 0 means 2 s.
	StopGrace time.Duration
	// Now is the clock of the respawn limit; nil means time.Now.
	Now func() time.Time
	// Executable is the exago binary that runs "healthcheck" in place of
	// ExaBGP's (a "run" line such as "python3 -m exabgp healthcheck ...");
	// empty means os.Executable().
	Executable string
}

// Manager runs the helper processes of a configuration, executes their
// commands on a Controller, and implements session.Observer to feed them
// session events.
type Manager struct {
	env  config.Env
	ctl  Controller
	log  *slog.Logger
	opts Options

	// st is what the configuration says, swapped whole by Reload.
	st atomic.Pointer[binding]

	mu      sync.Mutex
	helpers []*helper // in configuration order, running or to be run
	// run is set while Run runs: where Reload starts new helpers.
	run *runState
}

// binding is what one configuration says about neighbors and helpers.
type binding struct {
	cfg *config.Config
	// names of every neighbor, for "neighbor ..." prefixes
	names map[*config.Neighbor]string
	// events says which helpers hear what of each neighbor.
	events map[*config.Neighbor]*neighborEvents
	// bound lists, by process name, the neighbors whose api blocks name
	// the process: what its commands without prefix apply to.
	bound map[string][]*config.Neighbor
}

// runState is the running Manager: the context helpers run in and where
// they report a fatal end.
type runState struct {
	ctx  context.Context
	errc chan error
	wg   sync.WaitGroup
}

var _ session.Observer = (*Manager)(nil)

// New builds a Manager for the processes of cfg. Nothing runs before Run.
func New(cfg *config.Config, env config.Env, ctl Controller, log *slog.Logger, opts Options) *Manager {
	if opts.Version == "" {
		opts.Version = "exabgp 4.2.21"
	}
	if opts.QueueBytes <= 0 {
		opts.QueueBytes = 16 << 20
	}
	if opts.StopGrace <= 0 {
		opts.StopGrace = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NewEncoder == nil {
		counter := NewCounter()
		opts.NewEncoder = func(p *config.Process) Encoder {
			kind := p.Encoder
			if kind == "" {
				kind = env.APIEncoder
			}
			if kind == "text" {
				return NewTextEncoder(EncoderOptions{Version: textVersion(env.Generation), Counter: counter, Compact: env.APICompact})
			}
			return NewJSONEncoder(EncoderOptions{Version: jsonVersion(env.Generation), Counter: counter, Compact: env.APICompact})
		}
	}
	m := &Manager{env: env, ctl: ctl, log: log, opts: opts}
	m.Reload(cfg)
	return m
}

// Reload switches to cfg as ExaBGP 4.2 does on reload: helpers no longer
// configured are stopped, new ones started, the others keep running (a
// changed "run" takes effect at their next start); neighbor bindings and
// api blocks are those of cfg from now on.
func (m *Manager) Reload(cfg *config.Config) {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := map[string]*helper{}
	for _, h := range m.helpers {
		old[h.name] = h
	}
	var helpers []*helper
	for _, p := range cfg.Processes {
		if h := old[p.Name]; h != nil {
			h.proc.Store(p)
			delete(old, p.Name)
			helpers = append(helpers, h)
			continue
		}
		h := &helper{m: m, name: p.Name, enc: m.opts.NewEncoder(p), log: m.log.With("process", p.Name)}
		h.proc.Store(p)
		// events reported before the helper started wait in its queue, as
		// ExaBGP starts helpers before any session
		h.out.Store(newOutQueue(m.opts.QueueBytes, h.log))
		helpers = append(helpers, h)
		if m.run != nil {
			m.start(h)
		}
	}
	for _, h := range old {
		if h.stop != nil {
			h.log.Info("stopping helper no longer configured")
			h.stop()
		}
	}
	m.helpers = helpers
	m.st.Store(m.bind(cfg))
}

// bind computes the binding of cfg; m.mu is held.
func (m *Manager) bind(cfg *config.Config) *binding {
	byName := map[string]*helper{}
	for _, h := range m.helpers {
		byName[h.name] = h
	}
	b := &binding{
		cfg:    cfg,
		names:  map[*config.Neighbor]string{},
		events: map[*config.Neighbor]*neighborEvents{},
		bound:  map[string][]*config.Neighbor{},
	}
	for _, n := range cfg.Neighbors {
		b.names[n] = neighborName(n)
		b.events[n] = bindEvents(n, byName)
		seen := map[string]bool{}
		for _, a := range n.APIs {
			for _, name := range a.Processes {
				if !seen[name] {
					seen[name] = true
					b.bound[name] = append(b.bound[name], n)
				}
			}
		}
	}
	return b
}

// state is the current binding.
func (m *Manager) state() *binding { return m.st.Load() }

// name is n's ExaBGP name.
func (b *binding) name(n *config.Neighbor) string {
	if s, ok := b.names[n]; ok {
		return s
	}
	return neighborName(n)
}

func (m *Manager) now() time.Time { return m.opts.Now() }

// start runs h under m.run, once its previous run has ended; m.mu is held.
func (m *Manager) start(h *helper) {
	ctx, cancel := context.WithCancel(m.run.ctx)
	h.stop = cancel
	prev, done := h.done, make(chan struct{})
	h.done = done
	rs := m.run
	rs.wg.Add(1)
	go func() {
		defer rs.wg.Done()
		defer close(done)
		if prev != nil {
			<-prev
		}
		if err := h.supervise(ctx); err != nil {
			select {
			case rs.errc <- err:
			default:
			}
		}
	}()
}

// RestartHelpers stops every helper and starts it again, as ExaBGP's
// "restart" does after reloading the configuration.
func (m *Manager) RestartHelpers() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.run == nil {
		return
	}
	for _, h := range m.helpers {
		if h.stop != nil {
			h.stop()
		}
		m.start(h)
	}
}

// Run starts every helper and keeps them running until ctx is cancelled;
// then each gets the encoder's shutdown notice, its stdin is closed and it
// is sent SIGTERM. Cancel ctx after the sessions ended so that helpers
// hear the last "down" events. Run returns an error when the daemon must
// stop: a helper respawned too often, or ended with api.terminate set.
func (m *Manager) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rs := &runState{ctx: ctx, errc: make(chan error, 1)}
	m.mu.Lock()
	m.run = rs
	for _, h := range m.helpers {
		m.start(h)
	}
	m.mu.Unlock()

	var err error
	select {
	case err = <-rs.errc:
	case <-ctx.Done():
	}
	cancel()
	rs.wg.Wait()
	m.mu.Lock()
	m.run = nil
	m.mu.Unlock()
	return err
}

// Execute runs one command line as the control channel ("exago cli")
// does: on behalf of no process, applying to every neighbor. It returns
// the answer lines, "done" or "error" last, whatever api.ack says.
func (m *Manager) Execute(ctx context.Context, line string) []string {
	r := &cliReply{}
	m.execute(ctx, nil, line, r)
	return r.lines
}

// ProcessNames lists the configured processes, in configuration order.
func (m *Manager) ProcessNames() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, len(m.helpers))
	for i, h := range m.helpers {
		out[i] = h.name
	}
	return out
}

// ParseRoutes is the default Options.ParseRoutes: config's route syntax
// for what follows the action, and for "announce" the next-hop check that
// makes ExaBGP 4.2 answer error to a route without next hop.
func ParseRoutes(words []string) ([]config.Route, error) {
	routes, err := AppendRoutes(nil, words)
	if err != nil {
		return nil, err
	}
	return routes, nil
}

// AppendRoutes is ParseRoutes appending to dst; on error dst is returned
// as it was (its spare capacity may have been written).
func AppendRoutes(dst []config.Route, words []string) ([]config.Route, error) {
	if len(words) < 2 {
		return dst, errors.New("missing route")
	}
	n := len(dst)
	routes, err := config.AppendUpdateCommand(dst, words[1:])
	if err != nil {
		return dst, err
	}
	if words[0] == "announce" {
		for _, r := range routes[n:] {
			if err := config.CheckAnnounce(r); err != nil {
				return dst, err
			}
		}
	}
	return routes, nil
}

// errNotSupported is returned for commands the Controller cannot do.
func errNotSupported(what string) error {
	return fmt.Errorf("%s is not supported by this daemon", what)
}

// helperNamed returns the helper called name, nil if none.
func (m *Manager) helperNamed(name string) *helper {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range m.helpers {
		if h.name == name {
			return h
		}
	}
	return nil
}
