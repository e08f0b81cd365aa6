package runner

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Daemon is a started daemon process (in its own process group, so its
// helpers are stopped with it).
type Daemon struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error // Wait's result, valid once done is closed
}

// DaemonEnv is the environment the generation's runner gives the daemon:
// 4.2 sets exabgp_tcp_once, 5.0 exabgp_tcp_connections (connections, 1
// when 0) and its exabgp_version.
func DaemonEnv(gen Generation, port, connections int) []string {
	first := []string{"exabgp_tcp_once=true"}
	if gen == Gen50 {
		first = []string{"exabgp_version=5.0.0-0+test", "exabgp_tcp_connections=" + strconv.Itoa(max(connections, 1))}
	}
	return append(first,
		"exabgp_api_cli=false",
		"exabgp_debug_rotate=true",
		"exabgp_debug_configuration=true",
		"exabgp_tcp_bind=",
		"exabgp_tcp_port="+strconv.Itoa(port),
	)
}

// StartDaemon runs `env DaemonEnv(...) BIN -d -p CONF...` in dir, output
// to log; env is DaemonEnv's result.
func StartDaemon(bin, dir string, env []string, confs []string, extraEnv []string, log io.Writer) (*Daemon, error) {
	args := append([]string{"-d", "-p"}, confs...)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), env...), extraEnv...)
	cmd.Stdout = log
	cmd.Stderr = log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = time.Second
	fmt.Fprintf(log, "> env %s %s %s\n", strings.Join(env, " "), bin, strings.Join(args, " "))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start daemon %s: %w", bin, err)
	}
	d := &Daemon{cmd: cmd, done: make(chan struct{})}
	go func() {
		d.err = cmd.Wait()
		close(d.done)
	}()
	return d, nil
}

// Pid is the daemon's process id.
func (d *Daemon) Pid() int { return d.cmd.Process.Pid }

// Signal sends sig to the daemon process.
func (d *Daemon) Signal(sig syscall.Signal) error {
	return syscall.Kill(d.cmd.Process.Pid, sig)
}

// Done is closed when the daemon exited.
func (d *Daemon) Done() <-chan struct{} { return d.done }

// ExitErr is how the daemon ended (after Done).
func (d *Daemon) ExitErr() error { return d.err }

// Stop sends SIGTERM to the daemon's process group, then SIGKILL after
// grace, and waits for the daemon.
func (d *Daemon) Stop(grace time.Duration) {
	pgid := d.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-d.done:
	case <-t.C:
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-d.done
	}
	// helpers that outlived the daemon
	syscall.Kill(-pgid, syscall.SIGKILL)
}

// PeakRSS reads VmHWM (peak resident set, KiB) of pid from /proc.
func PeakRSS(pid int) (int, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, fmt.Errorf("peak rss: %w", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				return strconv.Atoi(f[0])
			}
		}
	}
	return 0, fmt.Errorf("peak rss: no VmHWM for pid %d", pid)
}
