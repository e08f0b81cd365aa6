package session

import (
	"context"
	"time"

	"github.com/exago/exago/codec"
)

// established runs an up session: it sends the adj-RIB-out and End-of-RIB,
// keeps the session alive, and sends changes as requests bring them.
func (p *peer) established(ctx context.Context) (state, error) {
	p.next = 0 // a session came up: reconnect at once next time
	p.env = sessionEnv{opts: p.ng.send, localAS: p.n.LocalAS, peerAS: p.ng.peerAS, local: p.conn.local, gen: p.r.env.Generation}
	p.rib.self = p.conn.local
	// what a previous session left: with graceful restart the routes
	// stay, stale, until the End-of-RIB of their family (RFC 4724); else
	// they go (the peer sends its table again)
	if p.ng.graceful {
		p.ribIn.markStale()
		p.staleSessionUp(p.ng.peerGR)
	} else {
		p.ribIn.clear()
		p.staleStop()
		p.gr.restarting = false
	}
	fams := make(map[codec.Family]bool, len(p.ng.families))
	for _, f := range p.ng.families {
		fams[f] = true
	}
	p.pk = packer{
		env:       &p.env,
		attrs:     p.rib.attrs,
		grouped:   p.n.GroupUpdates,
		families:  fams,
		wdFirst:   p.r.env.Generation.WithdrawalsFirst,
		bareWd:    p.r.env.Generation.BareMPWithdrawals,
		flush:     p.conn.send,
		count:     &p.status.sent,
		announced: &p.status.prefixesAnnounced,
		withdrawn: &p.status.prefixesWithdrawn,
		outCap:    batchSize + 4096,
	}
	if p.r.obs != nil && p.wantsSent() {
		p.pk.sent = p.observeSent
	}
	p.observeFSM("ESTABLISHED")
	p.log.Info("peer up", "families", len(p.ng.families), "hold", p.ng.hold)
	p.observeState(StateUp, "")

	// the whole adj-RIB-out, without withdrawals, then End-of-RIB. They go
	// out after one batch delay: like ExaBGP, which reads before it
	// writes, we first report what the peer sent right after its OPEN.
	p.rib.resendAll()
	initial := true

	var holdC, kaC <-chan time.Time
	holdTime := time.Duration(p.ng.hold) * time.Second
	var hold *time.Timer
	if p.ng.hold > 0 {
		p.conn.writeTimeout.Store(int64(holdTime))
		hold = time.NewTimer(holdTime)
		defer hold.Stop()
		holdC = hold.C
		// whole seconds, as ExaBGP
		ka := time.NewTicker(max(time.Duration(p.ng.hold/3)*time.Second, time.Second))
		defer ka.Stop()
		kaC = ka.C
	}
	batch := time.NewTimer(flushDelay)
	defer batch.Stop()
	armed, armedAt := true, time.Now()
	for {
		select {
		case <-ctx.Done():
			return stateStopped, ctx.Err()
		case req := <-p.reqs:
			if req.op == opSync && !initial {
				// pack now what waits for the batch delay
				armed = false
				err := p.flushAll(false)
				req.done <- nil
				if err != nil {
					return stateIdle, err
				}
				continue
			}
			if err := p.onRequest(req); err != nil {
				if p.ng.graceful {
					// ExaBGP closes without a NOTIFICATION when graceful
					// restart was negotiated
					return stateIdle, errGracefulClose
				}
				return stateIdle, err
			}
			// changes arriving together go out together, as ExaBGP sends
			// what its API queued between two runs of its loop. While
			// they keep arriving the batch grows (the delay starts
			// again), so that UPDATEs leave full: it is packed once the
			// senders pause, once it fills many messages, or at the
			// latest maxFlushDelay after its first change.
			switch {
			case p.rib.pending >= flushPending && !initial:
				// the routes of a last, partial, UPDATE wait for more
				if err := p.flushCarry(len(p.pendingEOR) == 0); err != nil {
					return stateIdle, err
				}
				if p.rib.hasPending() && !armed {
					batch.Reset(flushDelay)
					armed, armedAt = true, time.Now()
				}
			case !armed && (p.rib.hasPending() || len(p.pendingEOR) > 0):
				batch.Reset(flushDelay)
				armed, armedAt = true, time.Now()
			case armed && !initial && time.Since(armedAt) < maxFlushDelay-flushDelay:
				batch.Reset(flushDelay)
			}
		case <-batch.C:
			armed = false
			// a large batch keeps its last UPDATE back for the routes
			// still coming, unless an End-of-RIB must follow it
			if err := p.flushCarry(!initial && len(p.pendingEOR) == 0); err != nil {
				return stateIdle, err
			}
			if p.rib.hasPending() {
				batch.Reset(flushDelay)
				armed, armedAt = true, time.Now()
			}
			if initial {
				initial = false
				if !p.n.ManualEOR {
					for _, f := range p.ng.families {
						if err := p.pk.eor(f); err != nil {
							return stateIdle, err
						}
					}
				}
			}
			if err := p.sendEORs(); err != nil {
				return stateIdle, err
			}
		case nc := <-p.incoming:
			p.reject(nc, "could not accept the connection, already established")
		case <-p.conn.ctx.Done():
			return stateIdle, context.Cause(p.conn.ctx)
		case <-holdC:
			// Event 10: HoldTimer_Expires
			return stateIdle, holdExpired()
		case <-kaC:
			// Event 11: KeepaliveTimer_Expires
			if err := p.sendMessage(appendKeepalive(nil)); err != nil {
				return stateIdle, err
			}
		case in := <-p.conn.in:
			if hold != nil {
				hold.Reset(holdTime)
			}
			t, err := p.onMessage(in)
			if err != nil {
				return stateIdle, err
			}
			switch t {
			case codec.MsgUpdate:
				// Event 27: UpdateMsg
				p.status.received.Add(1)
			case codec.MsgKeepalive:
				// Event 26: KeepAliveMsg
			case codec.MsgOperational:
				// reported to the helpers (receive), nothing else
			case codec.MsgNotification:
				// Event 25: NotifMsg
				return stateIdle, receivedNotif(in.raw)
			case codec.MsgRouteRefresh:
				if err := p.onRefresh(in.raw); err != nil {
					return stateIdle, err
				}
			default:
				// Event 19/20: an OPEN in Established
				return stateIdle, notification{code: notifFSM, subcode: 3}
			}
		}
	}
}

