package api

import "github.com/exago/exago/session"

// The reactor is the Controller of the daemon, with every optional part.
var (
	_ Controller        = (*session.Reactor)(nil)
	_ EstablishedLister = (*session.Reactor)(nil)
	_ RouteRefresher    = (*session.Reactor)(nil)
	_ Teardowner        = (*session.Reactor)(nil)
	_ AdjRIBOutFlusher  = (*session.Reactor)(nil)
	_ AdjRIBOutLister   = (*session.Reactor)(nil)
	_ Watchdogger       = (*session.Reactor)(nil)
	_ StatusReporter    = (*session.Reactor)(nil)
	_ session.Observer  = (*Manager)(nil)
)
