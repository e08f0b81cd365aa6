package config

import "time"

// Env holds ExaBGP's environment settings (exabgp.env INI file and
// exabgp.section.option / exabgp_section_option variables) that exago uses.
type Env struct {
	TCPPort     uint16   // tcp.port, default 179: port to connect to and to listen on
	TCPBind     []string // tcp.bind: listen addresses; empty = do not listen
	TCPOnce     bool     // tcp.once: one session per neighbor, then exit
	TCPAttempts int      // tcp.attempts (5.0; also tcp.connections): 0 = forever
	TCPDelay    int      // tcp.delay: minutes to wait before announcing

	APIAck       bool   // api.ack, default true
	APIEncoder   string // api.encoder, default "json"
	APICLI       bool   // api.cli, default true
	APIRespawn   bool   // api.respawn, default true
	APITerminate bool   // api.terminate
	APICompact   bool   // api.compact
	APIPipeName  string // api.pipename, default "exabgp"

	LogEnable      bool   // log.enable
	LogLevel       string // log.level, default "INFO"
	LogDestination string // log.destination, default "stdout"
	LogAll         bool   // log.all

	LogShort   bool // log.short
	LogPackets bool // log.packets

	DaemonUser string // daemon.user (accepted)
	DaemonPID  string // daemon.pid: file to write the pid to, "" = none
	Debug      bool   // set by -d

	BGPOpenWait int // bgp.openwait, default 60: seconds to wait for OPEN
	// GRStaleTime bounds how long the stale routes of a peer that
	// restarted (graceful restart) stay once its session is back without
	// its End-of-RIB: exago.bgp.staletime; 0 for the session package's
	// default (360 s).
	GRStaleTime time.Duration
	// MultiSessionSplit is exago.bgp.multisession = split: a neighbor with
	// multi-session and N families runs N sessions, one per family
	// (draft-ietf-idr-bgp-multisession), instead of ExaBGP 4.2's one.
	MultiSessionSplit bool
	APIChunk          int // api.chunk, default 1

	// MetricsAddress is exago.metrics.address: where the Prometheus
	// endpoint listens, "" for no endpoint.
	MetricsAddress string
	// APISocketName and APISocketPath are ExaBGP 5's api.socketname
	// (default "exabgp": the control socket is NAME.sock) and
	// api.socketpath (a full path that overrides the search).
	APISocketName, APISocketPath string

	// extra holds exago's and ExaBGP 5's settings by full name
	// ("exago.metrics.address").
	extra map[string]string
	// Generation is the ExaBGP generation followed where 4.2 and 5.0
	// differ: exago.compat.generation, else the exabgp_version hint, else 4.2.
	Generation Generation
	// Version is exabgp_version as given ("" when unset): the version
	// string 5.0 reports (software-version capability).
	Version string

	// values holds every setting of ExaBGP 4.2's table ("tcp.port" ->
	// "179") in canonical form; nil for an Env built by hand (Settings then
	// reports the defaults).
	values map[string]string

	// Unknown lists settings that were given but are not known, as
	// "section.option", for warnings.
	Unknown []string
}
