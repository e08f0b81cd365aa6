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
	"sync/atomic"
	"time"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// state is an RFC 4271 FSM state of a peer.
type state uint8

// FSM states (RFC 4271 section 8.2.2).
const (
	stateIdle state = iota
	stateConnect
	stateActive
	stateOpenSent
	stateOpenConfirm
	stateEstablished
	stateStopped // the peer goroutine returns
)

func (s state) String() string {
	return [...]string{"idle", "connect", "active", "opensent", "openconfirm", "established", "stopped"}[s]
}

// opKind is what a request asks of a peer's goroutine.
type opKind uint8

const (
	opAnnounce opKind = iota
	opWithdraw
	opEOR
	opTeardown
	opFlush
	opClear
	opList
	opRefresh
	opWatchdog
	opReload
	opSync // answered once the pending changes are packed (established)
	opListIn
	opClearIn
	opFlushIn
	opOperational
	opStaleExpire // the graceful restart clock ended (gr_stale.go)
)

// request is a call from the API to a peer's goroutine, answered on done.
type request struct {
	op       opKind
	routes   []config.Route
	families []codec.Family
	subcode  uint8
	name     string           // watchdog
	announce bool             // watchdog: announce (true) or withdraw
	neighbor *config.Neighbor // reload
	// out receives the routes of the adj-RIB-out for opList.
	out *[]config.Route
	// in receives the routes of the adj-RIB-in for opListIn.
	in *[]ReceivedRoute
	// operational is the message of opOperational.
	operational *codec.Operational
	// armed is the graceful restart clock's arming of opStaleExpire.
	armed uint64
	// errs, when set, receives the error of each route instead of done.
	errs []error
	done chan error
}

// peer owns one neighbor: its adj-RIB-out and its sessions, one at a time.
// Only the peer's goroutine touches its fields.
type peer struct {
	r   *Reactor
	n   *config.Neighbor
	log *slog.Logger

	reqs     chan request
	incoming chan net.Conn
	stopped  chan struct{} // closed when run returned
	cancel   context.CancelFunc
	// shared is n for the other goroutines (n changes on reload).
	shared atomic.Pointer[config.Neighbor]
	// family is the family of this session of a split multi-session
	// neighbor, zero when the peer has every family (multisession_split.go).
	family codec.Family
	// origin is the configured neighbor a split peer's n was copied from
	// (set for split peers only).
	origin atomic.Pointer[config.Neighbor]

	rib *adjRIBOut
	// ribIn holds what the peer announced when adj-rib-in is on.
	ribIn *adjRIBIn

	// session state, valid from a connection to its end
	conn *conn
	// outgoing is set when conn is a connection we opened.
	outgoing bool
	// pending is a connection from the peer waiting for the collision
	// with conn to be resolved (collision.go).
	pending  net.Conn
	lo       *localOpen
	ro       *remoteOpen
	ng       *negotiated
	env      sessionEnv
	pk       packer
	sentOnce bool // the first batch (without withdrawals) was packed
	reported bool // "connected" was reported, "down" is due
	// pendingEOR are End-of-RIB requests not sent yet; an empty entry
	// means every negotiated family.
	pendingEOR [][]codec.Family
	// refreshing are the families whose resent routes the next batch
	// frames with BoRR/EoRR ("flush adj-rib out" with route-refresh).
	refreshing []codec.Family

	next     time.Duration
	attempts int

	// watchdogs are the routes of each watchdog group, announced or not.
	watchdogs map[string]map[nlriKey]*watchdogRoute
	// teardown is the Cease subcode asked by the API, 0 when none.
	teardown uint8

	status peerStatus
	// gr is the graceful restart clock over the adj-RIB-in's stale routes.
	gr grStale
	// fsmState is the FSM state last reported to an FSMObserver.
	fsmState string
}

// watchdogRoute is a route of a watchdog group and whether it is announced.
type watchdogRoute struct {
	route config.Route
	up    bool
	// static is set for a route of the configuration.
	static bool
}

