package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// reply receives the answer to one command.
type reply interface {
	// text queues one line of output (without newline).
	text(s string)
	// forced reports whether "done"/"error" are sent whatever api.ack says.
	forced() bool
	// acks reports whether "done"/"error" are sent, def being api.ack: a
	// helper's runtime switch (enable-ack, disable-ack, silence-ack) wins.
	acks(def bool) bool
}

// The states of a helper's runtime ack switch.
const (
	ackDefault int32 = iota // api.ack
	ackOn                   // enable-ack
	ackOff                  // disable-ack, silence-ack
)

// acksOf applies the ack switch of q to def.
func acksOf(q *outQueue, def bool) bool {
	if q == nil {
		return def
	}
	switch q.ack.Load() {
	case ackOn:
		return true
	case ackOff:
		return false
	}
	return def
}

// procReply answers on a helper's stdin.
type procReply outQueue

func (r *procReply) text(s string)      { (*outQueue)(r).pushLine(s) }
func (r *procReply) forced() bool       { return false }
func (r *procReply) acks(def bool) bool { return acksOf((*outQueue)(r), def) }

// cliReply collects the answer of the control channel; done and error are
// always given unless honorAck asks to follow api.ack.
type cliReply struct {
	lines    []string
	honorAck bool
}

func (r *cliReply) text(s string)      { r.lines = append(r.lines, s) }
func (r *cliReply) forced() bool       { return !r.honorAck }
func (r *cliReply) acks(def bool) bool { return def }

// Answers closing a command, as ExaBGP 4.2's Answer.
const (
	answerDone  = "done"
	answerError = "error"
)

// errNoNeighbor is the problem of commands whose prefix matches nothing.
var errNoNeighbor = errors.New("no neighbor matching the command")

func (m *Manager) done(r reply) {
	if r.forced() || r.acks(m.env.APIAck) {
		r.text(answerDone)
	}
}

func (m *Manager) fail(r reply, h *helper, line string, err error) {
	process := "cli"
	if h != nil {
		process = h.name
		h.stats.errors.Add(1)
	}
	m.log.Error("command from process failed", "process", process, "line", truncate(line), "error", err)
	if r.forced() || r.acks(m.env.APIAck) {
		r.text(answerError)
	}
}

// runLine runs one line read from helper h, answering on q.
func (m *Manager) runLine(ctx context.Context, h *helper, line string, q *outQueue) {
	m.execute(ctx, h, line, (*procReply)(q))
}

