// Package session runs BGP sessions: TCP connect and listen, the RFC 4271
// FSM per neighbor with its timers, the adj-RIB-out, UPDATE packing, and
// the Reactor that owns every neighbor.
//
// One goroutine owns each peer; a reader goroutine feeds it and writes go
// through a bounded queue. The outside world (the process API) learns about
// events through the Observer interface defined here and drives sessions
// through the Reactor's methods, each a request to the owning goroutine.
//
// session imports codec and config; it must not import api or cmd.
package session
