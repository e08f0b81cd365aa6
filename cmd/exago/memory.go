package main

import (
	"runtime/debug"

	"github.com/exago/exago/config"
)

// settle collects the garbage once, at the two points where a large
// configuration leaves most of it at once: after it was parsed (the file
// and the syntax tree go, the model stays) and after the adj-RIB-outs were
// built from it (the model's routes go, see session.New). The collector's
// next goal is then set from the heap actually live rather than from the
// peak of parsing, which would otherwise let the heap grow to about twice
// that peak while the adj-RIB-outs are built (1,000 neighbors x 1,000
// routes: 168 MB live while parsing, 289 MB of heap before the next
// collection, against 124 MB live once parsed). It costs one collection
// (tens of milliseconds for a million routes) per load or reload and is
// skipped for small configurations.
func settle(routes int) {
	if routes >= settleRoutes {
		// a collection, and the pages it freed given back to the
		// system at once rather than by the background scavenger
		debug.FreeOSMemory()
	}
}

// settleRoutes is the number of configured routes from which settle
// collects.
const settleRoutes = 10_000

// configuredRoutes counts the static routes of cfg's neighbors.
func configuredRoutes(cfg *config.Config) int {
	n := 0
	for _, nb := range cfg.Neighbors {
		n += len(nb.Routes)
	}
	return n
}
