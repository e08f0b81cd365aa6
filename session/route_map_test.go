package session

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// TestV4Key checks that IPv4 unicast keys go to the compact map and come
// back byte for byte, and that the other keys do not.
func TestV4Key(t *testing.T) {
	for _, tt := range []struct {
		prefix string
		pathID codec.PathID
	}{
		{"0.0.0.0/0", 0}, {"10.0.0.0/7", 0}, {"10.1.2.0/23", 0}, {"192.0.2.1/32", 0}, {"128.0.0.1/32", 0},
		{"10.1.2.0/23", 7}, {"192.0.2.1/32", 0xffffffff}, {"128.0.0.0/1", 1},
	} {
		t.Run(tt.prefix, func(t *testing.T) {
			k, err := makeKey(nil, codec.Prefix{Fam: codec.IPv4Unicast, Prefix: netip.MustParsePrefix(tt.prefix), PathID: tt.pathID})
			require.NoError(t, err)
			v, ok := toV4Key(k)
			s := slotOf(k)
			if tt.pathID != 0 {
				// a path identifier: a short key, by value too
				assert.False(t, ok)
				assert.Equal(t, uint8(slotShort), s.kind)
				return
			}
			require.True(t, ok)
			assert.Equal(t, k, v.appendTo(nil))
			assert.Equal(t, uint8(slotV4), s.kind)
		})
	}
	k, err := makeKey(nil, codec.Prefix{Fam: codec.IPv6Unicast, Prefix: netip.MustParsePrefix("2001:db8::/32")})
	require.NoError(t, err)
	_, ok := toV4Key(k)
	assert.False(t, ok)
	_, ok = toV4Key(string(k[:keyHeader]))
	assert.False(t, ok, "a key without NLRI")

	m := newRouteMap()
	set(&m, string(k), ribEntry{attr: 1})
	k4, _ := makeKey(nil, codec.Prefix{Fam: codec.IPv4Unicast, Prefix: netip.MustParsePrefix("10.0.0.0/8")})
	set(&m, k4, ribEntry{attr: 2})
	got := map[string]uint32{}
	m.each(func(k nlriKey, e ribEntry) { got[k] = e.attr })
	assert.Equal(t, map[string]uint32{string(k): 1, string(k4): 2}, got)
	del(&m, string(k4))
	assert.Equal(t, 1, m.count())
}
