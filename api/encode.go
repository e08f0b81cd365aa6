package api

import (
	"os"
	"sync"
	"time"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// JSONVersion is the "exabgp" field of every JSON message: ExaBGP 4.2 prints
// its API version, not the program version.
const JSONVersion = "4.0.1"

// TextVersion is the text encoder's API version (ExaBGP 4.2 "text" API).
const TextVersion = "4.0.1"

// jsonVersion is the "exabgp" field of the generation followed.
func jsonVersion(g config.Generation) string {
	if g.JSONVersion != "" {
		return g.JSONVersion
	}
	return JSONVersion
}

// textVersion is the text API version of the generation followed.
func textVersion(g config.Generation) string {
	if g.TextVersion != "" {
		return g.TextVersion
	}
	return TextVersion
}

// Encoder turns session events into the lines a helper reads on its stdin
// (newline included). Encoders are safe for concurrent use.
type Encoder interface {
	// State reports a neighbor state change ("connected", "up", "down" with
	// a reason).
	State(n *config.Neighbor, p session.PeerInfo, s session.State, reason string) []byte
	// Message reports a message received or sent; raw is the whole wire
	// message, header included.
	Message(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) []byte
	// Consolidated is Message with the header and body in hex as well
	// (ExaBGP's "consolidate" together with "packets").
	Consolidated(n *config.Neighbor, p session.PeerInfo, dir session.Direction, msg codec.Message, raw []byte) []byte
	// Packets reports the raw message only (ExaBGP's "packets" without
	// "consolidate"); the type is read from raw's header.
	Packets(n *config.Neighbor, p session.PeerInfo, dir session.Direction, raw []byte) []byte
	// Shutdown is the message sent to helpers when the daemon stops.
	Shutdown() []byte
}

// EncoderOptions are the values an encoder stamps on every message.
type EncoderOptions struct {
	// Version is the "exabgp" field; empty means JSONVersion.
	Version string
	// Hostname is the "host" field; empty means os.Hostname.
	Hostname string
	// PID and PPID are the "pid" and "ppid" fields; zero means the
	// running process's.
	PID, PPID int
	// Now gives the "time" field; nil means time.Now.
	Now func() time.Time
	// Counter numbers the messages per neighbor. ExaBGP shares one counter
	// between all its encoders, so pass the same Counter to every encoder
	// of a daemon; nil gives the encoder its own.
	Counter *Counter
	// Negotiated gives the options the messages of a session are decoded
	// with in a direction (4-byte AS, add-path, extended next hop); nil
	// derives them from the neighbor's configuration.
	Negotiated func(n *config.Neighbor, p session.PeerInfo, dir session.Direction) codec.Options
	// Compact is exabgp.api.compact: inet NLRI printed as plain strings.
	Compact bool
}

// Counter numbers messages per neighbor, shared by all encoders of a
// daemon the way ExaBGP's JSON class counts per neighbor.
type Counter struct {
	mu sync.Mutex
	m  map[*config.Neighbor]uint64
}

// NewCounter returns a counter starting at zero for every neighbor.
func NewCounter() *Counter { return &Counter{m: map[*config.Neighbor]uint64{}} }

// Next increments and returns the count of n.
func (c *Counter) Next(n *config.Neighbor) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[n]++
	return c.m[n]
}

// withDefaults fills the zero fields of o.
func (o EncoderOptions) withDefaults() EncoderOptions {
	if o.Version == "" {
		o.Version = JSONVersion
	}
	if o.Hostname == "" {
		o.Hostname, _ = os.Hostname()
	}
	if o.PID == 0 {
		o.PID = os.Getpid()
	}
	if o.PPID == 0 {
		o.PPID = os.Getppid()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Counter == nil {
		o.Counter = NewCounter()
	}
	return o
}
