package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// Options tune a Manager; the zero value gives ExaBGP 4.2's behaviour.
type Options struct {
	// ParseRoutes turns the words of an "announce ..." or "withdraw ..."
	// command (action first: "announce", "route", "10.0.0.0/24",
	// "next-hop", "1.2.3.4") into routes. Required for route commands.
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
}

// Manager runs the helper processes of a configuration, executes their
// commands on a Controller, and implements session.Observer to feed them
// session events.
type Manager struct {
	cfg  *config.Config
	env  config.Env
	ctl  Controller
	log  *slog.Logger
	opts Options

	helpers []*helper
	byName  map[string]*helper
	// names of every neighbor, for "neighbor ..." prefixes
	names map[*config.Neighbor]string
	// events says which helpers hear what of each neighbor.
	events map[*config.Neighbor]*neighborEvents
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
	if opts.ParseRoutes == nil {
		opts.ParseRoutes = ParseRoutes
	}
	if opts.NewEncoder == nil {
		counter := NewCounter()
		opts.NewEncoder = func(p *config.Process) Encoder {
			kind := p.Encoder
			if kind == "" {
				kind = env.APIEncoder
			}
			if kind == "text" {
				return NewTextEncoder(EncoderOptions{Version: TextVersion, Counter: counter, Compact: env.APICompact})
			}
			return NewJSONEncoder(EncoderOptions{Version: JSONVersion, Counter: counter, Compact: env.APICompact})
		}
	}
	m := &Manager{
		cfg: cfg, env: env, ctl: ctl, log: log, opts: opts,
		byName: map[string]*helper{},
		names:  map[*config.Neighbor]string{},
		events: map[*config.Neighbor]*neighborEvents{},
	}
	for _, p := range cfg.Processes {
		h := &helper{m: m, cfg: p, name: p.Name, enc: opts.NewEncoder(p), log: log.With("process", p.Name)}
		// events reported before Run started the helper wait in its queue,
		// as ExaBGP starts helpers before any session
		h.out.Store(newOutQueue(opts.QueueBytes, h.log))
		m.helpers = append(m.helpers, h)
		m.byName[p.Name] = h
	}
	for _, n := range cfg.Neighbors {
		m.names[n] = neighborName(n)
		m.events[n] = m.bindEvents(n)
		seen := map[*helper]bool{}
		for _, a := range n.APIs {
			for _, name := range a.Processes {
				if h := m.byName[name]; h != nil && !seen[h] {
					seen[h] = true
					h.bound = append(h.bound, n)
				}
			}
		}
	}
	return m
}

func (m *Manager) now() time.Time { return m.opts.Now() }

// Run starts every helper and keeps them running until ctx is cancelled;
// then each gets the encoder's shutdown notice, its stdin is closed and it
// is sent SIGTERM. Cancel ctx after the sessions ended so that helpers
// hear the last "down" events. Run returns an error when the daemon must
// stop: a helper respawned too often, or ended with api.terminate set.
func (m *Manager) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(m.helpers))
	for _, h := range m.helpers {
		go func() { errc <- h.supervise(ctx) }()
	}
	var first error
	for range m.helpers {
		if err := <-errc; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	if first != nil {
		return first
	}
	// helpers that ended for good do not end the daemon
	<-ctx.Done()
	return nil
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
	if len(words) < 2 {
		return nil, errors.New("missing route")
	}
	routes, err := config.ParseUpdateCommand(words[1:])
	if err != nil {
		return nil, err
	}
	if words[0] == "announce" {
		for _, r := range routes {
			if err := config.CheckAnnounce(r); err != nil {
				return nil, err
			}
		}
	}
	return routes, nil
}

// errNotSupported is returned for commands the Controller cannot do.
func errNotSupported(what string) error {
	return fmt.Errorf("%s is not supported by this daemon", what)
}
