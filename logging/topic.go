package logging

import (
	"context"
	"log/slog"
)

// TopicKey is the attribute key naming a record's topic.
const TopicKey = "topic"

// Topics, named after ExaBGP's log.* switches.
const (
	TopicReactor       = "reactor"       // signals, reloads, listeners
	TopicDaemon        = "daemon"        // pid file, start and stop
	TopicProcesses     = "processes"     // helper processes
	TopicConfiguration = "configuration" // configuration loading
	TopicNetwork       = "network"       // TCP and session state
	TopicPackets       = "packets"       // BGP messages sent and received
	TopicMessage       = "message"       // route changes on reload
	TopicRIB           = "rib"           // locally configured routes
	TopicTimers        = "timers"        // keepalives
	TopicRoutes        = "routes"        // received routes
	TopicParser        = "parser"        // message parsing details
)

// AllTopics lists every topic, in ExaBGP's order.
var AllTopics = []string{
	TopicReactor, TopicDaemon, TopicProcesses, TopicConfiguration, TopicNetwork,
	TopicPackets, TopicMessage, TopicRIB, TopicTimers, TopicRoutes, TopicParser,
}

// topicHandler drops records below the level or of a topic switched off,
// and passes the others to next.
type topicHandler struct {
	next  slog.Handler
	level slog.Level
	on    map[string]bool // read-only once built
	// topic is the topic set or implied by the logger's attributes, ""
	// when none is.
	topic string
	// explicit is set when topic comes from a "topic" attribute, which
	// wins over the implied ones.
	explicit bool
}

func (h *topicHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.next.Enabled(ctx, l)
}

func (h *topicHandler) Handle(ctx context.Context, r slog.Record) error {
	topic := h.topic
	if !h.explicit {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == TopicKey {
				topic = a.Value.String()
				return false
			}
			return true
		})
	}
	if topic == "" {
		topic = TopicReactor
	}
	if on, known := h.on[topic]; known && !on {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h *topicHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	for _, a := range attrs {
		switch {
		case a.Key == TopicKey:
			c.topic, c.explicit = a.Value.String(), true
		case c.explicit:
		case a.Key == "process":
			c.topic = TopicProcesses
		case a.Key == "peer" && c.topic == "":
			c.topic = TopicNetwork
		}
	}
	c.next = h.next.WithAttrs(attrs)
	return &c
}

func (h *topicHandler) WithGroup(name string) slog.Handler {
	c := *h
	c.next = h.next.WithGroup(name)
	return &c
}
