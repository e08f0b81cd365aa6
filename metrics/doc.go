// Package metrics serves the daemon's figures in the Prometheus exposition
// format at /metrics, when exago.metrics.address is set: per neighbor the
// FSM state, uptime, messages by type, adj-RIB-out size, adj-RIB-in size
// (neighbors with adj-rib-in on), prefixes sent and the last NOTIFICATION;
// per helper process the commands done and failed, restarts and the bytes
// waiting on its stdin; the build.
//
// Nothing is counted here: at each scrape the collector reads the
// snapshots session.Reactor.Stats and api.Manager.HelperStats return, which
// are atomic counters the sessions and helpers keep anyway (the RIB sizes
// are counts kept on each insert and delete, not walks of the RIBs). The
// hot paths pay one atomic add per message and none for Prometheus.
//
// metrics imports session and api for their snapshot types; neither
// imports metrics.
package metrics
