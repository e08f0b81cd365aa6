package floor

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/qa/peer"
)

// TestRunPacksFullUpdates sends 10,000 announce lines through the floor to
// the QA sink: every prefix arrives, in 4,096-byte UPDATEs but the last.
func TestRunPacksFullUpdates(t *testing.T) {
	const n = 10_000
	lns, port, err := peer.Listen(0)
	require.NoError(t, err)
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	var in strings.Builder
	for i := range n {
		fmt.Fprintf(&in, "announce route 10.%d.%d.%d/32 next-hop 192.0.2.1\n", i>>16&255, i>>8&255, i&255)
	}
	in.WriteString("not a route line\n")
	done := make(chan error, 1)
	go func() { done <- Run(strings.NewReader(in.String()), fmt.Sprintf("127.0.0.1:%d", port), 65000) }()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	stats, err := peer.Sink(ctx, peer.SinkConfig{Target: n}, lns...)
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, n, stats.Announced)
	// 23 bytes of header, 21 of attributes, 5 a prefix: 810 prefixes,
	// 4,094 bytes, the next one would not fit
	assert.Equal(t, 23+21+810*5, stats.MaxUpdate)
	assert.Equal(t, (n+809)/810, stats.Updates)
}
