package session

import (
	"context"
	"errors"
	"log/slog"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// ErrNotImplemented is returned by parts not built yet.
var errNotImplemented = errors.New("not implemented")

// Reactor owns every neighbor of a configuration and runs their sessions.
type Reactor struct {
	cfg *config.Config
	env config.Env
	obs Observer
	log *slog.Logger
}

// New builds a reactor for cfg. obs may be nil.
func New(cfg *config.Config, env config.Env, obs Observer, log *slog.Logger) *Reactor {
	return &Reactor{cfg: cfg, env: env, obs: obs, log: log}
}

// Run runs every session until ctx is cancelled (Cease sent to each peer)
// or, with tcp.once, until every session has ended once.
func (r *Reactor) Run(ctx context.Context) error { return errNotImplemented }

// Announce queues routes for the selected neighbors of process. It returns
// once the owning goroutines accepted the request.
func (r *Reactor) Announce(ctx context.Context, process string, sel Selector, routes []config.Route) error {
	return errNotImplemented
}

// Withdraw queues withdrawals of routes for the selected neighbors.
func (r *Reactor) Withdraw(ctx context.Context, process string, sel Selector, routes []config.Route) error {
	return errNotImplemented
}

// AnnounceEOR sends End-of-RIB for families (every negotiated family when
// empty) to the selected neighbors.
func (r *Reactor) AnnounceEOR(ctx context.Context, process string, sel Selector, families []codec.Family) error {
	return errNotImplemented
}
