package main

import (
	"encoding/hex"
	"io"
	"log/slog"
	"strings"

	"github.com/exago/exago/config"
	"github.com/exago/exago/logging"
)

// logOptions maps the log.* settings onto the logger's options.
func logOptions(env config.Env) logging.Options {
	o := logging.Options{
		Enable:      env.LogEnable,
		Level:       env.LogLevel,
		Destination: env.LogDestination,
		All:         env.LogAll,
		Short:       env.LogShort,
		Topics:      map[string]bool{},
	}
	for _, t := range logging.AllTopics {
		v, _ := env.Get("log." + t)
		o.Topics[t] = v == "true"
	}
	o.Topics[logging.TopicPackets] = env.LogPackets
	return o
}

// newLogger builds the daemon's logger from the log.* settings. It
// returns a closer for a log file or a syslog connection.
func newLogger(env config.Env, stdout, stderr io.Writer) (*slog.Logger, func() error, error) {
	log, closer, err := logging.New(logOptions(env), stdout, stderr)
	if err != nil {
		return nil, nil, &exitError{code: 1, err: err}
	}
	return log, closer.Close, nil
}

// packetLog is the logger of BGP messages when log.packets (or log.all)
// is on at level DEBUG, as ExaBGP's wire topic; nil otherwise.
func packetLog(env config.Env, log *slog.Logger) *slog.Logger {
	if !env.LogPackets && !env.LogAll || logging.Level(env.LogLevel) > slog.LevelDebug {
		return nil
	}
	return log.With(logging.TopicKey, logging.TopicPackets)
}

// logPacket logs one whole message as hex.
func logPacket(log *slog.Logger, peer string, dir string, raw []byte) {
	log.Debug(dir, "peer", peer, "hex", strings.ToUpper(hex.EncodeToString(raw)))
}
