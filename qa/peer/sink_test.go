package peer

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSink(t *testing.T) {
	lns, _, err := Listen(0)
	require.NoError(t, err)
	defer lns[0].Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out strings.Builder
	type result struct {
		s   Stats
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := Sink(ctx, SinkConfig{Out: &out, PerUpdate: true, Target: 3}, lns...)
		done <- result{s, err}
	}()
	d := dial(t, lns[0].Addr())
	d.handshake()
	d.send(mustHex(t, eorIPv4))
	d.send(mustHex(t, update45))
	d.send(updateOf(t, []string{"10.0.4.0/24"}, []string{"10.0.6.0/24"}))
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, 1, r.s.Sessions)
	assert.Equal(t, 3, r.s.Updates)
	assert.Equal(t, 3, r.s.Announced)
	assert.Equal(t, 1, r.s.Withdrawn)
	assert.Equal(t, 1, r.s.EORs)
	assert.Equal(t, 23+52+len(updateOf(t, []string{"10.0.4.0/24"}, []string{"10.0.6.0/24"})), r.s.UpdateBytes)
	assert.Contains(t, out.String(), "announce [10.0.4.0/24 10.0.5.0/24]")
	assert.Contains(t, r.s.String(), "updates 3")
}
