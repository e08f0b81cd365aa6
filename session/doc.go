// Package session runs BGP sessions: TCP connect and listen (TTL and MD5
// socket options, transport_*.go), the RFC 4271 FSM per neighbor with its
// timers and collision detection (collision.go), the adj-RIB-in (rib_in*.go)
// and adj-RIB-out, UPDATE packing, route refresh (refresh.go), and the
// Reactor that owns every neighbor.
//
// One goroutine owns each peer (peer.go); a reader goroutine feeds it and
// writes go through a bounded queue (conn.go). Each FSM state is a method
// in its own file (fsm_idle.go ... fsm_established.go) returning the next
// state and why. The outside world (the process API) learns about events
// through the Observer interface defined here and drives sessions through
// the Reactor's methods (reactor.go, reactor_ops.go, reload.go), each a
// request to the owning goroutine answered on a per-call channel.
//
// What goes on the wire follows ExaBGP 4.2 byte for byte: the OPEN and its
// capabilities in ExaBGP's order (open.go), NOTIFICATION data as ExaBGP
// fills it (notification.go), and UPDATEs packed as its outgoing RIB does
// (rib.go, attrset.go, update.go): routes grouped by interned attribute
// set, IPv4 unicast NLRI sorted and split at the message size, one UPDATE
// per NLRI otherwise, default ORIGIN/AS_PATH/LOCAL_PREF added, withdrawals
// left out of the first batch of a session.
//
// Monitoring reads Reactor.Stats (stats.go): atomic counters of messages
// by type, prefixes sent, the adj-RIB-out size and the last NOTIFICATION,
// kept by the peers' goroutines with one atomic add each, never a lock.
//
// session imports codec and config; it must not import api or cmd.
package session
