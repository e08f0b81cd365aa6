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
	// Warnings are the constructs accepted for compatibility (ExaBGP 3.x
	// spellings, a stray "}"), in file order.
	Warnings []Warning
}

// Process is a helper program started by the daemon.
type Process struct {
	Name string
	// Run is the command line, as written after "run" (its words joined
	// by spaces, quoted again where a word holds a space or is empty).
	Run string
	// Args are the words after "run", quotes removed: the argv ExaBGP
	// hands to the kernel (no shell). A relative Args[0] is looked up by
	// the daemon (ExaBGP tries /etc/exabgp, Dir, then $PATH).
	Args []string
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
	RestartTime     uint16 // resolved: the hold time when none was given
	// AddPath is the add-path direction per family: the capability-level
	// mode applied to the families of the "add-path { }" block, or to every
	// negotiated family when there is no such block.
	AddPath         map[codec.Family]AddPathMode
	AddPathGlobal   AddPathMode // "add-path send/receive" at capability level
	ExtendedMessage bool        // default true (ExaBGP 4.2 announces it unless disabled)
	MultiSession    bool
	Operational     bool
	AIGP            bool
	// NextHop lists the families announced with another next-hop AFI
	// (RFC 8950), from the "nexthop { }" block once "capability { nexthop; }"
	// is on (or left unset: the block alone enables it). Families not
	// negotiated are left out, as ExaBGP does.
	NextHop         map[codec.Family]codec.AFI // extended next hop (RFC 8950)
	SoftwareVersion bool
}

// API is one "api { ... }" block of a neighbor: which processes hear
// what happens on the session.
type API struct {
	// Processes are the helpers' names; "processes-match [ REGEXP ]" (5.x)
	// adds every process whose name matches, in configuration order.
	Processes       []string
	NeighborChanges bool
	// Receive and Send select the message kinds sent to the processes
	// ("open", "update", "notification", "keepalive", "refresh",
	// "operational", "parsed", "packets", "consolidate").
	Receive []string
	Send    []string
	// Negotiated, FSM and Signal are the other per-process notifications
	// ExaBGP 4.2 accepts in an api block.
	Negotiated bool
	FSM        bool
	Signal     bool
	// Name is the api block's name ("api NAME { }"), "" when unnamed.
	Name string
	Pos  Position
}

// Neighbor is one BGP peer and everything configured for it.
type Neighbor struct {
	Description string
	PeerAddress netip.Addr
	// PeerRange is the peer-address range when one was given as a prefix
	// ("neighbor 10.0.0.0/24", passive neighbors only); invalid otherwise.
	PeerRange    netip.Prefix
	LocalAddress netip.Addr // invalid: "auto", chosen by the kernel
	RouterID     netip.Addr // default: the local address (IPv4 peers)
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
	MD5Base64    bool       // the password is base64 encoded
	MD5IP        netip.Addr // default: the local address
	TTLSecurity  int        // ttl-security (GTSM), 0 = off
	OutgoingTTL  int        // outgoing-ttl, 0 = unset
	IncomingTTL  int        // incoming-ttl, 0 = unset
	AdjRIBIn     bool       // adj-rib-in, default true as in ExaBGP 4.2
	RateLimit    int        // rate-limit in updates per second, 0 = off
	// HostName and DomainName are sent in the FQDN capability; empty
	// means the system's host name and domain (ExaBGP's default).
	HostName        string
	DomainName      string
	SourceInterface string // 5.x source-interface
	// Families are the families negotiated, sorted by (AFI, SAFI) as
	// ExaBGP does; without a family block every known family (ExaBGP 4.2:
	// AllFamilies).
	Families     []codec.Family
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
