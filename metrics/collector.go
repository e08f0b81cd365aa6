package metrics

import (
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/exago/exago/api"
	"github.com/exago/exago/codec"
	"github.com/exago/exago/session"
)

// PeerSource gives the neighbors' snapshots (*session.Reactor).
type PeerSource interface {
	Stats() []session.PeerStats
}

// HelperSource gives the helper processes' snapshots (*api.Manager).
type HelperSource interface {
	HelperStats() []api.HelperStats
}

// states are the FSM state names, one series each per neighbor.
var states = []string{"idle", "connect", "active", "opensent", "openconfirm", "established"}

// messageTypes names the counted message types by code.
var messageTypes = [...]string{"other", "open", "update", "notification", "keepalive", "route_refresh"}

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc("exago_"+name, help, labels, nil)
}

var (
	descNeighborInfo  = desc("neighbor_info", "Configured neighbor (value 1).", "peer", "peer_as", "local_address", "description")
	descState         = desc("neighbor_state", "FSM state of the neighbor's session: 1 for the current state.", "peer", "state")
	descUp            = desc("neighbor_up", "1 when the session is established.", "peer")
	descUptime        = desc("neighbor_uptime_seconds", "How long the session has been established, 0 when down.", "peer")
	descMsgIn         = desc("neighbor_messages_received_total", "BGP messages received, by type.", "peer", "type")
	descMsgOut        = desc("neighbor_messages_sent_total", "BGP messages sent, by type.", "peer", "type")
	descUpdatesSent   = desc("neighbor_updates_sent_total", "UPDATE messages sent (End-of-RIB markers included).", "peer")
	descPrefixesSent  = desc("neighbor_prefixes_sent_total", "NLRI sent in UPDATEs, by action (announce, withdraw).", "peer", "action")
	descRIBOut        = desc("neighbor_adj_rib_out_routes", "Routes in the adj-RIB-out (announced to the neighbor, or to be when it is up).", "peer")
	descRIBIn         = desc("neighbor_adj_rib_in_routes", "Routes in the adj-RIB-in (received from the neighbor); only for neighbors with adj-rib-in on.", "peer")
	descLastNotif     = desc("neighbor_last_notification_info", "Last NOTIFICATION sent or received (value 1).", "peer", "direction", "code", "subcode")
	descLastNotifTime = desc("neighbor_last_notification_timestamp_seconds", "When the last NOTIFICATION was sent or received, Unix time.", "peer", "direction")
	descHelperUp      = desc("helper_running", "1 while the helper process runs.", "process")
	descHelperCmds    = desc("helper_commands_total", "Command lines read from the helper, by result (done, error).", "process", "result")
	descHelperRestart = desc("helper_restarts_total", "Respawns of the helper after it ended.", "process")
	descHelperQueue   = desc("helper_queue_bytes", "Bytes waiting to be written to the helper's stdin.", "process")
	descBuild         = desc("build_info", "exago build (value 1).", "version", "goversion")
)

// collector turns the snapshots into metrics at each scrape.
type collector struct {
	version string

	mu      sync.Mutex
	sources []source
	next    int // id of the last source added
}

// source is one daemon's sessions and helpers; either may be nil.
type source struct {
	id      int
	peers   PeerSource
	helpers HelperSource
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descNeighborInfo, descState, descUp, descUptime, descMsgIn, descMsgOut,
		descUpdatesSent, descPrefixesSent, descRIBOut, descRIBIn, descLastNotif, descLastNotifTime,
		descHelperUp, descHelperCmds, descHelperRestart, descHelperQueue, descBuild} {
		ch <- d
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	sources := slices.Clone(c.sources)
	c.mu.Unlock()

	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	gauge(descBuild, 1, c.version, runtime.Version())
	seen := map[string]int{}
	for _, src := range sources {
		if src.peers == nil {
			continue
		}
		for _, s := range src.peers.Stats() {
			peer := s.PeerAddress.String()
			local := ""
			if s.LocalAddress.IsValid() {
				local = s.LocalAddress.String()
			}
			// the same peer twice (other local address, or two daemons):
			// its series need a label value of their own
			if seen[peer]++; seen[peer] > 1 {
				peer += "@" + local
				if seen[peer]++; seen[peer] > 1 {
					peer += "#" + strconv.Itoa(seen[peer])
				}
			}
			gauge(descNeighborInfo, 1, peer, strconv.FormatUint(uint64(s.PeerAS), 10), local, s.Description)
			for _, st := range states {
				gauge(descState, boolValue(st == s.State), peer, st)
			}
			gauge(descUp, boolValue(s.State == "established"), peer)
			gauge(descUptime, s.Up.Seconds(), peer)
			for i, name := range messageTypes {
				counter(descMsgIn, s.MessagesIn[i], peer, name)
				counter(descMsgOut, s.MessagesOut[i], peer, name)
			}
			counter(descUpdatesSent, s.MessagesOut[codec.MsgUpdate], peer)
			counter(descPrefixesSent, s.PrefixesAnnounced, peer, "announce")
			counter(descPrefixesSent, s.PrefixesWithdrawn, peer, "withdraw")
			gauge(descRIBOut, float64(s.RoutesOut), peer)
			// with adj-rib-in off exago does not know how many routes the
			// neighbor sent: no series rather than a 0 that would read as
			// "the neighbor sends nothing"
			if s.AdjRIBIn {
				gauge(descRIBIn, float64(s.RoutesIn), peer)
			}
			if n := s.LastNotification; n != nil {
				dir := "received"
				if n.Sent {
					dir = "sent"
				}
				gauge(descLastNotif, 1, peer, dir, strconv.Itoa(int(n.Code)), strconv.Itoa(int(n.Subcode)))
				gauge(descLastNotifTime, float64(n.At.UnixNano())/1e9, peer, dir)
			}
		}
	}
	for _, src := range sources {
		if src.helpers == nil {
			continue
		}
		for _, h := range src.helpers.HelperStats() {
			gauge(descHelperUp, boolValue(h.Running), h.Name)
			counter(descHelperCmds, h.Commands-min(h.Errors, h.Commands), h.Name, "done")
			counter(descHelperCmds, h.Errors, h.Name, "error")
			counter(descHelperRestart, h.Restarts, h.Name)
			gauge(descHelperQueue, float64(h.Queued), h.Name)
		}
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
