package logging

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Options is what ExaBGP's log.* settings say.
type Options struct {
	// Enable is log.enable; false discards everything.
	Enable bool
	// Level is log.level, a syslog level name ("INFO", "LOG_DEBUG"...).
	Level string
	// Destination is log.destination: "stdout", "stderr", "syslog",
	// "host:HOST[:PORT]" or a file name.
	Destination string
	// All is log.all: every topic on.
	All bool
	// Short is log.short: no time (nor level on stdout) in front of lines.
	Short bool
	// Topics are the log.<topic> switches; topics not listed are on.
	Topics map[string]bool
	// SyslogSocket is the local syslog socket, DefaultSyslogSocket when
	// empty.
	SyslogSocket string
	// Tag names the program in syslog lines, "exago" when empty.
	Tag string
}

// Level maps ExaBGP's syslog-style level names to slog levels.
func Level(name string) slog.Level {
	switch strings.TrimPrefix(strings.ToUpper(name), "LOG_") {
	case "DEBUG":
		return slog.LevelDebug
	case "INFO", "NOTICE":
		return slog.LevelInfo
	case "WARNING", "WARN":
		return slog.LevelWarn
	case "ERR", "ERROR", "CRIT", "CRITICAL", "ALERT", "EMERG":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// New builds the logger o describes, writing to stdout or stderr for
// those destinations. The closer releases a file or a syslog connection.
// A destination that cannot be opened is an error.
func New(o Options, stdout, stderr io.Writer) (*slog.Logger, io.Closer, error) {
	if !o.Enable {
		return slog.New(slog.DiscardHandler), nopCloser{}, nil
	}
	level := Level(o.Level)
	tag := o.Tag
	if tag == "" {
		tag = "exago"
	}
	var base slog.Handler
	var closer io.Closer = nopCloser{}
	text := func(w io.Writer) slog.Handler {
		ho := &slog.HandlerOptions{Level: level}
		if o.Short {
			ho.ReplaceAttr = dropTime
		}
		return slog.NewTextHandler(w, ho)
	}
	switch dest := o.Destination; {
	case dest == "" || dest == "stdout":
		base = text(stdout)
	case dest == "stderr":
		base = text(stderr)
	case dest == "syslog":
		path := o.SyslogSocket
		if path == "" {
			path = DefaultSyslogSocket
		}
		c, err := openLocalSyslog(path, tag)
		if err != nil {
			return nil, nil, fmt.Errorf("log destination syslog: %w", err)
		}
		base, closer = newSyslogHandler(c, level), c
	case strings.HasPrefix(dest, "host:"):
		c, err := openRemoteSyslog(strings.TrimPrefix(dest, "host:"), tag)
		if err != nil {
			return nil, nil, fmt.Errorf("log destination %q: %w", dest, err)
		}
		base, closer = newSyslogHandler(c, level), c
	default:
		f, err := os.OpenFile(dest, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
		if err != nil {
			return nil, nil, fmt.Errorf("log destination %q: %w", dest, err)
		}
		base, closer = text(f), f
	}
	on := make(map[string]bool, len(AllTopics))
	for _, t := range AllTopics {
		v, set := o.Topics[t]
		on[t] = o.All || !set || v
	}
	return slog.New(&topicHandler{next: base, level: level, on: on}), closer, nil
}

// dropTime removes the time of records (log.short).
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
