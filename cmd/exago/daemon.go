package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/exago/exago/api"
	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/logging"
	"github.com/exago/exago/session"
)

// observerProxy lets the reactor and the process manager be built before
// each other: the reactor reports to the proxy, which forwards to the
// manager once it exists (before anything runs).
type observerProxy struct {
	to session.Observer
	// packets logs each message when log.packets is on, nil otherwise.
	packets *slog.Logger
}

func (o *observerProxy) StateChanged(n *config.Neighbor, p session.PeerInfo, s session.State, reason string) {
	o.to.StateChanged(n, p, s, reason)
}

func (o *observerProxy) Message(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) {
	if o.packets != nil {
		logPacket(o.packets, p.PeerAddress.String(), string(dir), raw)
	}
	o.to.Message(n, p, dir, msg, raw)
}

// FSMChanged forwards to the manager when it is a session.FSMObserver.
func (o *observerProxy) FSMChanged(n *config.Neighbor, p session.PeerInfo, state string) {
	if f, ok := o.to.(session.FSMObserver); ok {
		f.FSMChanged(n, p, state)
	}
}

// Negotiated forwards to the manager when it is a session.FSMObserver.
func (o *observerProxy) Negotiated(n *config.Neighbor, p session.PeerInfo, ng session.Negotiated) {
	if f, ok := o.to.(session.FSMObserver); ok {
		f.Negotiated(n, p, ng)
	}
}

// runDaemon runs the configuration files as ExaBGP does: with
// debug.rotate set (or a single file) one daemon that starts with the
// first file and moves to the next one on each reload; otherwise one
// daemon per file, side by side.
func runDaemon(ctx context.Context, env config.Env, confs []string, stdout, stderr io.Writer) error {
	ops, err := startOps(ctx, env, stdout, stderr)
	if err != nil {
		return err
	}
	defer ops.stop()
	rotate, _ := env.Get("debug.rotate")
	if rotate == "true" || len(confs) == 1 {
		ops.expect(1)
		return runOne(ctx, env, confs, stdout, stderr, ops)
	}
	ops.expect(len(confs))
	errs := make([]error, len(confs))
	var wg sync.WaitGroup
	for i, c := range confs {
		wg.Go(func() { errs[i] = runOne(ctx, env, []string{c}, stdout, stderr, ops) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// reloadKind is what a signal or a command asks of the running daemon.
type reloadKind int

const (
	reloadConfig reloadKind = iota // SIGUSR1, "reload"
	reloadAll                      // SIGUSR2, SIGALRM, "restart": configuration and helpers
)

// runOne loads the first of files and runs the sessions and the helper
// processes until ctx ends, a "shutdown" command, SIGHUP, or (tcp.once)
// the end of every session. Reloads move to the next file.
func runOne(ctx context.Context, env config.Env, files []string, stdout, stderr io.Writer, ops *operations) error {
	log, closeLog, err := newLogger(env, stdout, stderr)
	if err != nil {
		return err
	}
	defer closeLog()
	for _, name := range env.Unknown {
		log.Warn("unknown environment setting ignored", "setting", name, logging.TopicKey, logging.TopicConfiguration)
	}
	current := 0
	cfg, err := config.Load(files[current])
	if err != nil {
		log.Error("invalid configuration", "error", err, logging.TopicKey, logging.TopicConfiguration)
		return &exitError{code: 2, err: err}
	}
	log.Info("configuration loaded", "file", files[current], "neighbors", len(cfg.Neighbors), "processes", len(cfg.Processes), logging.TopicKey, logging.TopicConfiguration)
	logWarnings(log, cfg)
	routes := configuredRoutes(cfg)
	settle(routes)

	sessCtx, stopSessions := context.WithCancel(ctx)
	defer stopSessions()
	reloads := make(chan reloadKind, 1)
	ask := func(k reloadKind) func() {
		return func() {
			select {
			case reloads <- k:
			default: // one is pending already
			}
		}
	}
	proxy := &observerProxy{packets: packetLog(env, log)}
	reactor := session.New(cfg, env, proxy, log)
	settle(routes)
	mgr := api.New(cfg, env, reactor, log, api.Options{
		Shutdown: stopSessions,
		Reload:   ask(reloadConfig),
		Restart:  ask(reloadAll),
	})
	proxy.to = mgr

	signals := make(chan os.Signal, 4)
	// SIGTERM also ends ctx (main); it is caught here too so that helpers
	// of api blocks with "signal" hear of it, as in ExaBGP.
	signal.Notify(signals, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM, syscall.SIGHUP, syscall.SIGTERM)
	defer signal.Stop(signals)

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
	waitCLI := serveCLI(helperCtx, mgr, env, log)

	runErr := make(chan error, 1)
	go func() { runErr <- reactor.Run(sessCtx) }()
	defer ops.add(reactor, mgr)()
	started := reactor.Started()

	reload := func(k reloadKind) {
		next := (current + 1) % len(files)
		newCfg, err := config.Load(files[next])
		if err != nil {
			log.Error("reload failed, keeping the running configuration", "file", files[next], "error", err, logging.TopicKey, logging.TopicConfiguration)
			return
		}
		logWarnings(log, newCfg)
		current = next
		routes := configuredRoutes(newCfg)
		settle(routes)
		err = reactor.Reload(sessCtx, newCfg)
		settle(routes)
		if err != nil {
			log.Error("reload of the sessions failed", "error", err)
			return
		}
		mgr.Reload(newCfg)
		if k == reloadAll {
			mgr.RestartHelpers()
		}
		log.Info("configuration reloaded", "file", files[current], "neighbors", len(newCfg.Neighbors), "processes", len(newCfg.Processes), logging.TopicKey, logging.TopicConfiguration)
	}

	var rErr error
loop:
	for {
		select {
		case rErr = <-runErr:
			break loop
		case <-started:
			started = nil
			ops.ready()
		case s := <-signals:
			log.Info("signal received", "signal", s.String())
			if sig, ok := s.(syscall.Signal); ok {
				mgr.Signal(int(sig))
			}
			switch s {
			case syscall.SIGUSR1:
				reload(reloadConfig)
			case syscall.SIGUSR2, syscall.SIGALRM:
				reload(reloadAll)
			case syscall.SIGHUP:
				stopSessions()
			}
		case k := <-reloads:
			reload(k)
		}
	}
	stopHelpers()
	hErr := <-helperErr
	waitCLI() // the control socket is removed before the daemon returns
	switch {
	case rErr != nil:
		return &exitError{code: 1, err: fmt.Errorf("sessions: %w", rErr)}
	case hErr != nil:
		return &exitError{code: 1, err: fmt.Errorf("helpers: %w", hErr)}
	}
	log.Info("exago stopped", slog.String("reason", "done"), logging.TopicKey, logging.TopicDaemon)
	return nil
}