func newPeer(r *Reactor, n *config.Neighbor) *peer {
	p := &peer{
		r:        r,
		n:        n,
		log:      r.log.With("peer", n.PeerAddress.String()),
		reqs:     make(chan request),
		incoming: make(chan net.Conn, 1),
		stopped:  make(chan struct{}),
		rib:      newPooledAdjRIBOut(r.attrs),
		ribIn:    newAdjRIBIn(),
	}
	p.shared.Store(n)
	v4 := 0
	for i := range n.Routes {
		if nl := n.Routes[i].NLRI; nl != nil && nl.Family() == codec.IPv4Unicast {
			v4++
		}
	}
	p.rib.reserve(v4)
	for i := range n.Routes {
		if err := p.announceStatic(&n.Routes[i], true); err != nil {
			p.log.Warn("static route skipped", "error", err)
		}
	}
	// the routes live on in the adj-RIB-out: the configuration does not
	// hold them a second time (a reload works out its difference against
	// the adj-RIB-out)
	n.Routes = nil
	return p
}

// neighbor is the peer's configuration, for goroutines other than the
// peer's.
func (p *peer) neighbor() *config.Neighbor { return p.shared.Load() }

// info identifies the peer in observer calls.
func (p *peer) info() PeerInfo {
	pi := PeerInfo{
		PeerAddress:  p.n.PeerAddress,
		LocalAddress: p.n.LocalAddress,
		LocalAS:      p.n.LocalAS,
		PeerAS:       p.n.PeerAS,
		RouterID:     p.n.RouterID,
	}
	if p.conn != nil && !pi.LocalAddress.IsValid() {
		pi.LocalAddress = p.conn.local
	}
	if p.lo != nil {
		pi.RouterID = p.lo.routerID
	}
	if p.ro != nil {
		pi.PeerRouterID = p.ro.routerID
	}
	return pi
}

// run is the peer's goroutine: sessions one after the other until ctx ends
// or, in once mode, after the first one.
func (p *peer) run(ctx context.Context) {
	s := stateIdle
	var err error
	defer p.staleStop()
	for s != stateStopped {
		prev := s
		switch s {
		case stateIdle:
			s, err = p.idle(ctx)
		case stateConnect, stateActive:
			s, err = p.connect(ctx)
		case stateOpenSent:
			s, err = p.openSent(ctx)
		case stateOpenConfirm:
			s, err = p.openConfirm(ctx)
		case stateEstablished:
			s, err = p.established(ctx)
		}
		if s != prev {
			p.log.Debug("fsm", "state", s.String(), "from", prev.String())
		}
		if s == stateIdle || s == stateStopped {
			if p.conn != nil || prev >= stateOpenSent {
				p.endSession(ctx, err)
			}
			if s == stateIdle && p.stopAfterSession(ctx, err) {
				s = stateStopped
			}
			p.dropPending(s == stateIdle)
		}
		p.status.setState(s)
	}
}

// stopAfterSession says whether the peer stops instead of trying again:
// on shutdown, when tcp.attempts are used up, and in once mode when the
// connection failed or the peer sent a NOTIFICATION. As in ExaBGP, a
// session we ended with a NOTIFICATION (teardown, hold timer, OPEN errors)
// is tried again even in once mode.
func (p *peer) stopAfterSession(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return true
	}
	if p.r.env.TCPAttempts > 0 && p.attempts >= p.r.env.TCPAttempts {
		return true
	}
	if !p.r.env.TCPOnce || errors.Is(err, errGracefulClose) {
		return false
	}
	var n notification
	return !errors.As(err, &n) || isReceived(err)
}

// endSession closes the connection (if any), reports "down" and drops the
// session state. err says why the session ended.
func (p *peer) endSession(ctx context.Context, err error) {
	reason := p.downReason(ctx, err)
	if p.conn != nil {
		var n notification
		if errors.As(err, &n) && !isReceived(err) {
			p.sendLast(appendNotification(nil, n))
		} else if ctx.Err() != nil && !(p.ng != nil && p.ng.graceful) {
			p.sendLast(appendNotification(nil, notification{code: notifCease, subcode: ceaseAdminDown}))
		} else {
			p.conn.close()
		}
	}
	p.observeFSM("IDLE")
	if p.reported {
		p.log.Info("peer down", "reason", reason)
		p.observeState(StateDown, reason)
	}
	p.rib.release(p.rib.takePending())
	p.rib.self = netip.Addr{}
	switch {
	case p.ng != nil && p.ng.graceful:
		// with graceful restart the routes stay, stale, for the peer's
		// restart time (gr_stale.go)
		p.staleSessionEnded(p.ng.peerGR)
	case p.ng == nil && p.gr.restarting:
		// a connection that failed before the OPENs agreed: the peer's
		// restart goes on
	default:
		// the routes went with the session
		p.ribIn.clear()
		p.staleStop()
		p.gr.restarting = false
	}
	if p.teardown != 0 {
		p.teardown = 0
		p.next = 0 // ExaBGP resets the back-off on teardown
	}
	p.conn, p.lo, p.ro, p.ng = nil, nil, nil, nil
	p.reported = false
	p.sentOnce = false
}

