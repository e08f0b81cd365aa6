package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"sync"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// ErrNotRunning is returned by requests made after Run returned.
var ErrNotRunning = errors.New("reactor not running")

// Reactor owns every neighbor of a configuration and runs their sessions.
type Reactor struct {
	cfg *config.Config
	env config.Env
	obs Observer
	log *slog.Logger
	// attrs interns the attribute sets of every neighbor's adj-RIB-out,
	// so that a set announced to many neighbors is held once.
	attrs *attrPool

	mu    sync.RWMutex
	peers []*peer // guarded by mu; Reload changes it
	// runCtx and wg let Reload start peers while Run runs (guarded by mu).
	runCtx context.Context
	wg     sync.WaitGroup
	// dial opens outgoing connections; tests replace it.
	dial func(ctx context.Context, s dialSpec) (net.Conn, error)

	once     sync.Once
	started  chan struct{} // closed when Run starts
	finished chan struct{} // closed when Run returns
}

// New builds a reactor for cfg. obs may be nil. New takes the static
// routes of cfg's neighbors: once in the adj-RIB-outs they are dropped from
// the neighbors (Neighbor.Routes is nil afterwards), so that a large
// configuration is not held twice; Reload does the same with its
// configuration.
func New(cfg *config.Config, env config.Env, obs Observer, log *slog.Logger) *Reactor {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Reactor{cfg: cfg, env: env, obs: obs, log: log, attrs: newAttrPool(),
		started: make(chan struct{}), finished: make(chan struct{})}
	r.dial = dialTCP
	for _, n := range cfg.Neighbors {
		r.peers = append(r.peers, r.newPeers(n)...)
	}
	return r
}

// port is tcp.port, 179 when unset.
func (r *Reactor) port() uint16 {
	if r.env.TCPPort != 0 {
		return r.env.TCPPort
	}
	return 179
}

// Run runs every session until ctx is cancelled (Cease sent to each peer)
// or, with tcp.once, until every session has ended once. It listens on
// tcp.bind addresses (and on neighbors' listen ports) when set.
func (r *Reactor) Run(ctx context.Context) error {
	first := false
	r.once.Do(func() { first = true })
	if !first {
		return errors.New("reactor already ran")
	}
	defer close(r.finished)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// tcp.delay: ExaBGP waits before it listens or connects
	if !r.waitStart(ctx) {
		return nil
	}
	lns, err := r.listen(ctx)
	if err != nil {
		return err
	}
	var lwg sync.WaitGroup
	for _, ln := range lns {
		lwg.Add(1)
		go func() {
			defer lwg.Done()
			r.acceptLoop(ctx, ln)
		}()
	}

	r.mu.Lock()
	r.runCtx = ctx
	for _, p := range r.peers {
		r.start(p)
	}
	r.mu.Unlock()
	close(r.started)
	r.wg.Wait()
	cancel()
	for _, ln := range lns {
		ln.Close()
	}
	lwg.Wait()
	return nil
}

// start runs p's goroutine under the reactor's context; r.mu is held.
func (r *Reactor) start(p *peer) {
	ctx, cancel := context.WithCancel(r.runCtx)
	p.cancel = cancel
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer cancel()
		defer close(p.stopped)
		p.run(ctx)
	}()
}

// peerList is a snapshot of the peers.
func (r *Reactor) peerList() []*peer {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.peers)
}

// listen opens the listening sockets: every tcp.bind address at tcp.port,
// and each neighbor's local address at its own listen port.
func (r *Reactor) listen(ctx context.Context) ([]net.Listener, error) {
	var addrs []string
	for _, b := range r.env.TCPBind {
		if b == "" {
			continue
		}
		a := net.JoinHostPort(b, strconv.Itoa(int(r.port())))
		if !slices.Contains(addrs, a) {
			addrs = append(addrs, a)
		}
	}
	for _, n := range r.cfg.Neighbors {
		if n.Listen == 0 {
			continue
		}
		host := ""
		if n.LocalAddress.IsValid() {
			host = n.LocalAddress.String()
		}
		a := net.JoinHostPort(host, strconv.Itoa(int(n.Listen)))
		if !slices.Contains(addrs, a) {
			addrs = append(addrs, a)
		}
	}
	// the listening sockets carry the MD5 keys of every neighbor
	keys := map[netip.Addr]string{}
	for _, n := range r.cfg.Neighbors {
		k, err := md5Key(n)
		if err != nil {
			return nil, err
		}
		if k != "" {
			keys[n.PeerAddress] = k
		}
	}
	var lns []net.Listener
	for _, a := range addrs {
		lc := net.ListenConfig{Control: r.listenTTL(a).control(md5Control(keys))}
		ln, err := lc.Listen(ctx, "tcp", a)
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return nil, fmt.Errorf("listen on %s: %w", a, err)
		}
		r.log.Info("listening", "address", ln.Addr().String())
		lns = append(lns, ln)
	}
	return lns, nil
}

