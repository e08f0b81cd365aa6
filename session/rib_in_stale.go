package session

import "github.com/exago/exago/codec"

// Stale routes of the adj-RIB-in: after a graceful restart of the peer
// (RFC 4724 section 4.2: the receiving speaker "MUST retain the routes
// received from the Restarting Speaker ... mark them as stale" and, on
// End-of-RIB, "remove all the stale routes from the peer that are still
// marked as stale") and during an enhanced route refresh from the peer
// (RFC 7313 section 4: on BoRR "mark all the routes ... as stale", on
// EoRR "purge the stale routes"). A route announced again is fresh. The
// mark is the entry's gen field, unused otherwise in the adj-RIB-in.

const staleMark = 1

// markStale marks every route of the families fs (every family when fs
// is empty) stale.
func (r *adjRIBIn) markStale(fs ...codec.Family) {
	var keys []nlriKey
	r.routes.each(func(k nlriKey, e ribEntry) {
		if len(fs) == 0 || containsFamily(fs, keyFamily(k)) {
			keys = append(keys, k)
		}
	})
	for _, k := range keys {
		e, _ := get(&r.routes, k)
		e.seq = staleMark
		set(&r.routes, k, e)
	}
}

// sweepStale drops the routes of family f still marked stale.
func (r *adjRIBIn) sweepStale(f codec.Family) {
	var keys []nlriKey
	r.routes.each(func(k nlriKey, e ribEntry) {
		if e.seq == staleMark && keyFamily(k) == f {
			keys = append(keys, k)
		}
	})
	for _, k := range keys {
		e, _ := get(&r.routes, k)
		del(&r.routes, k)
		r.attrs.unref(e.attr)
	}
	r.size.Add(-int64(len(keys)))
}

func containsFamily(fs []codec.Family, f codec.Family) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}