// execute runs one command line for helper h (nil: the control channel).
func (m *Manager) execute(ctx context.Context, h *helper, line string, r reply) {
	// fast path: the hot "announce route ..." / "withdraw route ..."
	var words []string
	if h != nil {
		words = h.words[:0]
		defer func() { h.words = words[:0] }()
	}
	if isFastRoute(line) {
		words = config.AppendWords(words, line)
		m.routeCommand(ctx, h, line, nil, words, r)
		return
	}
	trimmed := strings.TrimSpace(line)
	if strings.HasPrefix(trimmed, "#") {
		if m.log.Enabled(ctx, slog.LevelDebug) {
			m.log.Debug("comment from process", "line", trimmed)
		}
		m.done(r)
		return
	}
	if strings.HasPrefix(trimmed, "debug ") || trimmed == "debug" {
		// ExaBGP 5.0: a note for the log, not run and not answered
		m.log.Info("debug line from process", "process", processName(h), "line", truncate(trimmed))
		return
	}
	words = config.AppendWords(words, trimmed)
	descs, cmd := extractNeighbors(words)
	if len(cmd) == 0 {
		m.fail(r, h, line, errors.New("command not understood"))
		return
	}
	second := ""
	if len(cmd) > 1 {
		second = cmd[1]
	}
	switch cmd[0] {
	case "announce", "withdraw":
		switch second {
		case "eor":
			if cmd[0] == "announce" {
				m.eorCommand(ctx, h, line, descs, cmd, r)
				return
			}
		case "route-refresh":
			if cmd[0] == "announce" {
				m.refreshCommand(ctx, h, line, descs, cmd, r)
				return
			}
		case "watchdog":
			m.watchdogCommand(ctx, h, line, cmd, r)
			return
		case "operational":
			m.operationalCommand(ctx, h, line, descs, cmd, r)
			return
		case "route", "flow", "vpls", "attribute", "attributes", "ipv4", "ipv6", "l2vpn":
			m.routeCommand(ctx, h, line, descs, cmd, r)
			return
		}
	case "teardown":
		m.teardownCommand(ctx, h, line, descs, cmd, r)
		return
	case "flush":
		if second == "adj-rib" && len(cmd) > 2 && cmd[2] == "out" {
			m.flushCommand(ctx, h, line, descs, r)
			return
		}
		if second == "adj-rib-in" || second == "adj-rib" && len(cmd) > 2 && cmd[2] == "in" {
			ns := m.peers(m.state().cfg.Neighbors, descs)
			if len(ns) == 0 {
				m.fail(r, h, line, errNoNeighbor)
				return
			}
			m.clearAdjRIBIn(ctx, h, line, ns, true, r)
			return
		}
	case "clear":
		if second == "adj-rib" || second == "adj-rib-in" || second == "adj-rib-out" {
			m.clearCommand(ctx, h, line, descs, cmd, r)
			return
		}
	case "show":
		switch second {
		case "neighbor", "neighbors":
			m.showNeighbor(ctx, cmd, r)
			return
		case "adj-rib", "adj-rib-in", "adj-rib-out":
			m.showAdjRIB(ctx, h, line, cmd, r)
			return
		}
	case "shutdown", "reload", "restart":
		if len(cmd) == 1 {
			m.daemonCommand(cmd[0], r)
			return
		}
	case "enable-ack", "disable-ack", "silence-ack":
		if len(cmd) == 1 {
			m.ackCommand(cmd[0], r)
			return
		}
	case "version":
		r.text(m.opts.Version)
		m.done(r)
		return
	case "help":
		for _, l := range helpText {
			r.text(l)
		}
		m.done(r)
		return
	case "reset":
		// ExaBGP 4.2 clears its pending asynchronous work and answers nothing
		return
	}
	m.fail(r, h, line, errors.New("command not understood"))
}

