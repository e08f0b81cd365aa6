package config

import (
	"net/netip"
	"time"

	"github.com/exago/exago/codec"
)

// Config is a whole configuration: every neighbor and process of the files
// that were loaded.
type Config struct {
	// Files are the configuration files the model was built from.
	Files []string
	// Processes by name, in configuration order.
	Processes []*Process
	// Neighbors in configuration order, templates already applied.
	Neighbors []*Neighbor
}

// Process is a helper program started by the daemon.
type Process struct {
	Name string
	// Run is the command line, as written after "run".
	Run string
	// Dir is the working directory: the folder of the configuration file.
	Dir string
	// Encoder is "text" or "json".
	Encoder string
	// Respawn restarts the helper when it exits (default true).
	Respawn bool
	Pos     Position
}

// Position is where something was read.
type Position struct {
	File   string
	Line   int
	Column int
}

// AddPathMode is the add-path direction configured for a family.
type AddPathMode uint8

// Add-path directions (RFC 7911 capability values).
const (
	AddPathNone    AddPathMode = 0
	AddPathReceive AddPathMode = 1
	AddPathSend    AddPathMode = 2
	AddPathBoth    AddPathMode = 3
)

// Capabilities are the optional capabilities a neighbor announces.
type Capabilities struct {
	ASN4            bool // default true
	RouteRefresh    bool
	GracefulRestart bool
	RestartTime     uint16 // 0: use the hold time
	AddPath         map[codec.Family]AddPathMode
	AddPathGlobal   AddPathMode // "add-path send/receive" at capability level
	ExtendedMessage bool
	MultiSession    bool
	Operational     bool
	AIGP            bool
	NextHop         map[codec.Family]codec.AFI // extended next hop (RFC 8950)
	SoftwareVersion bool
}

// API is one "api { ... }" block of a neighbor: which processes hear
// what happens on the session.
type API struct {
	Processes       []string
	NeighborChanges bool
	// Receive and Send select the message kinds sent to the processes
	// ("open", "update", "notification", "keepalive", "refresh",
	// "operational", "parsed", "packets", "consolidate").
	Receive []string
	Send    []string
}

// Neighbor is one BGP peer and everything configured for it.
type Neighbor struct {
	Description  string
	PeerAddress  netip.Addr
	LocalAddress netip.Addr // invalid: chosen by the kernel
	RouterID     netip.Addr // invalid: the local address
	LocalAS      uint32
	PeerAS       uint32
	HoldTime     uint16 // default 180
	Passive      bool
	Listen       uint16 // port to listen on, 0 = tcp.port
	Connect      uint16 // port to connect to, 0 = tcp.port
	GroupUpdates bool   // default true
	AutoFlush    bool   // default true
	AdjRIBOut    bool   // default true
	ManualEOR    bool
	MD5Password  string
	TTLSecurity  int
	Families     []codec.Family // empty: every family the routes use (ExaBGP default)
	Capabilities Capabilities
	APIs         []API
	// Routes are the static routes announced once the session is up.
	Routes []Route
	Pos    Position
}

// Route is one route to announce or withdraw: an NLRI with its next hop and
// path attributes. NEXT_HOP and MP_REACH/MP_UNREACH are not in Attributes;
// the session builds them from NextHop when it packs UPDATEs.
type Route struct {
	NLRI codec.NLRI
	// NextHop is the next hop; invalid with NextHopSelf set means "self".
	NextHop     netip.Addr
	NextHopSelf bool
	// Attributes are the other path attributes, in wire order.
	Attributes []codec.Attribute
	// Watchdog names the watchdog group the route belongs to ("" = none).
	Watchdog string
	// Withdrawn routes start withdrawn (the "withdraw" flag on a static
	// route, used with watchdogs).
	Withdrawn bool
}

// Durations of the defaults, for the session package.
const (
	DefaultHoldTime     = 180
	DefaultConnectRetry = 5 * time.Second
)
