package interop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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

	"github.com/stretchr/testify/require"
)

// buildDir holds the exago binary built once for the whole test run.
var buildDir string

// buildExago builds the exago binary once per test run, unless
// EXAGO_INTEROP_BIN names one already built.
var buildExago = sync.OnceValues(func() (string, error) {
	if bin := os.Getenv("EXAGO_INTEROP_BIN"); bin != "" {
		return bin, nil
	}
	bin := filepath.Join(buildDir, "exago")
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/exago")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/exago: %w\n%s", err, out)
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "exago-interop-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testTimeout bounds every wait of a test; each test stays under 30 s.
const testTimeout = 20 * time.Second

// pollInterval is how often a condition is re-checked.
const pollInterval = 50 * time.Millisecond

// needDaemon skips the test in -short mode or when a binary is missing,
// and returns the binaries' paths.
func needDaemon(t *testing.T, names ...string) []string {
	t.Helper()
	if testing.Short() {
		t.Skip("interop tests run real BGP daemons; skipped with -short")
	}
	paths := make([]string, len(names))
	for i, n := range names {
		p, err := exec.LookPath(n)
		if err != nil {
			t.Skipf("%s not found on PATH (install bird2 and gobgpd with apt-get): %v", n, err)
		}
		paths[i] = p
	}
	return paths
}

// exagoBin returns the built exago binary, failing the test on error.
func exagoBin(t *testing.T) string {
	t.Helper()
	bin, err := buildExago()
	require.NoError(t, err)
	return bin
}

// freePort returns a TCP port free on addr at the time of the call. It is
// taken free on every address (a wildcard listen), not only on addr: BIRD
// and gobgpd bind the wildcard address whatever their neighbors are, so a
// port another test holds on 127.0.0.1 would fail their bind on 127.0.0.2.
func freePort(t *testing.T, addr string) uint16 {
	t.Helper()
	ln, err := net.Listen("tcp", ":0")
	require.NoError(t, err)
	defer ln.Close()
	port := uint16(ln.Addr().(*net.TCPAddr).Port)
	if addr != "" {
		// addr must be usable too (a loopback alias the test relies on)
		probe, err := net.Listen("tcp", net.JoinHostPort(addr, "0"))
		require.NoError(t, err)
		probe.Close()
	}
	return port
}

// daemon is a process started by a test, its output in a log file.
type daemon struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

// start runs name with args in dir, its stdout and stderr into
// dir/NAME.out. The process is killed at the end of the test if it still
// runs.
func start(t *testing.T, dir, name string, env []string, bin string, args ...string) *daemon {
	t.Helper()
	logPath := filepath.Join(dir, name+".out")
	f, err := os.Create(logPath)
	require.NoError(t, err)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = f
	cmd.Stderr = f
	require.NoError(t, cmd.Start(), "start %s", name)
	d := &daemon{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		d.err = cmd.Wait()
		f.Close()
		close(d.done)
	}()
	t.Cleanup(func() {
		select {
		case <-d.done:
		default:
			_ = cmd.Process.Kill()
			<-d.done
		}
		if t.Failed() {
			out, _ := os.ReadFile(logPath)
			t.Logf("%s output:\n%s", name, tail(out, 4000))
		}
	})
	return d
}

// stop sends SIGTERM to the process and waits (bounded) for it to exit.
func (d *daemon) stop(t *testing.T) {
	t.Helper()
	select {
	case <-d.done:
		t.Fatalf("%s exited before being stopped: %v", d.name, d.err)
	default:
	}
	require.NoError(t, d.cmd.Process.Signal(syscall.SIGTERM))
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case <-d.done:
	case <-timer.C:
		t.Fatalf("%s (pid %d) still running 10 s after SIGTERM", d.name, d.cmd.Process.Pid)
	}
}

// exited reports whether the process ended.
func (d *daemon) exited() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// output is what the process printed so far.
func (d *daemon) output() string {
	b, _ := os.ReadFile(d.log)
	return string(b)
}

// stopPID sends SIGTERM to the process whose id is in pidFile and waits
// (bounded) until it is gone.
func stopPID(t *testing.T, pidFile string) {
	t.Helper()
	pid := readPID(t, pidFile)
	p, err := os.FindProcess(pid)
	require.NoError(t, err)
	require.NoError(t, p.Signal(syscall.SIGTERM))
	eventually(t, 10*time.Second, fmt.Sprintf("pid %d gone after SIGTERM", pid), func() (bool, string) {
		err := p.Signal(syscall.Signal(0))
		return errors.Is(err, os.ErrProcessDone) || errors.Is(err, syscall.ESRCH), fmt.Sprint(err)
	})
}

// readPID returns the process id written in pidFile.
func readPID(t *testing.T, pidFile string) int {
	t.Helper()
	b, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err, "pid file %s", pidFile)
	return pid
}

// eventually polls cond until it holds or timeout passes; cond returns
// whether it holds and a description of what it saw, for the failure.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		ok, seen := cond()
		if ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("timed out after %s waiting for %s; last seen:\n%s", timeout, what, seen)
		case <-tick.C:
		}
	}
}

// run runs a command to completion (bounded) and returns its stdout.
func run(bin string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout = &out
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %w: %s", filepath.Base(bin), strings.Join(args, " "), err, errb.String())
	}
	return out.String(), nil
}

// writeFile writes content to dir/name with mode perm.
func writeFile(t *testing.T, dir, name, content string, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), perm))
	return p
}

// tempDir is a 0755 temporary folder (daemons may drop privileges).
func tempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o755))
	return dir
}

// tail returns at most n trailing bytes of b.
func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// exagoEnv is the environment exago runs with: port is the peer's port.
func exagoEnv(port uint16) []string {
	return []string{
		"exabgp_tcp_port=" + strconv.Itoa(int(port)),
		"exabgp_tcp_bind=",
		"exabgp_tcp_once=false",
		"exabgp_log_level=DEBUG",
	}
}