// peers returns the neighbors a command applies to: among candidates,
// those matching one of descs, every candidate without descs.
func (m *Manager) peers(candidates []*config.Neighbor, descs []description) []*config.Neighbor {
	if len(descs) == 0 {
		return candidates
	}
	st := m.state()
	var out []*config.Neighbor
	for _, n := range candidates {
		name := st.name(n)
		for _, d := range descs {
			if d.matches(name) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// bound is what a command without prefix applies to: the neighbors whose
// api blocks list the helper (ExaBGP's reactor.peers(service)), every
// neighbor for the control channel.
func (m *Manager) bound(h *helper) []*config.Neighbor {
	st := m.state()
	if h == nil {
		return st.cfg.Neighbors
	}
	return st.bound[h.name]
}

// established lists the neighbors with an established session, in
// configuration order.
func (m *Manager) established() []*config.Neighbor {
	all := m.state().cfg.Neighbors
	el, ok := m.ctl.(EstablishedLister)
	if !ok {
		return all
	}
	up := map[*config.Neighbor]bool{}
	for _, n := range el.Established() {
		up[n] = true
	}
	var out []*config.Neighbor
	for _, n := range all {
		if up[n] {
			out = append(out, n)
		}
	}
	return out
}

func selectorOf(ns []*config.Neighbor) session.Selector {
	sel := make(session.Selector, len(ns))
	for i, n := range ns {
		sel[i] = peerMatch(n)
	}
	return sel
}

func processName(h *helper) string {
	if h == nil {
		return ""
	}
	return h.name
}

// routeCommand runs announce/withdraw route, flow, vpls, attributes.
// descs is nil on the fast path, where words still hold the whole line.
func (m *Manager) routeCommand(ctx context.Context, h *helper, line string, descs []description, words []string, r reply) {
	// without prefix the empty selector: every neighbor bound to the
	// process, resolved by the reactor
	candidates := m.bound(h)
	var sel session.Selector
	if len(descs) > 0 {
		ns := m.peers(candidates, descs)
		candidates = ns
		sel = selectorOf(ns)
	}
	if len(candidates) == 0 {
		m.fail(r, h, line, errNoNeighbor)
		return
	}
	routes, err := m.appendRoutes(nil, words)
	if err != nil {
		m.fail(r, h, line, fmt.Errorf("could not parse route: %w", err))
		return
	}
	if len(routes) == 0 {
		m.fail(r, h, line, errors.New("could not parse route: no route"))
		return
	}
	if words[0] == "announce" {
		err = m.ctl.Announce(ctx, processName(h), sel, routes)
	} else {
		err = m.ctl.Withdraw(ctx, processName(h), sel, routes)
	}
	if err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// EachUpdater is optional for a Controller: UpdateEach queues routes (or
// their withdrawals) and reports the error of each route in errs[i]
// instead of failing the call, so that the Manager can hand the route
// lines a helper wrote together to the sessions in one request and still
// answer each line on its own. *session.Reactor has it.
type EachUpdater interface {
	UpdateEach(ctx context.Context, process string, sel session.Selector, withdraw bool, routes []config.Route, errs []error) error
}

// routeBatch gathers consecutive "announce route" (or "withdraw route")
// lines of one helper, parsed, for one request to the sessions.
type routeBatch struct {
	withdraw bool
	routes   []config.Route
	errs     []error
	lines    []batchLine
	// acks gathers the answers of the lines, queued at once.
	acks batchReply
}

// batchReply gathers the answers of a batch for its helper's queue q.
type batchReply struct {
	b []byte
	q *outQueue
}

func (r *batchReply) text(s string)      { r.b = append(append(r.b, s...), '\n') }
func (r *batchReply) forced() bool       { return false }
func (r *batchReply) acks(def bool) bool { return acksOf(r.q, def) }

// batchLine is one line of a batch: its routes are routes[from:to]; err
// is set when it failed before reaching the sessions.
type batchLine struct {
	line     string
	from, to int
	err      error
}

// isFastRoute reports whether line is an "announce route ..." or
// "withdraw route ..." line without neighbor prefix, the lines batched.
func isFastRoute(line string) bool {
	return strings.HasPrefix(line, "announce route ") || strings.HasPrefix(line, "withdraw route ")
}

// addRouteLine parses the fast-path route line of helper h into b,
// flushing b first when it holds lines of the other action.
func (m *Manager) addRouteLine(ctx context.Context, h *helper, b *routeBatch, line string, q *outQueue) {
	withdraw := line[0] == 'w'
	if len(b.lines) > 0 && b.withdraw != withdraw {
		m.flushBatch(ctx, h, b, q)
	}
	b.withdraw = withdraw
	bl := batchLine{line: line, from: len(b.routes)}
	h.words = config.AppendWords(h.words[:0], line)
	if len(m.bound(h)) == 0 {
		bl.err = errNoNeighbor
	} else {
		routes, err := m.appendRoutes(b.routes, h.words)
		switch {
		case err != nil:
			bl.err = fmt.Errorf("could not parse route: %w", err)
		case len(routes) == bl.from:
			bl.err = errors.New("could not parse route: no route")
		}
		if bl.err != nil {
			// drop what the line parsed before failing
			clear(routes[bl.from:])
			routes = routes[:bl.from]
		}
		b.routes = routes
	}
	h.words = h.words[:0]
	bl.to = len(b.routes)
	b.lines = append(b.lines, bl)
}

// appendRoutes is Options.ParseRoutes appending to dst.
func (m *Manager) appendRoutes(dst []config.Route, words []string) ([]config.Route, error) {
	if m.opts.ParseRoutes == nil {
		return AppendRoutes(dst, words)
	}
	routes, err := m.opts.ParseRoutes(words)
	if err != nil {
		return dst, err
	}
	return append(dst, routes...), nil
}

// flushBatch hands the routes of b to the sessions in one request and
// answers its lines in order, each on its own, on q; b is emptied.
func (m *Manager) flushBatch(ctx context.Context, h *helper, b *routeBatch, q *outQueue) {
	if len(b.lines) == 0 {
		return
	}
	b.acks.q = q
	var err error
	if len(b.routes) > 0 {
		b.errs = slices.Grow(b.errs[:0], len(b.routes))[:len(b.routes)]
		err = m.ctl.(EachUpdater).UpdateEach(ctx, processName(h), nil, b.withdraw, b.routes, b.errs)
	}
	for _, bl := range b.lines {
		lerr := bl.err
		if lerr == nil && err != nil {
			lerr = err
		}
		if lerr == nil && bl.to > bl.from {
			lerr = errors.Join(b.errs[bl.from:bl.to]...)
		}
		if lerr != nil {
			m.fail(&b.acks, h, bl.line, lerr)
		} else {
			m.done(&b.acks)
		}
	}
	if len(b.acks.b) > 0 {
		q.push(b.acks.b)
		b.acks.b = b.acks.b[:0]
	}
	if err != nil {
		// the sessions may still read routes after an error: do not reuse
		b.routes, b.errs = nil, nil
	} else {
		clear(b.routes)
		b.routes = b.routes[:0]
		clear(b.errs)
	}
	clear(b.lines)
	b.lines = b.lines[:0]
}

// parseFamily reads "AFI SAFI" words.
func parseFamily(words []string) (codec.Family, error) {
	if len(words) != 2 {
		return codec.Family{}, fmt.Errorf("expected AFI SAFI, got %q", strings.Join(words, " "))
	}
	return codec.ParseFamily(words[0], words[1])
}

// eorCommand runs "announce eor [AFI SAFI]" on the established neighbors.
func (m *Manager) eorCommand(ctx context.Context, h *helper, line string, descs []description, cmd []string, r reply) {
	ns := m.peers(m.established(), descs)
	if len(ns) == 0 {
		m.fail(r, h, line, errNoNeighbor)
		return
	}
	family := codec.IPv4Unicast
	if len(cmd) > 2 {
		f, err := parseFamily(cmd[2:])
		if err != nil {
			m.fail(r, h, line, fmt.Errorf("could not parse eor: %w", err))
			return
		}
		family = f
	}
	// every established neighbor, bound to the process or not: process ""
	if err := m.ctl.AnnounceEOR(ctx, "", selectorOf(ns), []codec.Family{family}); err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// refreshCommand runs "announce route-refresh AFI SAFI".
func (m *Manager) refreshCommand(ctx context.Context, h *helper, line string, descs []description, cmd []string, r reply) {
	ns := m.peers(m.established(), descs)
	if len(ns) == 0 {
		m.fail(r, h, line, errNoNeighbor)
		return
	}
	f, err := parseFamily(cmd[2:])
	if err != nil {
		m.fail(r, h, line, fmt.Errorf("could not parse route-refresh: %w", err))
		return
	}
	rr, ok := m.ctl.(RouteRefresher)
	if !ok {
		m.fail(r, h, line, errNotSupported("route-refresh"))
		return
	}
	if err := rr.RouteRefresh(ctx, "", selectorOf(ns), []codec.Family{f}); err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// teardownCommand runs "neighbor IP teardown CODE": Cease with subcode
// CODE to the matching established neighbors; done even when none match.
func (m *Manager) teardownCommand(ctx context.Context, h *helper, line string, descs []description, cmd []string, r reply) {
	if len(cmd) != 2 {
		m.fail(r, h, line, errors.New("teardown needs a code"))
		return
	}
	code, err := strconv.ParseUint(cmd[1], 10, 8)
	if err != nil {
		m.fail(r, h, line, fmt.Errorf("teardown code %q: %w", cmd[1], err))
		return
	}
	var ns []*config.Neighbor
	if len(descs) > 0 {
		ns = m.peers(m.established(), descs)
	}
	if len(ns) > 0 {
		td, ok := m.ctl.(Teardowner)
		if !ok {
			m.fail(r, h, line, errNotSupported("teardown"))
			return
		}
		if err := td.Teardown(ctx, selectorOf(ns), uint8(code)); err != nil {
			m.fail(r, h, line, err)
			return
		}
	}
	m.done(r)
}

// flushCommand runs "flush adj-rib out" on the established neighbors.
func (m *Manager) flushCommand(ctx context.Context, h *helper, line string, descs []description, r reply) {
	ns := m.peers(m.established(), descs)
	if len(ns) == 0 {
		m.fail(r, h, line, errNoNeighbor)
		return
	}
	fl, ok := m.ctl.(AdjRIBOutFlusher)
	if !ok {
		m.fail(r, h, line, errNotSupported("flush adj-rib out"))
		return
	}
	if err := fl.FlushAdjRIBOut(ctx, selectorOf(ns)); err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// clearCommand runs "clear adj-rib [in|out]" on every matching neighbor.
func (m *Manager) clearCommand(ctx context.Context, h *helper, line string, descs []description, cmd []string, r reply) {
	ns := m.peers(m.state().cfg.Neighbors, descs)
	if len(ns) == 0 {
		m.fail(r, h, line, errNoNeighbor)
		return
	}
	in := cmd[1] == "adj-rib-in" || (len(cmd) > 2 && cmd[2] == "in")
	if in {
		m.clearAdjRIBIn(ctx, h, line, ns, false, r)
		return
	}
	fl, ok := m.ctl.(AdjRIBOutFlusher)
	if !ok {
		m.fail(r, h, line, errNotSupported("clear adj-rib out"))
		return
	}
	if err := fl.ClearAdjRIBOut(ctx, selectorOf(ns)); err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// watchdogCommand runs "announce|withdraw watchdog [NAME]"; the name
// defaults to the process name.
func (m *Manager) watchdogCommand(ctx context.Context, h *helper, line string, cmd []string, r reply) {
	name := processName(h)
	if len(cmd) > 2 {
		name = cmd[2]
	}
	wd, ok := m.ctl.(Watchdogger)
	if !ok {
		m.fail(r, h, line, errNotSupported("watchdog"))
		return
	}
	if err := wd.Watchdog(ctx, name, cmd[0] == "announce"); err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// operationalCommand answers "announce operational": ExaBGP 4.2 answers
// done without doing anything for unknown message types.
func (m *Manager) operationalCommand(ctx context.Context, h *helper, line string, descs []description, cmd []string, r reply) {
	kind := ""
	if len(cmd) > 2 {
		kind = strings.ToLower(cmd[2])
	}
	switch kind {
	case "asm", "adm", "rpcq", "rpcp", "apcq", "apcp", "lpcq", "lpcp":
		m.sendOperational(ctx, h, line, descs, cmd, r)
	default:
		m.done(r)
	}
}

// daemonCommand runs shutdown, reload and restart.
func (m *Manager) daemonCommand(what string, r reply) {
	r.text(what + " in progress")
	m.done(r)
	var hook func()
	switch what {
	case "shutdown":
		hook = m.opts.Shutdown
	case "reload":
		hook = m.opts.Reload
	case "restart":
		hook = m.opts.Restart
	}
	if hook != nil {
		hook()
	}
}

// ackCommand runs ExaBGP 5.0's per-helper ack switch: "enable-ack" turns
// the answers on (and is answered), "disable-ack" is answered and then
// turns them off, "silence-ack" turns them off at once, unanswered. On the
// control channel they only answer.
func (m *Manager) ackCommand(cmd string, r reply) {
	q, ok := r.(*procReply)
	if !ok {
		m.done(r)
		return
	}
	switch cmd {
	case "enable-ack":
		q.ack.Store(ackOn)
		m.done(r)
	case "disable-ack":
		r.text(answerDone) // answered even when acks were off
		q.ack.Store(ackOff)
	case "silence-ack":
		q.ack.Store(ackOff)
	}
}
