package logging

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"sync"
	"time"
)

// facilityUser is the syslog facility ExaBGP logs with (Python's
// SysLogHandler default, LOG_USER).
const facilityUser = 1

// DefaultSyslogSocket is the local syslog socket.
const DefaultSyslogSocket = "/dev/log"

// DefaultSyslogPort is the UDP port of a remote syslog server.
const DefaultSyslogPort = "514"

// severity maps a slog level to a syslog severity (RFC 5424 6.2.1).
func severity(l slog.Level) int {
	switch {
	case l >= slog.LevelError:
		return 3 // err
	case l >= slog.LevelWarn:
		return 4 // warning
	case l >= slog.LevelInfo:
		return 6 // info
	}
	return 7 // debug
}

// syslogConn sends one datagram per record, in the BSD syslog format of
// RFC 3164: "<PRI>Mmm dd hh:mm:ss [HOSTNAME ]TAG[PID]: MESSAGE". The
// hostname is left out on the local socket, as syslog(3) does.
type syslogConn struct {
	network, address string
	hostname         string // "" on the local socket
	tag              string
	pid              int
	now              func() time.Time

	mu   sync.Mutex
	conn net.Conn
	sev  int // severity of the record being written, under mu
	buf  bytes.Buffer
}

func dialSyslog(network, address, hostname, tag string) (*syslogConn, error) {
	s := &syslogConn{network: network, address: address, hostname: hostname, tag: tag, pid: os.Getpid(), now: time.Now}
	c, err := net.Dial(network, address)
	if err != nil {
		return nil, fmt.Errorf("syslog %s %s: %w", network, address, err)
	}
	s.conn = c
	return s, nil
}

// Write sends p, one formatted record, with the current severity. A failed
// send is tried once more on a new connection (syslogd restarted); after
// that the record is lost, as logging must not stop the daemon.
func (s *syslogConn) Write(p []byte) (int, error) {
	s.buf.Reset()
	fmt.Fprintf(&s.buf, "<%d>%s ", facilityUser*8+s.sev, s.now().Format(time.Stamp))
	if s.hostname != "" {
		s.buf.WriteString(s.hostname)
		s.buf.WriteByte(' ')
	}
	s.buf.WriteString(s.tag)
	s.buf.WriteByte('[')
	s.buf.WriteString(strconv.Itoa(s.pid))
	s.buf.WriteString("]: ")
	s.buf.Write(bytes.TrimRight(p, "\n"))
	if _, err := s.conn.Write(s.buf.Bytes()); err != nil {
		c, derr := net.Dial(s.network, s.address)
		if derr != nil {
			return len(p), nil
		}
		s.conn.Close()
		s.conn = c
		_, _ = s.conn.Write(s.buf.Bytes())
	}
	return len(p), nil
}

func (s *syslogConn) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.Close()
}

// syslogHandler formats records with a text handler writing into the
// syslog connection; the connection's lock is held around each record so
// that the severity matches the record.
type syslogHandler struct {
	conn  *syslogConn
	inner slog.Handler
}

func newSyslogHandler(c *syslogConn, level slog.Level) *syslogHandler {
	return &syslogHandler{conn: c, inner: slog.NewTextHandler(c, &slog.HandlerOptions{
		Level:       level,
		ReplaceAttr: dropTimeLevel,
	})}
}

// dropTimeLevel removes the time and level of a record: the syslog header
// carries them.
func dropTimeLevel(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && (a.Key == slog.TimeKey || a.Key == slog.LevelKey) {
		return slog.Attr{}
	}
	return a
}

func (h *syslogHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *syslogHandler) Handle(ctx context.Context, r slog.Record) error {
	h.conn.mu.Lock()
	defer h.conn.mu.Unlock()
	h.conn.sev = severity(r.Level)
	return h.inner.Handle(ctx, r)
}

func (h *syslogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &syslogHandler{conn: h.conn, inner: h.inner.WithAttrs(attrs)}
}

func (h *syslogHandler) WithGroup(name string) slog.Handler {
	return &syslogHandler{conn: h.conn, inner: h.inner.WithGroup(name)}
}

// openLocalSyslog connects to the local syslog socket (datagram, then
// stream), falling back to UDP on localhost as ExaBGP does when the socket
// is missing.
func openLocalSyslog(path, tag string) (*syslogConn, error) {
	var errs []error
	for _, network := range []string{"unixgram", "unix"} {
		c, err := dialSyslog(network, path, "", tag)
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
	}
	if _, err := os.Stat(path); err == nil {
		return nil, errors.Join(errs...)
	}
	host, _ := os.Hostname()
	return dialSyslog("udp", net.JoinHostPort("localhost", DefaultSyslogPort), host, tag)
}

// openRemoteSyslog sends to a syslog server over UDP; hostport is "HOST"
// or "HOST:PORT" (an IPv6 address in brackets when a port is given).
func openRemoteSyslog(hostport, tag string) (*syslogConn, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, DefaultSyslogPort
	}
	if host == "" {
		return nil, fmt.Errorf("syslog host %q: no host", hostport)
	}
	name, _ := os.Hostname()
	return dialSyslog("udp", net.JoinHostPort(host, port), name, tag)
}
