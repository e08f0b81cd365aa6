package healthcheck_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/qa/peer"
)

// binDir holds the exago binary built once for the test run.
var binDir string

// built builds the exago binary once.
var built = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "exago")
	_, file, _, _ := runtime.Caller(0)
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/exago")
	cmd.Dir = filepath.Join(filepath.Dir(file), "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/exago: %w\n%s", err, out)
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "exago-healthcheck-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildExago returns the exago binary, built on first use.
func buildExago(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds exago and runs it against the QA peer; skipped with -short")
	}
	bin, err := built()
	require.NoError(t, err)
	return bin
}

// syncBuffer is a bytes.Buffer safe for a writer and a poller.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// received is one UPDATE the peer got for the service IP.
type received struct {
	at       time.Time
	announce bool
	med      int // -1: none
}

// sinkUpdates parses the sink's per-UPDATE lines ("update N: HEX
// announce [...] withdraw [...]") into the updates touching prefix.
func sinkUpdates(t *testing.T, out, prefix string) []string {
	t.Helper()
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "update ") || !strings.Contains(l, prefix) {
			continue
		}
		fields := strings.Fields(l)
		require.GreaterOrEqual(t, len(fields), 3, l)
		msg, err := hex.DecodeString(strings.ReplaceAll(fields[2], ":", ""))
		require.NoError(t, err, l)
		ann := strings.Contains(l, "announce ["+prefix)
		if ann {
			got = append(got, fmt.Sprintf("announce med %d", med(t, msg)))
		} else {
			got = append(got, "withdraw")
		}
	}
	return got
}

// med returns the MULTI_EXIT_DISC of an UPDATE, -1 without one.
func med(t *testing.T, m []byte) int {
	body := m[19:]
	wl := int(binary.BigEndian.Uint16(body))
	al := int(binary.BigEndian.Uint16(body[2+wl:]))
	attrs := body[4+wl : 4+wl+al]
	for len(attrs) >= 3 {
		flags, code := attrs[0], attrs[1]
		n, hl := int(attrs[2]), 3
		if flags&0x10 != 0 {
			n, hl = int(binary.BigEndian.Uint16(attrs[2:])), 4
		}
		require.LessOrEqual(t, hl+n, len(attrs))
		if code == 4 && n == 4 {
			return int(binary.BigEndian.Uint32(attrs[hl:]))
		}
		attrs = attrs[hl+n:]
	}
	return -1
}

// waitFor polls until cond holds or the deadline passes.
func waitFor(t *testing.T, what string, deadline time.Duration, cond func() (bool, string)) time.Time {
	t.Helper()
	end := time.Now().Add(deadline)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, state := cond()
		if ok {
			return time.Now()
		}
		if time.Now().After(end) {
			t.Fatalf("timed out after %v waiting for %s; have:\n%s", deadline, what, state)
		}
		<-tick.C
	}
}