// errGracefulClose ends a session torn down with graceful restart
// negotiated: the connection is closed without a NOTIFICATION.
var errGracefulClose = errors.New("graceful restarted negotiated, closing without sending any notification")

// sendLast sends the NOTIFICATION that ends the session and closes the
// connection once it is written (or after two seconds).
func (p *peer) sendLast(raw []byte) {
	p.status.countOut(raw)
	p.observeSent(raw)
	if err := p.conn.sendLast(raw, 2*time.Second); err == nil {
		p.conn.drainAndClose(2 * time.Second)
		return
	}
	p.conn.close()
}

// receivedNotification wraps a NOTIFICATION the peer sent us.
type receivedNotification struct{ notification }

func isReceived(err error) bool {
	var r *receivedNotification
	return errors.As(err, &r)
}

func (r *receivedNotification) Error() string { return r.notification.String() }

// downReason words why a session ended the way ExaBGP does.
func (p *peer) downReason(ctx context.Context, err error) string {
	var rn *receivedNotification
	var n notification
	switch {
	case ctx.Err() != nil:
		return "stop, message [shutting down]"
	case errors.As(err, &rn):
		return fmt.Sprintf("peer reset, message [notification received (%d,%d)] error[%s]",
			rn.code, rn.subcode, codec.Notification{Code: rn.code, Subcode: rn.subcode, Data: rn.data}.String())
	case errors.As(err, &n):
		return fmt.Sprintf("peer reset, message [notification sent (%d,%d)] error[%s]", n.code, n.subcode, n.String())
	case err != nil:
		return fmt.Sprintf("peer reset, message [closing connection] error[%s]", err)
	}
	return "peer reset, message [closing connection] error[]"
}

func (p *peer) observeState(s State, reason string) {
	if p.r.obs != nil {
		p.r.obs.StateChanged(p.n, p.info(), s, reason)
	}
}

// sendMessage queues one whole message and tells the observer.
func (p *peer) sendMessage(raw []byte) error {
	if p.conn == nil {
		return errClosed
	}
	p.status.countOut(raw)
	p.observeSent(raw)
	return p.conn.send(raw)
}

func (p *peer) wantsSent() bool {
	for _, a := range p.n.APIs {
		if len(a.Send) > 0 {
			return true
		}
	}
	return false
}

func (p *peer) sendOptions() codec.Options {
	if p.ng != nil {
		return p.ng.send
	}
	return codec.Options{}
}

func (p *peer) recvOptions() codec.Options {
	if p.ng != nil {
		return p.ng.recv
	}
	return codec.Options{}
}

// handle applies a request to the RIB. With a session up the changes are
// queued and then sent by flush.
func (p *peer) handle(req request) {
	// changes are queued also while the session is down: ExaBGP sends them
	// (withdrawals excepted) when it comes up
	track := true
	var err error
	switch req.op {
	case opAnnounce:
		for i := range req.routes {
			if !p.owns(&req.routes[i]) {
				continue
			}
			if e := p.announce(&req.routes[i], track); e != nil {
				err = p.routeError(req.errs, i, err, e)
			}
		}
	case opWithdraw:
		for i := range req.routes {
			if !p.owns(&req.routes[i]) {
				continue
			}
			if e := p.withdraw(&req.routes[i], track); e != nil {
				err = p.routeError(req.errs, i, err, e)
			}
		}
	case opEOR:
		if fs, ok := p.ownFamilies(req.families); ok {
			p.pendingEOR = append(p.pendingEOR, fs)
		}
	case opTeardown:
		if p.conn != nil {
			p.teardown = req.subcode
		}
	case opFlush:
		if p.up() {
			if p.n.Capabilities.RouteRefresh {
				// as ExaBGP: enhanced route refresh markers around
				// the routes sent again, when the neighbor has
				// route-refresh configured
				p.refreshing = p.ng.families
			}
			p.rib.resendAll()
		}
	case opClear:
		for _, rt := range p.rib.routesOut() {
			if e := p.rib.update(&rt, true, track); e != nil && err == nil {
				err = e
			}
		}
	case opList:
		*req.out = p.rib.routesOut()
	case opRefresh:
		if fs, ok := p.ownFamilies(req.families); p.up() && ok {
			for _, f := range fs {
				b, e := codec.AppendMessage(nil, codec.RouteRefresh{Family: f}, codec.Options{})
				if e == nil {
					e = p.sendMessage(b)
				}
				if e != nil && err == nil {
					err = e
				}
			}
		}
	case opWatchdog:
		err = p.watchdog(req.name, req.announce, track)
	case opReload:
		err = p.reload(req.neighbor)
	case opListIn:
		*req.in = p.receivedRoutes()
	case opClearIn:
		p.ribIn.clear()
	case opFlushIn:
		p.ribIn.clear()
		err = p.refreshAll()
	case opOperational:
		err = p.sendOperational(*req.operational)
	case opStaleExpire:
		p.staleExpired(req.armed, req.name)
	}
	req.done <- err
}

