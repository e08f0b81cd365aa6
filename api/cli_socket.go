package api

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// maxCLIClients bounds the control-socket connections served at once.
const maxCLIClients = 8

// FindCLISocket returns the first NAME.sock that is a Unix socket in
// folders (ExaBGP 5's search: the same folders as the named pipes), or
// explicit when set and a socket.
func FindCLISocket(folders []string, name, explicit string) (string, bool) {
	if explicit != "" {
		return explicit, isSocket(explicit)
	}
	for _, d := range folders {
		p := filepath.Join(d, name+".sock")
		if isSocket(p) {
			return p, true
		}
	}
	return "", false
}

func isSocket(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode()&os.ModeSocket != 0
}

// CLISocketPath is where the daemon creates its control socket: explicit
// when set (api.socketpath); else NAME.sock in the folder of an existing
// socket of that name (left by an earlier run); else in the first of
// folders that exists and is writable by the daemon. It reports false when
// there is no such folder.
func CLISocketPath(folders []string, name, explicit string) (string, bool) {
	if explicit != "" {
		return explicit, true
	}
	if p, ok := FindCLISocket(folders, name, ""); ok {
		return p, true
	}
	for _, d := range folders {
		if st, err := os.Stat(d); err == nil && st.IsDir() && syscall.Access(d, 2 /* W_OK */) == nil {
			return filepath.Join(d, name+".sock"), true
		}
	}
	return "", false
}

// ListenCLISocket creates the control socket at path, readable and
// writable by the daemon's user only (0600). A stale socket (no daemon
// answering) is replaced; a live one, or another kind of file, is an
// error.
func ListenCLISocket(path string) (*net.UnixListener, error) {
	if st, err := os.Lstat(path); err == nil {
		if st.Mode()&os.ModeSocket == 0 {
			return nil, fmt.Errorf("control socket %s: a file which is not a socket exists", path)
		}
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, fmt.Errorf("control socket %s: already in use by a running daemon", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("control socket %s: remove stale socket: %w", path, err)
		}
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control socket %s: %w", path, err)
	}
	return ln, nil
}

// ServeCLISocket answers commands on the control socket until ctx ends:
// each line a client writes is run as on the named pipes and answered with
// its output and a final "done" or "error" (always, as ExaBGP 5's socket
// does, whatever api.ack says). Clients whose user is neither the daemon's
// nor root are refused. The socket file is removed on return.
func (m *Manager) ServeCLISocket(ctx context.Context, ln *net.UnixListener) error {
	path := ln.Addr().String()
	ln.SetUnlinkOnClose(true)
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	m.log.Info("control socket ready", "socket", path)
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, maxCLIClients)
	for {
		c, err := ln.AcceptUnix()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("control socket %s: %w", path, err)
		}
		if uid, ok := peerUID(c); !ok || (uid != os.Getuid() && uid != 0) {
			m.log.Warn("control socket connection refused", "uid", uid)
			c.Close()
			continue
		}
		select {
		case slots <- struct{}{}:
		default:
			fmt.Fprintln(c, "too many control connections")
			fmt.Fprintln(c, answerError)
			c.Close()
			continue
		}
		wg.Go(func() {
			defer func() { <-slots }()
			m.serveCLIConn(ctx, c)
		})
	}
}

// serveCLIConn runs the commands of one client until it closes or ctx
// ends.
func (m *Manager) serveCLIConn(ctx context.Context, c *net.UnixConn) {
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) }) // a client that stops reading holds nothing up
	defer stop()
	br := bufio.NewReader(c)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		r := &cliReply{}
		m.execute(ctx, nil, line, r)
		if len(r.lines) == 0 || (r.lines[len(r.lines)-1] != answerDone && r.lines[len(r.lines)-1] != answerError) {
			r.lines = append(r.lines, answerDone)
		}
		if _, err := io.WriteString(c, strings.Join(r.lines, "\n")+"\n"); err != nil {
			return
		}
	}
}

// peerUID is the user id of the process at the other end of c.
func peerUID(c *net.UnixConn) (int, bool) {
	raw, err := c.SyscallConn()
	if err != nil {
		return -1, false
	}
	var cred *syscall.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil || cerr != nil {
		return -1, false
	}
	return int(cred.Uid), true
}

// CLISession is a client connection to the control socket.
type CLISession struct {
	c  net.Conn
	br *bufio.Reader
}

// DialCLISocket connects to the daemon's control socket.
func DialCLISocket(ctx context.Context, path string) (*CLISession, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, fmt.Errorf("cli: %w", err)
	}
	return &CLISession{c: c, br: bufio.NewReader(c)}, nil
}

// Close ends the session.
func (s *CLISession) Close() error { return s.c.Close() }

// Command sends line and returns the answer's lines up to and without the
// final "done" or "error"; failed is true for "error".
func (s *CLISession) Command(ctx context.Context, line string) (lines []string, failed bool, err error) {
	stop := context.AfterFunc(ctx, func() { _ = s.c.SetDeadline(time.Now()) })
	defer stop()
	if _, err := io.WriteString(s.c, line+"\n"); err != nil {
		return nil, false, fmt.Errorf("cli: send command: %w", err)
	}
	for {
		l, err := s.br.ReadString('\n')
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("the daemon closed the control socket")
			}
			return lines, false, fmt.Errorf("cli: %w", err)
		}
		l = strings.TrimRight(l, "\r\n")
		switch l {
		case answerDone:
			return lines, false, nil
		case answerError:
			return lines, true, nil
		}
		lines = append(lines, l)
	}
}
