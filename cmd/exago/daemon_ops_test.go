package main

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/qa/peer"
)

// syncBuffer is a bytes.Buffer safe for the daemon's goroutines.
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

// TestDaemonOperations runs the daemon as systemd would: it must send
// READY=1 on $NOTIFY_SOCKET, serve the control socket (0600) that "exago
// cli" finds, one command or several on stdin, and the metrics endpoint.
func TestDaemonOperations(t *testing.T) {
	dir, err := os.MkdirTemp("", "exago-ops")
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	notify, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: filepath.Join(dir, "notify"), Net: "unixgram"})
	require.NoError(t, err)
	defer notify.Close()
	sock := filepath.Join(dir, "ctl.sock")
	t.Setenv("NOTIFY_SOCKET", filepath.Join(dir, "notify"))
	t.Setenv("exabgp_api_socketpath", sock)
	t.Setenv("exabgp_tcp_bind", "")
	t.Setenv("exabgp_tcp_port", "1") // nothing listens: the session stays down
	t.Setenv("exago_metrics_address", "127.0.0.1:0")
	conf := writeConf(t, goodConf)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{conf}, &logs, &logs) }()

	require.NoError(t, notify.SetReadDeadline(time.Now().Add(15*time.Second)))
	buf := make([]byte, 512)
	n, err := notify.Read(buf)
	require.NoError(t, err, logs.String())
	assert.Contains(t, string(buf[:n]), "READY=1")

	st, err := os.Stat(sock)
	require.NoError(t, err, "the control socket exists once ready")
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	code, stdout, stderr := runArgs(t, "cli", "version")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "exabgp 4.2.21\n", stdout)
	code, stdout, _ = runArgs(t, "cli", "announce", "route", "nonsense")
	assert.Equal(t, 1, code)
	assert.Equal(t, "error\n", stdout)

	// several commands on stdin (no terminal: no prompt)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	_, err = w.WriteString("version\n\nshow neighbor summary\nexit\nversion\n")
	require.NoError(t, err)
	w.Close()
	t.Setenv("exabgp_api_socketpath", sock)
	settings, err := loadEnv("", &bytes.Buffer{})
	require.NoError(t, err)
	tr, err := openCLI(ctx, settings, "", "", false)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, interactiveCLI(ctx, tr, r, &out, &out))
	tr.close()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	assert.Equal(t, "exabgp 4.2.21", lines[0])
	assert.Equal(t, "done", lines[1])
	assert.Equal(t, "done", lines[len(lines)-1], "show neighbor summary answered, nothing after exit")
	assert.Contains(t, out.String(), "Peer")
	assert.Equal(t, 2, strings.Count(out.String(), "done\n"))

	// the metrics endpoint, at the address the log names
	m := regexp.MustCompile(`msg="metrics endpoint listening" address=(\S+)`).FindStringSubmatch(logs.String())
	require.NotNil(t, m, logs.String())
	resp, err := http.Get("http://" + m[1] + "/metrics")
	require.NoError(t, err)
	found := false
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if sc.Text() == `exago_neighbor_up{peer="127.0.0.1"} 0` {
			found = true
		}
	}
	resp.Body.Close()
	assert.True(t, found, "the neighbor is reported down")

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon did not stop")
	}
	_, err = os.Stat(sock)
	assert.True(t, os.IsNotExist(err), "the socket is removed on stop")
}

// TestDaemonLogsToRemoteSyslog runs the daemon with log.destination
// host:ADDR and waits for its lines on a UDP listener.
func TestDaemonLogsToRemoteSyslog(t *testing.T) {
	ln, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	t.Setenv("exabgp_log_destination", "host:"+ln.LocalAddr().String())
	t.Setenv("exabgp_tcp_bind", "")
	t.Setenv("exabgp_tcp_port", "1")
	t.Setenv("exabgp_api_cli", "false")
	conf := writeConf(t, goodConf)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{conf}, &out, &out) }()

	require.NoError(t, ln.SetReadDeadline(time.Now().Add(15*time.Second)))
	buf := make([]byte, 2048)
	var got []string
	for !strings.Contains(strings.Join(got, "\n"), `msg="configuration loaded"`) {
		n, _, err := ln.ReadFrom(buf)
		require.NoError(t, err, "lines so far: %q", got)
		got = append(got, string(buf[:n]))
	}
	assert.Regexp(t, `^<14>\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ exago\[\d+\]: msg="configuration loaded" file=`, got[len(got)-1])
	cancel()
	require.NoError(t, <-done)
	assert.NotContains(t, out.String(), "configuration loaded", "nothing on stdout")
}

func TestEnvListsExagoSettings(t *testing.T) {
	t.Setenv("exago_metrics_address", "127.0.0.1:9179")
	code, stdout, stderr := runArgs(t, "env")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "\nexago.metrics.address='127.0.0.1:9179'\n")
	assert.Contains(t, stdout, "\nexago.compat.generation=''\n")
	code, stdout, _ = runArgs(t, "env", "--ini", "--diff")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "[exago.metrics]\naddress = '127.0.0.1:9179'\n")
	code, stdout, _ = runArgs(t, "--fe")
	require.Equal(t, 0, code)
	assert.NotContains(t, stdout, "exago.metrics", "ExaBGP's listing stays ExaBGP's")
}

// TestDaemonLogsPackets runs the daemon at level DEBUG against the QA
// sink peer until the session is up: with log.packets the OPENs sent and
// received are logged as hex lines of the packets topic, without it none.
func TestDaemonLogsPackets(t *testing.T) {
	sentOpen := regexp.MustCompile(`msg=send topic=packets peer=127\.0\.0\.1 hex=F{32}00\w{2}01`)
	receivedOpen := regexp.MustCompile(`msg=receive topic=packets peer=127\.0\.0\.1 hex=F{32}00\w{2}01`)
	for _, packets := range []bool{true, false} {
		t.Run(strconv.FormatBool(packets), func(t *testing.T) {
			lns, port, err := peer.Listen(0)
			require.NoError(t, err)
			defer func() {
				for _, ln := range lns {
					ln.Close()
				}
			}()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			sinkDone := make(chan struct{})
			go func() {
				defer close(sinkDone)
				_, _ = peer.Sink(ctx, peer.SinkConfig{}, lns...)
			}()
			t.Setenv("exabgp_tcp_bind", "")
			t.Setenv("exabgp_tcp_port", strconv.Itoa(port))
			t.Setenv("exabgp_api_cli", "false")
			t.Setenv("exabgp_log_packets", strconv.FormatBool(packets))
			t.Setenv("exabgp_log_level", "DEBUG")
			// a helper asking for sent packets: sent messages are observed
			conf := writeConf(t, "process p {\n\trun /bin/cat;\n\tencoder json;\n}\n"+
				strings.Replace(goodConf, "static {", "api { processes [ p ]; send { packets; } }\n\tstatic {", 1))
			runCtx, stop := context.WithCancel(ctx)
			var logs syncBuffer
			done := make(chan error, 1)
			go func() { done <- run(runCtx, []string{conf}, &logs, &logs) }()

			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for !strings.Contains(logs.String(), `msg="peer up"`) {
				select {
				case <-ctx.Done():
					t.Fatalf("the session did not come up:\n%s", logs.String())
				case <-tick.C:
				}
			}
			stop()
			require.NoError(t, <-done)
			cancel()
			<-sinkDone
			assert.Equal(t, packets, receivedOpen.MatchString(logs.String()), logs.String())
			assert.Equal(t, packets, sentOpen.MatchString(logs.String()), logs.String())
		})
	}
}