// flushDelay is how long changes wait for more changes before they are
// packed; maxFlushDelay bounds the wait of a change while others keep
// arriving, and flushPending is the number of pending changes packed
// without waiting (enough for ten full 64 KiB UPDATEs of /32s, so that
// the last, partial, UPDATE of a batch matters little).
const (
	flushDelay    = 5 * time.Millisecond
	maxFlushDelay = 100 * time.Millisecond
	flushPending  = 128 << 10
)

// flush packs and queues the pending changes of the adj-RIB-out. As in
// ExaBGP, the first batch of a session carries no withdrawals.
func (p *peer) flush() error { return p.flushCarry(false) }

// flushCarry is flush; with carry, the routes of an IPv4 group's last
// UPDATE, unless it is full, stay pending (see packer.carry). Routes sent
// again by "flush adj-rib out" to a neighbor with route-refresh go between
// BoRR and EoRR markers, all of them (no carry).
func (p *peer) flushCarry(carry bool) error {
	rr := p.refreshing
	p.refreshing = nil
	if err := p.refreshMarkers(rr, codec.RefreshBegin); err != nil {
		return err
	}
	if p.rib.hasPending() {
		gs := p.rib.takePending()
		p.pk.carry = carry && len(rr) == 0
		err := p.pk.pack(gs, p.sentOnce)
		p.pk.carry = false
		p.sentOnce = true
		for _, c := range p.pk.tail {
			p.rib.requeue(c)
		}
		clear(p.pk.tail)
		p.pk.tail = p.pk.tail[:0]
		p.rib.release(gs)
		if err != nil {
			return notification{code: notifCease, text: err.Error()}
		}
	}
	return p.refreshMarkers(rr, codec.RefreshEnd)
}

// refreshMarkers sends a ROUTE-REFRESH of subtype for each family of fs
// (the BoRR/EoRR of RFC 7313).
func (p *peer) refreshMarkers(fs []codec.Family, subtype uint8) error {
	if len(fs) == 0 {
		return nil
	}
	for _, f := range fs {
		if err := p.pk.message(codec.RouteRefresh{Family: f, Subtype: subtype}); err != nil {
			return err
		}
	}
	return p.pk.done()
}

// flushAll packs the pending changes, the End-of-RIB markers of the first
// batch (initial) unless manual-eor, and those the API asked for.
func (p *peer) flushAll(initial bool) error {
	if err := p.flush(); err != nil {
		return err
	}
	if initial && !p.n.ManualEOR {
		for _, f := range p.ng.families {
			if err := p.pk.eor(f); err != nil {
				return err
			}
		}
	}
	return p.sendEORs()
}

// sendEORs sends the End-of-RIB markers the API asked for.
func (p *peer) sendEORs() error {
	for _, fs := range p.pendingEOR {
		if len(fs) == 0 {
			fs = p.ng.families
		}
		for _, f := range fs {
			if err := p.pk.eor(f); err != nil {
				return err
			}
		}
	}
	p.pendingEOR = p.pendingEOR[:0]
	return p.pk.done()
}
