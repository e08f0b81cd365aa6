package session

import (
	"context"
	"errors"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// TestStartDelay: with tcp.delay N the first connection waits for the
// next multiple of N minutes of wall-clock time, as ExaBGP.
func TestStartDelay(t *testing.T) {
	r := &Reactor{env: config.Env{TCPDelay: 5}}
	at := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, "2026-12-03 "+s)
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, 5*time.Minute, r.startDelay(at("10:00:00")))
	assert.Equal(t, 3*time.Minute+30*time.Second, r.startDelay(at("10:01:30")))
	assert.Equal(t, time.Second, r.startDelay(at("10:04:59")))
	assert.Zero(t, (&Reactor{}).startDelay(at("10:01:30")), "no tcp.delay")

	synctest.Test(t, func(t *testing.T) {
		n := ipself4()
		r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{TCPDelay: 1, TCPOnce: true}, nil, nil)
		dialled := make(chan time.Duration, 1)
		start := time.Now() // synctest's clock starts on a whole minute
		r.dial = func(context.Context, dialSpec) (net.Conn, error) {
			dialled <- time.Since(start)
			return nil, errors.New("connection refused")
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- r.Run(ctx) }()
		assert.Equal(t, time.Minute, <-dialled)
		cancel()
		require.NoError(t, <-done)
	})
}

// TestOpenWait: a peer that connects but sends no OPEN within
// bgp.openwait seconds gets ExaBGP's NOTIFICATION 1/1 "waited for open
// too long, we do not like stuck in active".
func TestOpenWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := ipself4()
		r, c := pipeReactor(t, n, nil)
		r.env.BGPOpenWait = 5
		done := make(chan error, 1)
		go func() { done <- r.Run(context.Background()) }()
		msgs := pipeReader(c)
		open := <-msgs
		require.Equal(t, byte(codec.MsgOpen), open[18])
		start := time.Now()
		notif := <-msgs
		assert.Equal(t, 5*time.Second, time.Since(start))
		assert.Equal(t, wantNotif(1, 1, "waited for open too long, we do not like stuck in active"), hexUpper(notif))
		require.NoError(t, <-done)
	})
}
