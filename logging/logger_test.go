package logging

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readDatagram waits (with a deadline) for one datagram on c.
func readDatagram(t *testing.T, c net.PacketConn) string {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(5*time.Second)))
	buf := make([]byte, 4096)
	n, _, err := c.ReadFrom(buf)
	require.NoError(t, err)
	return string(buf[:n])
}

// syslogLine is RFC 3164: <PRI>Mmm dd hh:mm:ss [HOST ]exago[PID]: text
var syslogLine = regexp.MustCompile(`^<(\d+)>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+ )?exago\[(\d+)\]: (.*)$`)

func TestRemoteSyslogOverUDP(t *testing.T) {
	ln, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	log, closer, err := New(Options{Enable: true, Level: "INFO", Destination: "host:" + ln.LocalAddr().String()}, nil, nil)
	require.NoError(t, err)
	defer closer.Close()

	log.With("peer", "192.0.2.1").Warn("peer down", "reason", "hold timer expired")
	got := readDatagram(t, ln)
	m := syslogLine.FindStringSubmatch(got)
	require.NotNil(t, m, got)
	assert.Equal(t, "12", m[1], "user.warning is 1*8+4")
	assert.NotEmpty(t, m[2], "a remote line names the host")
	assert.Equal(t, `msg="peer down" peer=192.0.2.1 reason="hold timer expired"`, m[4])

	log.Debug("below the level")
	log.Error("failed", "error", "boom")
	m = syslogLine.FindStringSubmatch(readDatagram(t, ln))
	require.NotNil(t, m)
	assert.Equal(t, "11", m[1], "user.err, and the debug line was not sent")
	assert.Equal(t, `msg=failed error=boom`, m[4])
}

func TestRemoteSyslogDefaultPort(t *testing.T) {
	c, err := openRemoteSyslog("127.0.0.1", "exago")
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, "127.0.0.1:514", c.address)
	c6, err := openRemoteSyslog("::1", "exago")
	require.NoError(t, err)
	defer c6.Close()
	assert.Equal(t, "[::1]:514", c6.address)
}

func TestLocalSyslogSocket(t *testing.T) {
	// a short path: unix socket names are limited to ~108 bytes
	dir, err := os.MkdirTemp("", "exago-log")
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "log")
	ln, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	require.NoError(t, err)
	defer ln.Close()

	log, closer, err := New(Options{Enable: true, Level: "DEBUG", Destination: "syslog", SyslogSocket: path}, nil, nil)
	require.NoError(t, err)
	defer closer.Close()
	log.Debug("configuration loaded", "neighbors", 2)
	m := syslogLine.FindStringSubmatch(readDatagram(t, ln))
	require.NotNil(t, m)
	assert.Equal(t, "15", m[1], "user.debug")
	assert.Empty(t, m[2], "no hostname on the local socket")
	assert.Equal(t, `msg="configuration loaded" neighbors=2`, m[4])
}

func TestLocalSyslogMissingSocketIsAnError(t *testing.T) {
	// a path that exists but is no socket: no fallback, an error
	path := filepath.Join(t.TempDir(), "notasocket")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	_, _, err := New(Options{Enable: true, Destination: "syslog", SyslogSocket: path}, nil, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "log destination syslog")
}

func TestTopics(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		log   func(o Options, w *bytes.Buffer)
		lines []string
	}{
		{
			name: "network off drops peer lines",
			opts: Options{Topics: map[string]bool{TopicNetwork: false, TopicPackets: false}},
			lines: []string{
				`msg="configuration loaded"`,
				`msg="helper ended" process=watch`,
			},
		},
		{
			name: "processes off drops helper lines",
			opts: Options{Topics: map[string]bool{TopicProcesses: false, TopicPackets: false}},
			lines: []string{
				`msg="configuration loaded"`,
				`msg="peer up" peer=192.0.2.1`,
			},
		},
		{
			name: "all overrides switches",
			opts: Options{All: true, Topics: map[string]bool{TopicNetwork: false, TopicProcesses: false, TopicPackets: false}},
			lines: []string{
				`msg="configuration loaded"`,
				`msg="peer up" peer=192.0.2.1`,
				`msg="helper ended" process=watch`,
				`msg=received peer=192.0.2.1 topic=packets hex=FFFF`,
			},
		},
		{
			name: "packets on",
			opts: Options{Topics: map[string]bool{TopicPackets: true}},
			lines: []string{
				`msg="configuration loaded"`,
				`msg="peer up" peer=192.0.2.1`,
				`msg="helper ended" process=watch`,
				`msg=received peer=192.0.2.1 topic=packets hex=FFFF`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			o := tt.opts
			o.Enable, o.Level, o.Short = true, "INFO", true
			log, _, err := New(o, &out, nil)
			require.NoError(t, err)
			log.Info("configuration loaded")
			peer := log.With("peer", "192.0.2.1")
			peer.Info("peer up")
			log.With("process", "watch").Info("helper ended")
			peer.With(TopicKey, TopicPackets).Info("received", "hex", "FFFF")
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				got = append(got, strings.TrimPrefix(l, "level=INFO "))
			}
			assert.Equal(t, tt.lines, got)
		})
	}
}

func TestDestinations(t *testing.T) {
	var stdout, stderr bytes.Buffer
	log, _, err := New(Options{Enable: true, Destination: "stderr"}, &stdout, &stderr)
	require.NoError(t, err)
	log.Info("to stderr")
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "msg=\"to stderr\"")
	assert.Contains(t, stderr.String(), "time=", "long format by default")

	file := filepath.Join(t.TempDir(), "exago.log")
	log, closer, err := New(Options{Enable: true, Destination: file, Level: "WARNING"}, &stdout, &stderr)
	require.NoError(t, err)
	log.Info("dropped")
	log.Warn("kept")
	require.NoError(t, closer.Close())
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "dropped")
	assert.Contains(t, string(data), "msg=kept")

	_, _, err = New(Options{Enable: true, Destination: filepath.Join(t.TempDir(), "missing", "x.log")}, nil, nil)
	require.Error(t, err)

	log, _, err = New(Options{Enable: false}, &stdout, &stderr)
	require.NoError(t, err)
	stdout.Reset()
	log.Error("nothing")
	assert.Empty(t, stdout.String())
}
