package session

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// carryPack queues routes [from, to) of rs, packs the batch with carry and
// queues the tail again, as the established loop does; it returns the
// size of each UPDATE sent and the routes left pending.
func carryPack(t *testing.T, rib *adjRIBOut, p *packer, from, to int, carry bool) []int {
	t.Helper()
	rs := routes32(to)
	for i := from; i < to; i++ {
		require.NoError(t, rib.update(&rs[i], false, true))
	}
	var sizes []int
	p.flush = func(out []byte) error {
		for len(out) > 0 {
			l := int(binary.BigEndian.Uint16(out[16:]))
			sizes = append(sizes, l)
			out = out[l:]
		}
		return nil
	}
	gs := rib.takePending()
	p.carry = carry
	require.NoError(t, p.pack(gs, true))
	p.carry = false
	for _, c := range p.tail {
		rib.requeue(c)
	}
	p.tail = p.tail[:0]
	rib.release(gs)
	return sizes
}

func TestPackCarry(t *testing.T) {
	env := &sessionEnv{opts: codec.Options{ASN4: true}, localAS: 65000, peerAS: 65000, local: netip.MustParseAddr("192.0.2.254")}
	rib := newAdjRIBOut()
	p := &packer{env: env, attrs: rib.attrs, grouped: true}

	// fewer routes than an UPDATE holds: sent as they are
	sizes := carryPack(t, rib, p, 0, 10, true)
	assert.Len(t, sizes, 1)
	assert.Equal(t, 0, rib.pending)

	// 2,000 /32s fill two 4,096-byte UPDATEs (810 each) and part of a
	// third, kept back
	sizes = carryPack(t, rib, p, 10, 2010, true)
	require.Len(t, sizes, 2)
	for _, s := range sizes {
		assert.Greater(t, s, 4096-5, "a full UPDATE")
	}
	// 23 bytes of UPDATE header, 21 of attributes (ORIGIN, AS_PATH, NEXT_HOP,
	// LOCAL_PREF), 5 bytes a /32
	assert.Equal(t, 2000-2*((4096-23-21)/5), rib.pending, "the routes of the partial UPDATE stay pending")

	// the next batch starts with them
	sizes = carryPack(t, rib, p, 2010, 2100, true)
	assert.Len(t, sizes, 1)
	assert.Equal(t, 0, rib.pending)

	// without carry (a pause, or an End-of-RIB to follow) everything goes
	sizes = carryPack(t, rib, p, 2100, 4100, false)
	assert.Len(t, sizes, 3)
	assert.Equal(t, 0, rib.pending)
	assert.Equal(t, 4100, rib.len())
}
