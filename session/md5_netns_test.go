//go:build linux

package session

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"net/netip"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

// netns is a network namespace made by a test, joined to the test's
// namespace by a veth pair: host is the address on the test's side, peer
// the address inside.
type netns struct {
	name       string
	host, peer string
}

// newNetns creates a namespace with a veth pair (10.231.N.1/30 outside,
// 10.231.N.2/30 inside), removed at the end of the test. It skips the
// test when namespaces cannot be made (not root, no ip(8)).
func newNetns(t *testing.T) *netns {
	t.Helper()
	if testing.Short() {
		t.Skip("network namespace test; skipped with -short")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("ip(8) not found: cannot create a network namespace")
	}
	n := os.Getpid() % 250
	ns := &netns{
		name: fmt.Sprintf("exago-test-%d-%d", os.Getpid(), time.Now().UnixNano()%1e6),
		host: fmt.Sprintf("10.231.%d.1", n), peer: fmt.Sprintf("10.231.%d.2", n),
	}
	hostIf, peerIf := fmt.Sprintf("exh%d", n), fmt.Sprintf("exp%d", n)
	ip := func(args ...string) error {
		out, err := exec.Command("ip", args...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := ip("netns", "add", ns.name); err != nil {
		t.Skipf("network namespaces not permitted here (run as root): %v", err)
	}
	t.Cleanup(func() {
		_ = ip("link", "del", hostIf)
		_ = ip("netns", "del", ns.name)
	})
	for _, args := range [][]string{
		{"link", "add", hostIf, "type", "veth", "peer", "name", peerIf, "netns", ns.name},
		{"addr", "add", ns.host + "/30", "dev", hostIf},
		{"link", "set", hostIf, "up"},
		{"-n", ns.name, "addr", "add", ns.peer + "/30", "dev", peerIf},
		{"-n", ns.name, "link", "set", peerIf, "up"},
		{"-n", ns.name, "link", "set", "lo", "up"},
	} {
		require.NoError(t, ip(args...))
	}
	return ns
}

// do runs fn on an OS thread moved into the namespace; sockets fn opens
// stay in it. The thread is discarded afterwards.
func (ns *netns) do(t *testing.T, fn func()) {
	t.Helper()
	f, err := os.Open("/var/run/netns/" + ns.name)
	require.NoError(t, err)
	defer f.Close()
	errc := make(chan error, 1)
	go func() {
		// never unlocked: the thread ends with the goroutine
		runtime.LockOSThread()
		if _, _, e := syscall.RawSyscall(sysSetns(), f.Fd(), syscall.CLONE_NEWNET, 0); e != 0 {
			errc <- fmt.Errorf("setns: %w", e)
			return
		}
		fn()
		errc <- nil
	}()
	require.NoError(t, <-errc)
}

// md5Failures reads TCPMD5Failure + TCPMD5NotFound from the namespace's
// counters: segments dropped for a wrong or missing signature.
func (ns *netns) md5Failures(t *testing.T) int {
	t.Helper()
	var total int
	ns.do(t, func() {
		b, err := os.ReadFile("/proc/thread-self/net/netstat")
		if err != nil {
			return
		}
		lines := strings.Split(string(b), "\n")
		for i := 0; i+1 < len(lines); i += 2 {
			names, values := strings.Fields(lines[i]), strings.Fields(lines[i+1])
			for j := range names {
				if (names[j] == "TCPMD5Failure" || names[j] == "TCPMD5NotFound") && j < len(values) {
					v, _ := strconv.Atoi(values[j])
					total += v
				}
			}
		}
	})
	return total
}

// TestMD5Netns: exago (in the test's namespace) connects to a peer inside
// a network namespace the test creates, over a veth pair. The peer's
// listener signs with TCP MD5 (RFC 2385): with the same password the
// session establishes; with a wrong one it never does, the peer's kernel
// dropping every SYN (its MD5 failure counter grows).
func TestMD5Netns(t *testing.T) {
	ns := newNetns(t)
	tests := []struct {
		name      string
		password  string
		establish bool
	}{
		{"right password", "exago-md5-secret", true},
		{"wrong password", "not-the-secret", false},
		{"no password", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ln net.Listener
			ns.do(t, func() {
				lc := net.ListenConfig{Control: md5Control(map[netipAddr]string{mustAddr(ns.host): "exago-md5-secret"})}
				var err error
				ln, err = lc.Listen(context.Background(), "tcp", ns.peer+":0")
				if err != nil {
					panic(err)
				}
			})
			defer ln.Close()
			n := ipself4()
			n.Routes = nil
			n.PeerAddress = mustAddr(ns.peer)
			n.LocalAddress = mustAddr(ns.host)
			n.MD5Password = tt.password
			r := New(&config.Config{Neighbors: []*config.Neighbor{n}},
				config.Env{TCPPort: uint16(ln.Addr().(*net.TCPAddr).Port), TCPOnce: true}, nil, testLogger(t))
			before := ns.md5Failures(t)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- r.Run(ctx) }()
			defer func() {
				cancel()
				require.NoError(t, <-done)
			}()
			if !tt.establish {
				// the SYNs reach the peer and are dropped there
				require.Eventually(t, func() bool { return ns.md5Failures(t) > before }, 10*time.Second,
					20*time.Millisecond, "the peer's kernel drops the unsigned or wrongly signed SYN")
				require.NoError(t, ln.(*net.TCPListener).SetDeadline(time.Now().Add(absent)))
				_, err := ln.Accept()
				require.Error(t, err, "no connection with a wrong password")
				assert.Empty(t, r.Established())
				return
			}
			require.NoError(t, ln.(*net.TCPListener).SetDeadline(time.Now().Add(10*time.Second)))
			c, err := ln.Accept()
			require.NoError(t, err)
			defer c.Close()
			handshake(t, c)
			assert.Equal(t, qaHex(marker16+":0017:02:00000000"), hexUpper(readMsg(t, c)), "End-of-RIB: established")
			assert.Len(t, r.Established(), 1)
		})
	}
}

type netipAddr = netip.Addr

// sysSetns is the setns(2) system call number, which package syscall
// does not name.
func sysSetns() uintptr {
	switch runtime.GOARCH {
	case "arm64", "riscv64", "loong64":
		return 268
	case "386":
		return 346
	case "arm":
		return 375
	}
	return 308 // amd64
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
