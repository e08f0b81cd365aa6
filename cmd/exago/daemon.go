package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/exago/exago/api"
	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// observerProxy lets the reactor and the process manager be built before
// each other: the reactor reports to the proxy, which forwards to the
// manager once it exists (before anything runs).
type observerProxy struct{ to session.Observer }

func (o *observerProxy) StateChanged(n *config.Neighbor, p session.PeerInfo, s session.State, reason string) {
	o.to.StateChanged(n, p, s, reason)
}

func (o *observerProxy) Message(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) {
	o.to.Message(n, p, dir, msg, raw)
}

// runDaemon loads the configuration and runs the sessions and the helper
// processes until ctx ends, a "shutdown" command, or (tcp.once) the end
// of every session.
func runDaemon(ctx context.Context, env config.Env, confs []string, stdout, stderr io.Writer) error {
	log, closeLog, err := newLogger(env, stdout, stderr)
	if err != nil {
		return err
	}
	defer closeLog()
	for _, name := range env.Unknown {
		log.Warn("unknown environment setting ignored", "setting", name)
	}
	cfg, err := config.Load(confs...)
	if err != nil {
		log.Error("invalid configuration", "error", err)
		return &exitError{code: 2, err: err}
	}
	log.Info("configuration loaded", "files", confs, "neighbors", len(cfg.Neighbors), "processes", len(cfg.Processes))

	sessCtx, stopSessions := context.WithCancel(ctx)
	defer stopSessions()
	proxy := &observerProxy{}
	reactor := session.New(cfg, env, proxy, log)
	mgr := api.New(cfg, env, reactor, log, api.Options{Shutdown: stopSessions})
	proxy.to = mgr

	// Helpers outlive the sessions by a little, so that they hear the last
	// "down" events; they are stopped once the reactor returned.
	helperCtx, stopHelpers := context.WithCancel(context.WithoutCancel(ctx))
	defer stopHelpers()
	helperErr := make(chan error, 1)
	go func() {
		err := mgr.Run(helperCtx)
		if err != nil {
			log.Error("helper processes failed, stopping", "error", err)
			stopSessions()
		}
		helperErr <- err
	}()

	serveCLI(helperCtx, mgr, env.APICLI, env.APIPipeName, log)

	runErr := reactor.Run(sessCtx)
	stopHelpers()
	hErr := <-helperErr
	switch {
	case runErr != nil:
		return &exitError{code: 1, err: fmt.Errorf("sessions: %w", runErr)}
	case hErr != nil:
		return &exitError{code: 1, err: fmt.Errorf("helpers: %w", hErr)}
	}
	log.Info("exago stopped", slog.String("reason", "done"))
	return nil
}