// acceptLoop hands each incoming connection to the peer it comes from;
// connections from unknown addresses are closed.
func (r *Reactor) acceptLoop(ctx context.Context, ln net.Listener) {
	// connections still read for their OPEN end with ctx (Run waits)
	var dispatching sync.WaitGroup
	defer dispatching.Wait()
	for {
		nc, err := ln.Accept()
		if err != nil {
			if ctx.Err() == nil {
				r.log.Warn("accept failed", "error", err)
			}
			return
		}
		peers := r.candidates(nc)
		if len(peers) == 0 {
			r.log.Info("connection refused, no neighbor", "remote", nc.RemoteAddr().String())
			nc.Close()
			continue
		}
		if err := neighborTTL(peers[0].neighbor()).applyConn(nc); err != nil {
			r.log.Warn("connection refused, ttl options", "remote", nc.RemoteAddr().String(), "error", err)
			nc.Close()
			continue
		}
		if len(peers) > 1 && peers[0].isSplit() {
			// one session per family: the peer's OPEN says which
			dispatching.Go(func() { r.dispatchByOpen(ctx, nc, peers) })
			continue
		}
		r.handOver(peers[0], nc)
	}
}

// handOver gives nc to p's goroutine, or closes it when p has one waiting.
func (r *Reactor) handOver(p *peer, nc net.Conn) {
	select {
	case p.incoming <- nc:
	default:
		nc.Close()
	}
}

// Announce queues routes for the selected neighbors of process. It returns
// once the owning goroutines accepted the request.
func (r *Reactor) Announce(ctx context.Context, process string, sel Selector, routes []config.Route) error {
	return r.call(ctx, process, sel, request{op: opAnnounce, routes: routes})
}

// Withdraw queues withdrawals of routes for the selected neighbors.
func (r *Reactor) Withdraw(ctx context.Context, process string, sel Selector, routes []config.Route) error {
	return r.call(ctx, process, sel, request{op: opWithdraw, routes: routes})
}

// UpdateEach queues routes like Announce, or like Withdraw when withdraw
// is set, but a route the adj-RIB-out of a neighbor refuses does not fail
// the call: its error is joined into errs[i] (errs has one entry per
// route) and the other routes still go through. The error returned is not
// about one route (ctx ended, reactor not running). It returns once the
// owning goroutines accepted the request; routes can be reused then unless
// an error was returned.
func (r *Reactor) UpdateEach(ctx context.Context, process string, sel Selector, withdraw bool, routes []config.Route, errs []error) error {
	if len(errs) != len(routes) {
		return fmt.Errorf("update: %d errors for %d routes", len(errs), len(routes))
	}
	op := opAnnounce
	if withdraw {
		op = opWithdraw
	}
	return r.call(ctx, process, sel, request{op: op, routes: routes, errs: errs})
}

// AnnounceEOR sends End-of-RIB for families (every negotiated family when
// empty) to the selected neighbors; it is sent once the session is up.
func (r *Reactor) AnnounceEOR(ctx context.Context, process string, sel Selector, families []codec.Family) error {
	return r.call(ctx, process, sel, request{op: opEOR, families: families})
}

// Neighbors returns the neighbors a command of process with sel applies
// to, in configuration order.
func (r *Reactor) Neighbors(process string, sel Selector) []*config.Neighbor {
	var out []*config.Neighbor
	for _, p := range r.selected(process, sel) {
		out = append(out, p.neighbor())
	}
	return out
}

// selected are the peers bound to process (every peer when process is
// empty) that match sel.
func (r *Reactor) selected(process string, sel Selector) []*peer {
	var out []*peer
	for _, p := range r.peerList() {
		n := p.neighbor()
		if process != "" && !boundTo(n, process) {
			continue
		}
		if len(sel) > 0 && !slices.ContainsFunc(sel, func(m PeerMatch) bool { return m.matches(n) }) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func boundTo(n *config.Neighbor, process string) bool {
	for _, a := range n.APIs {
		if slices.Contains(a.Processes, process) {
			return true
		}
	}
	return false
}

// matches reports whether n fits every set field of m.
func (m PeerMatch) matches(n *config.Neighbor) bool {
	eq := func(a, b netip.Addr) bool { return !a.IsValid() || a == b }
	if !eq(m.PeerAddress, n.PeerAddress) || !eq(m.LocalAddress, n.LocalAddress) || !eq(m.RouterID, n.RouterID) {
		return false
	}
	if m.LocalAS != 0 && m.LocalAS != n.LocalAS || m.PeerAS != 0 && m.PeerAS != n.PeerAS {
		return false
	}
	if m.FamilyAllowed != "" {
		var names []string
		for _, f := range neighborFamilies(n) {
			names = append(names, f.AFI.String()+" "+f.SAFI.String())
		}
		if !slices.Contains(names, m.FamilyAllowed) {
			return false
		}
	}
	return true
}

// call sends req to every selected peer's goroutine and waits for their
// answers. Before Run it waits for Run to start; peers whose goroutine has
// ended (tcp.once) are skipped.
func (r *Reactor) call(ctx context.Context, process string, sel Selector, req request) error {
	var errs []error
	for _, p := range r.selected(process, sel) {
		if err := r.callPeer(ctx, p, req); err != nil {
			if errors.Is(err, ctx.Err()) || errors.Is(err, ErrNotRunning) {
				return err
			}
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
