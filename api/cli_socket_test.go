package api

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

// shortDir is a temporary folder with a path short enough for a socket.
func shortDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "exago-cli")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func TestCLISocket(t *testing.T) {
	dir := shortDir(t)
	path, ok := CLISocketPath([]string{filepath.Join(dir, "missing"), dir}, "exabgp", "")
	require.True(t, ok)
	assert.Equal(t, filepath.Join(dir, "exabgp.sock"), path)
	_, found := FindCLISocket([]string{dir}, "exabgp", "")
	assert.False(t, found, "no socket yet")

	ln, err := ListenCLISocket(path)
	require.NoError(t, err)
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "only the daemon's user may connect")
	found2, ok := FindCLISocket([]string{filepath.Join(dir, "missing"), dir}, "exabgp", "")
	require.True(t, ok)
	assert.Equal(t, path, found2)
	_, err = ListenCLISocket(path)
	require.Error(t, err, "a live socket is not replaced")
	assert.Contains(t, err.Error(), "already in use")

	n := neighbor("127.0.0.1", 1, 1)
	ctl := &fakeCtl{up: []*config.Neighbor{n}}
	env := testEnv()
	env.APIAck = false // the socket answers done/error anyway
	m := New(&config.Config{Neighbors: []*config.Neighbor{n}}, env, ctl, testLog(t), Options{ParseRoutes: fakeParse})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- m.ServeCLISocket(ctx, ln) }()

	s, err := DialCLISocket(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	tests := []struct {
		line   string
		want   []string
		failed bool
	}{
		{line: "version", want: []string{"exabgp 4.2.21"}},
		{line: "announce route 10.0.0.0/24 next-hop 1.2.3.4"},
		{line: "announce route nonsense", failed: true},
		{line: "show neighbor", want: []string{
			"please specify summary, extensive or configuration",
			"you can filter by peer ip address adding it after the word neighbor"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, failed, err := s.Command(ctx, tt.line)
			require.NoError(t, err)
			assert.Equal(t, tt.failed, failed)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, []string{" announce 10.0.0.0/24 1.2.3.4 to bound"}, ctl.Calls())

	// a second client at the same time
	s2, err := DialCLISocket(ctx, path)
	require.NoError(t, err)
	got, failed, err := s2.Command(ctx, "version")
	require.NoError(t, err)
	assert.False(t, failed)
	assert.Equal(t, []string{"exabgp 4.2.21"}, got)
	s2.Close()

	cancel()
	require.NoError(t, <-served)
	_, err = os.Stat(path)
	assert.True(t, os.IsNotExist(err), "the socket is removed on shutdown")
}

func TestCLISocketStaleAndForeign(t *testing.T) {
	dir := shortDir(t)
	path := filepath.Join(dir, "x.sock")
	// a stale socket: bound, then its listener gone without unlinking
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	require.NoError(t, err)
	ln.SetUnlinkOnClose(false)
	ln.Close()
	require.True(t, isSocket(path))
	ln2, err := ListenCLISocket(path)
	require.NoError(t, err, "a stale socket is replaced")
	ln2.Close()

	file := filepath.Join(dir, "plain")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err = ListenCLISocket(file)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a socket")

	p, ok := CLISocketPath(nil, "exabgp", "/somewhere/ctl.sock")
	assert.True(t, ok)
	assert.Equal(t, "/somewhere/ctl.sock", p)
	_, ok = CLISocketPath([]string{filepath.Join(dir, "missing")}, "exabgp", "")
	assert.False(t, ok)
}
