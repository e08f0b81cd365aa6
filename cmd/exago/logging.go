package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/exago/exago/config"
)

// logLevel maps ExaBGP's syslog-style level names to slog levels.
func logLevel(name string) slog.Level {
	switch strings.ToUpper(strings.TrimPrefix(strings.ToUpper(name), "LOG_")) {
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

// newLogger builds the daemon's logger from log.enable, log.level and
// log.destination ("stdout", "stderr", "syslog" or a file name). It returns
// a closer for a log file.
func newLogger(env config.Env, stdout, stderr io.Writer) (*slog.Logger, func() error, error) {
	noop := func() error { return nil }
	if !env.LogEnable {
		return slog.New(slog.DiscardHandler), noop, nil
	}
	var w io.Writer
	closer := noop
	switch dest := env.LogDestination; dest {
	case "", "stdout":
		w = stdout
	case "stderr", "syslog":
		// syslog is not wired yet: stderr keeps the lines visible to
		// systemd's journal, which is where most deployments read them.
		w = stderr
	default:
		if strings.HasPrefix(dest, "host:") {
			w = stderr
			break
		}
		f, err := os.OpenFile(dest, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, noop, &exitError{code: 1, err: fmt.Errorf("log destination %q: %w", dest, err)}
		}
		w, closer = f, f.Close
	}
	h := slog.NewTextHandler(w, &slog.HandlerOptions{Level: logLevel(env.LogLevel)})
	return slog.New(h), closer, nil
}
