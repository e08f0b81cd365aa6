package session

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

// TestWithdrawUnseen: a reload withdraws the configured routes the new
// configuration no longer has, and only those: a helper's route stays,
// as do the configured routes marked seen.
func TestWithdrawUnseen(t *testing.T) {
	rs := routes32(4)
	rib := newAdjRIBOut()
	for i := range 3 {
		require.NoError(t, rib.updateStatic(&rs[i], false))
	}
	require.NoError(t, rib.update(&rs[3], false, false)) // from a helper
	rib.markSeen(&rs[0])
	rib.markSeen(&rs[2])
	rib.markSeen(&rs[3]) // not configured: no mark
	assert.Equal(t, 1, rib.withdrawUnseen(true))
	gs := rib.takePending()
	var wd []string
	for _, g := range gs {
		for _, c := range g.changes {
			if c.live() && c.withdraw {
				wd = append(wd, g.key(&c))
			}
		}
	}
	rib.release(gs)
	k1, err := makeKey(nil, rs[1].NLRI)
	require.NoError(t, err)
	assert.Equal(t, []string{string(k1)}, wd)
	assert.Equal(t, 3, rib.len())

	// the marks are cleared: nothing marked, every configured route goes
	assert.Equal(t, 2, rib.withdrawUnseen(false))
	assert.Equal(t, 1, rib.len(), "the helper's route stays")
}

// TestRenumber: once the sequence numbers ran through half their range
// they start again, and pending changes are still found.
func TestRenumber(t *testing.T) {
	rs := routes32(3)
	rib := newAdjRIBOut()
	for i := range rs {
		require.NoError(t, rib.update(&rs[i], false, true))
	}
	rib.base = seqMask/2 - 1
	rib.release(rib.takePending())
	assert.Zero(t, rib.base, "renumbered")
	require.NoError(t, rib.update(&rs[0], true, true))
	require.NoError(t, rib.update(&rs[0], false, true)) // replaces the withdrawal in place
	assert.Equal(t, 1, rib.pending)
	e, ok := get(&rib.routes, mustKey(t, rs[0]))
	require.True(t, ok)
	assert.GreaterOrEqual(t, rib.pendingAt(e), 0)
	e, _ = get(&rib.routes, mustKey(t, rs[1]))
	assert.Equal(t, -1, rib.pendingAt(e))
}

func mustKey(t *testing.T, rt config.Route) string {
	t.Helper()
	k, err := makeKey(nil, rt.NLRI)
	require.NoError(t, err)
	return string(k)
}