// TestEndToEnd runs exago with a process running `exago healthcheck`
// whose check tests a file, against the QA test peer over loopback, and
// flips the check: the peer must see the announce with the up metric,
// then the down metric (or the withdraw with --withdraw-on-down), each
// within rise/fall × interval of the flip.
func TestEndToEnd(t *testing.T) {
	bin := buildExago(t)
	const (
		interval = 300 * time.Millisecond
		fast     = 100 * time.Millisecond
		rise     = 2
		fall     = 2
		prefix   = "192.0.2.10/32"
	)
	tests := []struct {
		name     string
		extra    string
		whenDown string
	}{
		{"metric", "", "announce med 1000"},
		{"withdraw-on-down", "--withdraw-on-down", "withdraw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			up := filepath.Join(dir, "up")
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			defer ln.Close()
			port := ln.Addr().(*net.TCPAddr).Port
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var sinkOut syncBuffer
			sinkDone := make(chan struct{})
			go func() {
				defer close(sinkDone)
				_, _ = peer.Sink(ctx, peer.SinkConfig{Out: &sinkOut, PerUpdate: true}, ln)
			}()
			defer func() { cancel(); <-sinkDone }()

			conf := filepath.Join(dir, "exago.conf")
			run := fmt.Sprintf("%s healthcheck --no-syslog --no-ip-setup --cmd \"test -e %s\" --ip %s --rise %d --fall %d --interval %g --fast-interval %g %s",
				bin, up, prefix, rise, fall, interval.Seconds(), fast.Seconds(), tt.extra)
			require.NoError(t, os.WriteFile(conf, []byte(fmt.Sprintf(`process watch {
	run %s;
	encoder text;
}
neighbor 127.0.0.1 {
	router-id 127.0.0.2;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	api {
		processes [ watch ];
	}
}
`, run)), 0o644))
			_, stop := startDaemon(t, bin, dir, conf, os.Environ(), port, &sinkOut)
			defer stop()

			updates := func() []string { return sinkUpdates(t, sinkOut.String(), prefix) }
			// Failing from the start: DOWN after fall checks.
			waitFor(t, "the first DOWN update", 10*time.Second, func() (bool, string) {
				u := updates()
				return len(u) > 0, sinkOut.String()
			})
			first := updates()
			if tt.whenDown == "withdraw" {
				// exago sends nothing for a route it never announced, or a
				// withdraw: either way no announce yet.
				for _, u := range first {
					assert.Equal(t, "withdraw", u)
				}
			} else {
				assert.Equal(t, tt.whenDown, first[0])
			}
			n := len(updates())

			flip := time.Now()
			require.NoError(t, os.WriteFile(up, nil, 0o644))
			at := waitFor(t, "the announce with the up metric", 10*time.Second, func() (bool, string) {
				u := updates()
				return len(u) > n && u[len(u)-1] == "announce med 100", strings.Join(u, "\n")
			})
			riseTook := at.Sub(flip)
			n = len(updates())

			flip = time.Now()
			require.NoError(t, os.Remove(up))
			at = waitFor(t, "the update when down", 10*time.Second, func() (bool, string) {
				u := updates()
				return len(u) > n && u[len(u)-1] == tt.whenDown, strings.Join(u, "\n")
			})
			fallTook := at.Sub(flip)
			t.Logf("up after %v, %s after %v (rise %d, fall %d, interval %v, fast-interval %v)", riseTook, tt.whenDown, fallTook, rise, fall, interval, fast)
			// The next check comes within an interval, then rise-1 fast
			// ones: well within rise × interval, plus a scheduling margin.
			limit := rise*interval + time.Second
			assert.Less(t, riseTook, limit)
			assert.Less(t, fallTook, fall*interval+time.Second)
		})
	}
}

// startHealthcheck runs `exago healthcheck` with pipes on its stdin and
// stdout.
func startHealthcheck(t *testing.T, bin string, args ...string) (*exec.Cmd, io.WriteCloser, *bufio.Reader, io.Closer, *exited) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"healthcheck", "--no-syslog", "--no-ip-setup"}, args...)...)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	cmd.Stdout = w
	var stderr syncBuffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	w.Close()
	done := &exited{c: make(chan struct{})}
	go func() {
		done.err = cmd.Wait()
		close(done.c)
	}()
	t.Cleanup(func() {
		select {
		case <-done.c:
		default:
			_ = cmd.Process.Kill()
			<-done.c
		}
		r.Close()
		if t.Failed() {
			t.Logf("healthcheck stderr:\n%s", stderr.String())
		}
	})
	return cmd, stdin, bufio.NewReader(r), r, done
}

func readLine(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	ch := make(chan string, 1)
	go func() {
		l, _ := r.ReadString('\n')
		ch <- l
	}()
	select {
	case l := <-ch:
		return strings.TrimSuffix(l, "\n")
	case <-time.After(10 * time.Second):
		t.Fatal("no line from healthcheck")
		return ""
	}
}

// exited is closed when the process exited, err its Wait error.
type exited struct {
	c   chan struct{}
	err error
}

func waitExit(t *testing.T, done *exited) error {
	t.Helper()
	select {
	case <-done.c:
		return done.err
	case <-time.After(10 * time.Second):
		t.Fatal("healthcheck did not exit")
		return nil
	}
}

// TestSignalWithdraws: SIGTERM and SIGINT withdraw the routes (waiting
// for their acks) and exit 0.
func TestSignalWithdraws(t *testing.T) {
	bin := buildExago(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, stdin, out, _, done := startHealthcheck(t, bin, "--cmd", "true", "--rise", "1", "--ip", "192.0.2.10/32", "--interval", "60", "--community", "65000:1")
			assert.Equal(t, "announce route 192.0.2.10/32 next-hop self med 100 community [ 65000:1 ]", readLine(t, out))
			_, err := io.WriteString(stdin, "done\n")
			require.NoError(t, err)
			require.NoError(t, cmd.Process.Signal(sig))
			assert.Equal(t, "withdraw route 192.0.2.10/32 next-hop self", readLine(t, out))
			_, err = io.WriteString(stdin, "done\n")
			require.NoError(t, err)
			assert.NoError(t, waitExit(t, done))
		})
	}
}

