package session

import (
	"bytes"
	"context"
	"io"
	"net"
	"slices"
	"time"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// Multi-session split (exago.bgp.multisession = split).
//
// ExaBGP 4.2 opens one session for a multi-session neighbor, whatever its
// families (docs/multisession.md). With Env.MultiSessionSplit, a neighbor
// with multi-session and more than one family runs one peer per family,
// as draft-ietf-idr-bgp-multisession and Cisco's multisession mean it: each
// peer is a copy of the neighbor restricted to its family (its OPEN lists
// that family and capability 68, its static routes are those of the
// family), with its own TCP connection, FSM, collision detection,
// adj-RIB-out and adj-RIB-in. The peers share the neighbor's address, so
// API commands naming the neighbor reach each of them, and each keeps
// only the routes and End-of-RIBs of its family. An incoming connection
// from that address is given to a peer once the connection's OPEN names
// the peer's family.

// peerSpec is one peer to run for a configured neighbor: the neighbor (a
// per-family copy when split) and the family it is split on (zero when
// not split).
type peerSpec struct {
	n      *config.Neighbor
	family codec.Family
	// origin is the configured neighbor n was copied from.
	origin *config.Neighbor
}

// splits reports whether n runs one session per family.
func (r *Reactor) splits(n *config.Neighbor) bool {
	return r.env.MultiSessionSplit && n.Capabilities.MultiSession && len(neighborFamilies(n)) > 1 &&
		len(n.Families) > 1
}

// peerSpecs are the peers to run for n: n itself, or one per family when
// it splits (in the order of neighborFamilies).
func (r *Reactor) peerSpecs(n *config.Neighbor) []peerSpec {
	if !r.splits(n) {
		return []peerSpec{{n: n}}
	}
	fams := neighborFamilies(n)
	out := make([]peerSpec, 0, len(fams))
	for _, f := range fams {
		c := *n
		c.Families = []codec.Family{f}
		c.Routes = nil
		for _, rt := range n.Routes {
			if routeFamily(&rt, fams[0]) == f {
				c.Routes = append(c.Routes, rt)
			}
		}
		out = append(out, peerSpec{n: &c, family: f, origin: n})
	}
	// the routes live on in the per-family copies (and then in their
	// adj-RIB-outs, see newPeer): the configured neighbor drops them too
	n.Routes = nil
	return out
}

// routeFamily is rt's family, def when it has no NLRI.
func routeFamily(rt *config.Route, def codec.Family) codec.Family {
	if rt.NLRI == nil {
		return def
	}
	return rt.NLRI.Family()
}

// newPeers builds the peers of n (see peerSpecs).
func (r *Reactor) newPeers(n *config.Neighbor) []*peer {
	var out []*peer
	for _, s := range r.peerSpecs(n) {
		out = append(out, newSplitPeer(r, s))
	}
	return out
}

// newSplitPeer builds the peer of s.
func newSplitPeer(r *Reactor, s peerSpec) *peer {
	p := newPeer(r, s.n)
	if s.family != (codec.Family{}) {
		p.family = s.family
		p.origin.Store(s.origin)
		p.log = p.log.With("family", s.family.AFI.String()+" "+s.family.SAFI.String())
	}
	return p
}

// isSplit reports whether p is one family's session of a split neighbor.
func (p *peer) isSplit() bool { return p.family != (codec.Family{}) }

// owns reports whether rt goes to p: every route when p is not split,
// else the routes of its family.
func (p *peer) owns(rt *config.Route) bool {
	return !p.isSplit() || rt.NLRI == nil || rt.NLRI.Family() == p.family
}

// ownFamilies restricts fs, families of a request, to p's family: nil
// when p is split and fs (non-empty) does not list it. ok is false then.
func (p *peer) ownFamilies(fs []codec.Family) ([]codec.Family, bool) {
	if !p.isSplit() || len(fs) == 0 {
		return fs, true
	}
	if slices.Contains(fs, p.family) {
		return []codec.Family{p.family}, true
	}
	return nil, false
}

// keyOfPeer is the key Reload matches p by: its neighbor's addresses and
// the family it is split on.
func keyOfPeer(p *peer) neighborKey {
	k := keyOf(p.neighbor())
	k.family = p.family
	return k
}

// candidates are the peers an incoming connection may belong to: those
// whose neighbor matches its addresses (several for a split neighbor).
func (r *Reactor) candidates(nc net.Conn) []*peer {
	ra, ok1 := nc.RemoteAddr().(*net.TCPAddr)
	la, ok2 := nc.LocalAddr().(*net.TCPAddr)
	if !ok1 || !ok2 {
		return nil
	}
	remote, local := ra.AddrPort().Addr().Unmap(), la.AddrPort().Addr().Unmap()
	var out []*peer
	for _, p := range r.peerList() {
		n := p.neighbor()
		if n.PeerAddress != remote {
			continue
		}
		if n.LocalAddress.IsValid() && n.LocalAddress != local {
			continue
		}
		out = append(out, p)
	}
	return out
}

// dispatchByOpen reads the OPEN of nc, a connection from a split neighbor,
// and hands nc (the OPEN still to read) to the peer of the family the OPEN
// lists. An OPEN listing none of the peers' families alone goes to the
// peer of the first family it lists, else to the first peer, whose
// negotiation refuses it (2/8). A connection whose OPEN does not come in
// bgp.openwait (60 s) is closed.
func (r *Reactor) dispatchByOpen(ctx context.Context, nc net.Conn, peers []*peer) {
	stop := context.AfterFunc(ctx, func() { _ = nc.Close() })
	wait := 60 * time.Second
	if r.env.BGPOpenWait > 0 {
		wait = time.Duration(r.env.BGPOpenWait) * time.Second
	}
	_ = nc.SetReadDeadline(time.Now().Add(wait))
	raw, err := codec.ReadMessage(nc, nil, codec.Options{})
	_ = nc.SetReadDeadline(time.Time{})
	if !stop() {
		return // closed by ctx
	}
	if err != nil {
		r.log.Info("connection refused, no OPEN to pick a family's session", "remote", nc.RemoteAddr().String(),
			"error", err)
		_ = nc.Close()
		return
	}
	raw = bytes.Clone(raw)
	p := pickByOpen(raw, peers)
	p.log.Debug("incoming connection given to the session of its family", "remote", nc.RemoteAddr().String())
	r.handOver(p, &replayConn{Conn: nc, pre: raw})
}

// pickByOpen chooses among peers (split on families) the one raw, a
// message read from the connection, belongs to.
func pickByOpen(raw []byte, peers []*peer) *peer {
	var fams []codec.Family
	if len(raw) > codec.HeaderLen && raw[18] == byte(codec.MsgOpen) {
		if o, err := codec.DecodeOpenAnyHoldTime(raw[codec.HeaderLen:]); err == nil {
			for _, c := range o.Capabilities {
				if mp, ok := c.(codec.CapMultiprotocol); ok {
					fams = append(fams, codec.Family(mp))
				}
			}
		}
	}
	if len(fams) == 1 {
		for _, p := range peers {
			if p.family == fams[0] {
				return p
			}
		}
	}
	for _, f := range fams {
		for _, p := range peers {
			if p.family == f {
				return p
			}
		}
	}
	return peers[0]
}

// replayConn is a connection whose first bytes, read already, are read
// again: the OPEN read to pick the session.
type replayConn struct {
	net.Conn
	pre []byte
}

func (c *replayConn) Read(b []byte) (int, error) {
	if len(c.pre) > 0 {
		n := copy(b, c.pre)
		c.pre = c.pre[n:]
		return n, nil
	}
	return c.Conn.Read(b)
}

var _ io.Reader = (*replayConn)(nil)

// splitStatus is the status of a split neighbor from those of its
// per-family peers: established when every one is (else the state of the
// first one that is not), up for as long as the most recent one, the
// UPDATEs of all.
func splitStatus(peers []*peer) NeighborStatus {
	var out NeighborStatus
	for i, p := range peers {
		st := p.neighborStatus()
		if i == 0 || st.Up < out.Up {
			out.Up = st.Up
		}
		if out.State == "" && st.State != stateEstablished.String() {
			out.State = st.State
		}
		out.UpdatesSent += st.UpdatesSent
		out.UpdatesReceived += st.UpdatesReceived
	}
	if out.State == "" {
		out.State = stateEstablished.String()
	}
	return out
}
