package healthcheck

import (
	"fmt"
	"io"
	"log/slog"
	"log/syslog"
)

var facilities = map[string]syslog.Priority{
	"kern": syslog.LOG_KERN, "user": syslog.LOG_USER, "mail": syslog.LOG_MAIL, "daemon": syslog.LOG_DAEMON,
	"auth": syslog.LOG_AUTH, "syslog": syslog.LOG_SYSLOG, "lpr": syslog.LOG_LPR, "news": syslog.LOG_NEWS,
	"uucp": syslog.LOG_UUCP, "cron": syslog.LOG_CRON, "authpriv": syslog.LOG_AUTHPRIV, "ftp": syslog.LOG_FTP,
	"local0": syslog.LOG_LOCAL0, "local1": syslog.LOG_LOCAL1, "local2": syslog.LOG_LOCAL2,
	"local3": syslog.LOG_LOCAL3, "local4": syslog.LOG_LOCAL4, "local5": syslog.LOG_LOCAL5,
	"local6": syslog.LOG_LOCAL6, "local7": syslog.LOG_LOCAL7,
}

// facility maps a --syslog-facility name (any case) to its priority.
func facility(name string) (syslog.Priority, error) {
	p, ok := facilities[lower(name)]
	if !ok {
		return 0, fmt.Errorf("invalid --syslog-facility %q: not a syslog facility (daemon, user, local0 ... local7)", name)
	}
	return p, nil
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// NewLogger builds the logger ExaBGP's tool sets up: to syslog (tagged
// healthcheck or healthcheck-NAME) unless --no-syslog or --debug, and to
// stderr unless --silent when stderr is a terminal or syslog is off or
// unavailable. The closer releases the syslog connection.
func NewLogger(o *Options, stderr io.Writer, stderrTTY bool) (*slog.Logger, func()) {
	level := slog.LevelInfo
	if o.Debug {
		level = slog.LevelDebug
	}
	hopts := &slog.HandlerOptions{Level: level}
	var handlers []slog.Handler
	closer := func() {}
	syslogOn := !o.NoSyslog && !o.Debug
	if syslogOn {
		tag := "healthcheck"
		if o.Name != "" {
			tag += "-" + o.Name
		}
		p, _ := facility(o.SyslogFacility)
		if w, err := syslog.New(p|syslog.LOG_INFO, tag); err == nil {
			handlers = append(handlers, slog.NewTextHandler(w, hopts))
			closer = func() { w.Close() }
		} else {
			syslogOn = false
		}
	}
	if !o.Silent && (stderrTTY || !syslogOn) {
		handlers = append(handlers, slog.NewTextHandler(stderr, hopts))
	}
	if len(handlers) == 0 {
		return slog.New(slog.DiscardHandler), closer
	}
	return slog.New(slog.NewMultiHandler(handlers...)), closer
}
