package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemo runs the shipped example through "exago demo" until the test
// peer printed the routes of both families, decoded, then stops it as
// Ctrl-C would.
func TestDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	var out, logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- runDemo(runCtx, []string{"../../etc/exago.conf"}, &out, &logs) }()

	want := []string{
		"update 1: ipv4 unicast announce [192.0.2.0/24]; with origin igp as-path [ ] next-hop 127.0.0.1 local-preference 100 community [ 65000:100 ]",
		"ipv6 unicast announce [2001:db8::/32] next-hop [::1]; with origin igp as-path [ ] med 10 local-preference 100",
		"ipv4 unicast announce [198.51.100.0/24]", // from the helper, through the API
		"end-of-rib",
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !containsAll(out.String(), want) {
		select {
		case <-ctx.Done():
			t.Fatalf("demo output so far:\n%s\nlogs:\n%s", out.String(), logs.String())
		case <-tick.C:
		}
	}
	stop()
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "demo: sessions 1")
	assert.NotContains(t, out.String(), "announce []")
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
