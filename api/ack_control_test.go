package api

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

// TestAckSwitch runs 5.0's per-helper ack switch as api-ack-control and
// api-silence-ack use it: disable-ack is answered then silences, silence-ack
// silences at once, enable-ack is answered; errors follow the switch too.
func TestAckSwitch(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"disable-ack", []string{
			"announce route 10.0.0.1/32 next-hop 192.0.2.1",
			"disable-ack",
			"announce route 10.0.0.2/32 next-hop 192.0.2.1",
			"announce route 10.0.0.300/32 next-hop 192.0.2.1",
			"enable-ack",
			"announce route 10.0.0.3/32 next-hop 192.0.2.1",
		}, []string{"done", "done", "done", "done"}},
		{"silence-ack", []string{
			"announce route 10.0.0.1/32 next-hop 192.0.2.1",
			"silence-ack",
			"announce route 10.0.0.2/32 next-hop 192.0.2.1",
			"enable-ack",
			"announce route 10.0.0.3/32 next-hop 192.0.2.1",
		}, []string{"done", "done", "done"}},
		{"debug lines are not answered", []string{
			"debug expected \"done\" not \"x\"",
			"announce route 10.0.0.1/32 next-hop 192.0.2.1",
		}, []string{"done"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctl := &eachCtl{bad: map[netip.Prefix]bool{}}
			_, h, q := batchManager(t, ctl)
			var b routeBatch
			for _, l := range tt.lines {
				// one line a burst, as a helper waiting for each ack
				h.runLines(context.Background(), l+"\n", q, &b, true)
			}
			assert.Equal(t, strings.Join(tt.want, "\n")+"\n", string(q.buf))
		})
	}
}

// TestAckSwitchWithoutAPIAck: enable-ack turns answers on for its helper
// even when api.ack is off.
func TestAckSwitchWithoutAPIAck(t *testing.T) {
	ctl := &eachCtl{bad: map[netip.Prefix]bool{}}
	m, h, q := batchManager(t, ctl)
	m.env.APIAck = false
	var b routeBatch
	h.runLines(context.Background(), "announce route 10.0.0.1/32 next-hop 192.0.2.1\nenable-ack\nannounce route 10.0.0.2/32 next-hop 192.0.2.1\n", q, &b, true)
	assert.Equal(t, "done\ndone\n", string(q.buf))
}

// syncCtl records when Sync runs, and what the helper was answered by
// then.
type syncCtl struct {
	eachCtl
	q       *outQueue
	atSync  []string
	syncErr error
}

func (c *syncCtl) Sync(context.Context) error {
	c.q.mu.Lock()
	c.atSync = append(c.atSync, string(c.q.buf))
	c.q.mu.Unlock()
	c.calls = append(c.calls, "sync")
	return c.syncErr
}

// TestAnswersAfterSync checks the answers of a burst reach the helper only
// once the sessions queued its UPDATEs (Sync returned).
func TestAnswersAfterSync(t *testing.T) {
	ctl := &syncCtl{eachCtl: eachCtl{bad: map[netip.Prefix]bool{}}}
	m, h, q := batchManager(t, ctl)
	ctl.q = q
	var b routeBatch
	// 4.2: no waiting
	h.runLines(context.Background(), "announce route 10.0.0.1/32 next-hop 192.0.2.1\n", q, &b, true)
	assert.Empty(t, ctl.atSync)
	q.buf = q.buf[:0]

	m.env.Generation, _ = config.LookupGeneration("5.0")
	h.runLines(context.Background(), "announce route 10.0.0.1/32 next-hop 192.0.2.1\nclear adj-rib out\n", q, &b, true)
	require.Equal(t, []string{""}, ctl.atSync, "nothing answered before the sessions sent")
	assert.Equal(t, "sync", ctl.calls[len(ctl.calls)-1])
	assert.Contains(t, string(q.buf), "done\n")
}

func TestChangesRoutes(t *testing.T) {
	assert.True(t, changesRoutes("version\nannounce route 10.0.0.1/32 next-hop 192.0.2.1\n"))
	assert.True(t, changesRoutes("neighbor 127.0.0.1 teardown 2\n"))
	assert.True(t, changesRoutes("clear adj-rib out\n"))
	assert.False(t, changesRoutes("version\nshow neighbor summary\nenable-ack\n"))
}
