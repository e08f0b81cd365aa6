package session

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// TestPrefixV4Key checks the direct key of an IPv4 unicast prefix against
// the key makeKey encodes.
func TestPrefixV4Key(t *testing.T) {
	for _, s := range []string{"0.0.0.0/0", "128.0.0.0/1", "10.0.0.0/7", "10.1.0.0/16", "10.1.2.0/23", "10.1.2.128/25", "10.1.2.3/32", "255.255.255.255/32"} {
		p := codec.Prefix{Fam: codec.IPv4Unicast, Prefix: netip.MustParsePrefix(s)}
		v, ok := prefixV4Key(p)
		require.True(t, ok, s)
		kb, err := makeKey(nil, p)
		require.NoError(t, err)
		want, ok := toV4Key(kb)
		require.True(t, ok, s)
		assert.Equal(t, want, v, s)
	}
	for _, n := range []codec.NLRI{
		codec.Prefix{Fam: codec.IPv4Unicast, Prefix: netip.MustParsePrefix("10.0.0.0/8"), PathID: 7},
		codec.Prefix{Fam: codec.IPv4Multicast, Prefix: netip.MustParsePrefix("224.0.0.0/8")},
		codec.Prefix{Fam: codec.IPv6Unicast, Prefix: netip.MustParsePrefix("2001:db8::/32")},
	} {
		_, ok := prefixV4Key(n)
		assert.False(t, ok, n.String())
	}
}

// TestChangeOrderAndNLRI checks that changes sort and encode as their
// key bytes do, IPv4 keys by value and others as strings mixed.
func TestChangeOrderAndNLRI(t *testing.T) {
	g := &group{family: codec.IPv4Unicast}
	var cs []change
	for _, s := range []string{"10.0.0.0/8", "9.0.0.0/8", "10.0.0.0/7", "10.1.0.0/16", "0.0.0.0/0", "10.1.2.3/32"} {
		p := codec.Prefix{Fam: codec.IPv4Unicast, Prefix: netip.MustParsePrefix(s)}
		kb, err := makeKey(nil, p)
		require.NoError(t, err)
		sl := slotOf(kb)
		require.Equal(t, uint8(slotV4), sl.kind)
		cs = append(cs, g.newChange(&sl, kb, 1, false))
		for _, addPath := range []bool{false, true} {
			want, err := p.AppendNLRI(nil, addPath)
			require.NoError(t, err)
			c := cs[len(cs)-1]
			assert.Equal(t, want, g.appendNLRI(nil, &c, addPath), s)
		}
	}
	withID := codec.Prefix{Fam: codec.IPv4Unicast, Prefix: netip.MustParsePrefix("10.0.0.0/8"), PathID: 9}
	kb, err := makeKey(nil, withID)
	require.NoError(t, err)
	sl := slotOf(kb)
	require.NotEqual(t, uint8(slotV4), sl.kind)
	cs = append(cs, g.newChange(&sl, kb, 1, false))
	want, err := withID.AppendNLRI(nil, true)
	require.NoError(t, err)
	assert.Equal(t, want, g.appendNLRI(nil, &cs[len(cs)-1], true))
	assert.Equal(t, uintptr(16), unsafe.Sizeof(change{}), "a change is 16 bytes")

	keys := func(cs []change) []string {
		var out []string
		for _, c := range cs {
			out = append(out, string(g.key(&c)))
		}
		return out
	}
	sorted := keys(cs)
	slices.Sort(sorted)
	slices.SortFunc(cs, g.compare)
	assert.Equal(t, sorted, keys(cs))
	assert.True(t, slices.IsSortedFunc(keys(cs), strings.Compare))
}