// TestOutputClosed: a healthcheck whose stdout is closed exits (status 1)
// instead of spinning.
func TestOutputClosed(t *testing.T) {
	bin := buildExago(t)
	_, _, out, closer, done := startHealthcheck(t, bin, "--no-ack", "--cmd", "true", "--rise", "1", "--ip", "192.0.2.10/32", "--interval", "0.05")
	readLine(t, out)
	require.NoError(t, closer.Close())
	err := waitExit(t, done)
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 1, ee.ExitCode())
}

// TestBadOptionsExit2: invalid options, IPs and communities stop the
// command at start with status 2 and a message naming the option.
func TestBadOptionsExit2(t *testing.T) {
	bin := buildExago(t)
	for _, args := range [][]string{
		{"--ip", "192.0.2.300/32"},
		{"--ip", "192.0.2.1/24"},
		{"--community", "65000:bogus"},
		{"--rise", "x"},
		{"--no-such-option"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			cmd := exec.Command(bin, append([]string{"healthcheck"}, args...)...)
			cmd.Stderr = &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, 2, ee.ExitCode())
			assert.Contains(t, stderr.String(), "exago: healthcheck: ")
			assert.Contains(t, stderr.String(), strings.TrimLeft(args[0], "-"))
		})
	}
}

// TestReadmeExampleValidates: the copy-paste example of README.md's
// "Anycast health checks" section is a valid configuration.
func TestReadmeExampleValidates(t *testing.T) {
	bin := buildExago(t)
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	text := string(b)
	i := strings.Index(text, "## Anycast health checks")
	require.GreaterOrEqual(t, i, 0)
	var conf strings.Builder
	in := false
	for _, l := range strings.Split(text[i:], "\n") {
		if strings.HasPrefix(l, "    process watch-web {") {
			in = true
		}
		if in {
			if !strings.HasPrefix(l, "    ") && l != "" {
				break
			}
			conf.WriteString(strings.TrimPrefix(l, "    ") + "\n")
		}
	}
	require.Contains(t, conf.String(), "run exago healthcheck")
	path := filepath.Join(t.TempDir(), "readme.conf")
	require.NoError(t, os.WriteFile(path, []byte(conf.String()), 0o644))
	out, err := exec.Command(bin, "validate", path).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "1 neighbor(s), 1 process(es)")
}

// TestNonRootIPSetupGoesOn: without the right to add addresses (and
// without --no-ip-setup) the healthcheck warns and announces anyway, as
// ExaBGP's tool does.
func TestNonRootIPSetupGoesOn(t *testing.T) {
	bin := buildExago(t)
	cmd := exec.Command(bin, "healthcheck", "--no-syslog", "--no-ack", "--cmd", "true", "--ip", "192.0.2.99/32", "--rise", "1", "--interval", "0")
	if os.Geteuid() == 0 {
		require.NoError(t, os.Chmod(filepath.Dir(bin), 0o755))
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s", stderr.String())
	assert.Equal(t, "announce route 192.0.2.99/32 next-hop self med 100\n", string(out))
	assert.Contains(t, stderr.String(), "cannot set up the service IPs")
}

// startDaemon starts the exago binary on conf in dir with env and the QA
// peer's port. It returns the daemon's output and stop, which ends it
// (SIGTERM, then kill) and logs its output and the peer's when the test
// failed.
func startDaemon(t *testing.T, bin, dir, conf string, env []string, port int, sinkOut *syncBuffer) (out *syncBuffer, stop func()) {
	t.Helper()
	daemonOut := new(syncBuffer)
	d := exec.Command(bin, conf)
	d.Dir = dir
	d.Env = append(env, "exabgp_tcp_port="+strconv.Itoa(port), "exabgp_tcp_bind=", "exabgp_log_level=INFO")
	d.Stdout, d.Stderr = daemonOut, daemonOut
	require.NoError(t, d.Start())
	exited := make(chan error, 1)
	go func() { exited <- d.Wait() }()
	return daemonOut, func() {
		select {
		case <-exited:
		default:
			_ = d.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				_ = d.Process.Kill()
				<-exited
			}
		}
		if t.Failed() {
			t.Logf("exago output:\n%s\npeer output:\n%s", daemonOut.String(), sinkOut.String())
		}
	}
}
