package sdnotify

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func listen(t *testing.T, name string) *net.UnixConn {
	t.Helper()
	ln, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	return ln
}

func read(t *testing.T, ln *net.UnixConn) string {
	t.Helper()
	require.NoError(t, ln.SetReadDeadline(time.Now().Add(5*time.Second)))
	buf := make([]byte, 1024)
	n, err := ln.Read(buf)
	require.NoError(t, err)
	return string(buf[:n])
}

func TestSendToPathSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "sdn")
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "notify")
	ln := listen(t, path)
	require.NoError(t, Send(path, "READY=1\nSTATUS=up"))
	assert.Equal(t, "READY=1\nSTATUS=up", read(t, ln))
}

func TestSendToAbstractSocket(t *testing.T) {
	name := "exago-sdnotify-test-" + filepath.Base(t.TempDir())
	ln := listen(t, "\x00"+name)
	require.NoError(t, Send("@"+name, "STOPPING=1"))
	assert.Equal(t, "STOPPING=1", read(t, ln))
}

func TestSendWithoutSystemd(t *testing.T) {
	assert.NoError(t, Send("", "READY=1"))
	assert.Error(t, Send(filepath.Join(t.TempDir(), "missing"), "READY=1"))
}
