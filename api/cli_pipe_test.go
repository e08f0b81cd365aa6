package api

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

func TestCLIPipes(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "exabgp.in"), 0o600))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "exabgp.out"), 0o600))
	found, ok := FindCLIPipes([]string{t.TempDir(), dir}, "exabgp")
	require.True(t, ok)
	assert.Equal(t, dir, found)

	n := neighbor("127.0.0.1", 1, 1)
	ctl := &fakeCtl{up: []*config.Neighbor{n}}
	m := New(&config.Config{Neighbors: []*config.Neighbor{n}}, testEnv(), ctl, testLog(t), Options{ParseRoutes: fakeParse})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- m.ServeCLI(ctx, dir, "exabgp") }()
	defer func() {
		cancel()
		select {
		case err := <-served:
			assert.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Error("ServeCLI did not stop")
		}
	}()

	tests := []struct {
		line    string
		want    []string
		wantErr bool
	}{
		{line: "version", want: []string{"exabgp 4.2.21"}},
		{line: "announce route 10.0.0.0/24 next-hop 1.2.3.4", want: nil},
		{line: "announce route nonsense", wantErr: true},
		{line: "show neighbor", want: []string{
			"please specify summary, extensive or configuration",
			"you can filter by peer ip address adding it after the word neighbor"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, err := CLICommand(ctx, dir, "exabgp", tt.line)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, []string{" announce 10.0.0.0/24 1.2.3.4 to bound"}, ctl.Calls())
}
