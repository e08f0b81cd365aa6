package session

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

// TestReload follows the QA api-reload case: the second configuration
// drops 2.0.0.0/24; on reload 1.0.0.0/24 is sent again and 2.0.0.0/24
// withdrawn on the same session.
func TestReload(t *testing.T) {
	skipWithoutQA(t)
	cfg1, err := config.Load(filepath.Join(qaDir, "etc", "api-reload.1.conf"))
	require.NoError(t, err)
	cfg2, err := config.Load(filepath.Join(qaDir, "etc", "api-reload.2.conf"))
	require.NoError(t, err)
	tp := newTestPeer(t)
	r := New(cfg1, config.Env{TCPPort: tp.port(), TCPOnce: true}, nil, nil)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()

	c := tp.accept()
	handshake(t, c)
	var got []string
	for range 3 {
		got = append(got, hexUpper(readMsg(t, c)))
	}
	assert.ElementsMatch(t, []string{
		qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:0000001540010100400200400304040000004005040000006418010000"),
		qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:0000001540010100400200400304040000004005040000006418020000"),
		qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000"),
	}, got)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, r.Reload(ctx, cfg2))
	got = got[:0]
	for range 2 {
		got = append(got, hexUpper(readMsg(t, c)))
	}
	assert.ElementsMatch(t, []string{
		qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:0000001540010100400200400304040000004005040000006418010000"),
		qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001B:02:0004180200000000"),
	}, got)
	assert.Equal(t, cfg2.Neighbors, r.Established())
	c.Close()
	require.NoError(t, <-done)
}

// TestReloadDifference is 5.0's api-reload: on reload only 2.0.0.0/24's
// withdrawal goes out, the unchanged 1.0.0.0/24 is not sent again (the
// route announced next is the next message).
func TestReloadDifference(t *testing.T) {
	skipWithoutQA(t)
	cfg1, err := config.Load(filepath.Join(qaDir, "etc", "api-reload.1.conf"))
	require.NoError(t, err)
	cfg2, err := config.Load(filepath.Join(qaDir, "etc", "api-reload.2.conf"))
	require.NoError(t, err)
	g, ok := config.LookupGeneration("5.0")
	require.True(t, ok)
	tp := newTestPeer(t)
	r := New(cfg1, config.Env{TCPPort: tp.port(), TCPOnce: true, Generation: g}, nil, nil)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()

	c := tp.accept()
	handshake(t, c)
	for range 3 {
		readMsg(t, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rt := cfg2.Neighbors[0].Routes[0] // Reload takes the routes of cfg2
	require.NoError(t, r.Reload(ctx, cfg2))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001B:02:0004180200000000"), hexUpper(readMsg(t, c)))
	rt.NLRI = prefix("3.0.0.0/24")
	require.NoError(t, r.Announce(ctx, "", nil, []config.Route{rt}))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:0000001540010100400200400304040000004005040000006418030000"), hexUpper(readMsg(t, c)))
	c.Close()
	require.NoError(t, <-done)
}