// routeError records e, the error of route i of a request: in errs[i]
// when the request reports errors route by route, else as the request's
// error when it is the first (err).
func (p *peer) routeError(errs []error, i int, err, e error) error {
	if errs == nil {
		if err == nil {
			return e
		}
		return err
	}
	errs[i] = errors.Join(errs[i], fmt.Errorf("neighbor %s: %w", p.n.PeerAddress, e))
	return err
}

// up reports whether a session is established (changes are then sent).
func (p *peer) up() bool { return p.conn != nil && p.status.established() }

// announce adds rt to the adj-RIB-out, or to its watchdog group only when
// it is flagged withdrawn.
func (p *peer) announce(rt *config.Route, track bool) error {
	if rt.Watchdog != "" {
		if err := p.remember(rt, !rt.Withdrawn, false); err != nil {
			return err
		}
	}
	if rt.Withdrawn {
		return nil
	}
	return p.rib.update(rt, false, track)
}

// announceStatic is announce for a route of the configuration, marked as
// such in the adj-RIB-out and in its watchdog group.
func (p *peer) announceStatic(rt *config.Route, track bool) error {
	if rt.Watchdog != "" {
		if err := p.remember(rt, !rt.Withdrawn, true); err != nil {
			return err
		}
	}
	if rt.Withdrawn {
		return nil
	}
	return p.rib.updateStatic(rt, track)
}

// withdraw removes rt from the adj-RIB-out (and from its watchdog group).
func (p *peer) withdraw(rt *config.Route, track bool) error {
	if rt.Watchdog != "" {
		if g := p.watchdogs[rt.Watchdog]; g != nil {
			if k, err := makeKey(nil, rt.NLRI); err == nil {
				delete(g, nlriKey(k))
			}
		}
	}
	return p.rib.update(rt, true, track)
}

// remember records rt in its watchdog group; static says it is a route of
// the configuration.
func (p *peer) remember(rt *config.Route, up, static bool) error {
	k, err := makeKey(nil, rt.NLRI)
	if err != nil {
		return err
	}
	if p.watchdogs == nil {
		p.watchdogs = map[string]map[nlriKey]*watchdogRoute{}
	}
	g := p.watchdogs[rt.Watchdog]
	if g == nil {
		g = map[nlriKey]*watchdogRoute{}
		p.watchdogs[rt.Watchdog] = g
	}
	g[nlriKey(k)] = &watchdogRoute{route: *rt, up: up, static: static}
	return nil
}

// watchdog announces the withdrawn routes of group name, or withdraws its
// announced ones, as ExaBGP's "announce/withdraw watchdog NAME".
func (p *peer) watchdog(name string, announce, track bool) error {
	g := p.watchdogs[name]
	keys := make([]nlriKey, 0, len(g))
	for k, w := range g {
		if w.up != announce {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var err error
	for _, k := range keys {
		w := g[k]
		w.up = announce
		rt := w.route
		rt.Withdrawn = false
		if e := p.rib.update(&rt, !announce, track); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// dialAddr is where we connect to.
func (p *peer) dialAddr() string {
	port := p.n.Connect
	if port == 0 {
		port = p.r.port()
	}
	return netip.AddrPortFrom(p.n.PeerAddress, port).String()
}

// backoff returns the delay before the next connection attempt and grows
// it as ExaBGP does (0, 1, 2, 3, 4, 5, 7 ... 60 seconds).
func (p *peer) backoff() time.Duration {
	d := p.next
	n := int(1 + float64(p.next/time.Second)*1.2)
	p.next = min(time.Duration(n)*time.Second, 60*time.Second)
	return d
}

func (p *peer) String() string { return p.n.PeerAddress.String() + ":" + strconv.Itoa(int(p.n.PeerAS)) }
