package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

func TestGenerationFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		want    string
	}{
		{"default", nil, "4.2"},
		{"5.0 runner hint", []string{"exabgp_version=5.0.0-0+test"}, "5.0"},
		{"dotted hint", []string{"exabgp.version=5.0.13"}, "5.0"},
		{"4.x hint", []string{"exabgp_version=4.2.25"}, "4.2"},
		{"unknown hint keeps the default", []string{"exabgp_version=9.1"}, "4.2"},
		{"setting wins over the hint", []string{"exabgp_version=5.0.0", "exago_compat_generation=4.2"}, "4.2"},
		{"setting alone", []string{"exago.compat.generation=5"}, "5.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := LoadEnv(tt.environ, "")
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.Generation.Name)
			assert.Empty(t, e.Unknown, "exabgp_version is not an unknown setting")
		})
	}
	_, err := LoadEnv([]string{"exago_compat_generation=3.9"}, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exago.compat.generation")
}

func TestTCPConnections(t *testing.T) {
	e, err := LoadEnv([]string{"exabgp_tcp_connections=3"}, "")
	require.NoError(t, err)
	assert.Equal(t, 3, e.TCPAttempts)
	e, err = LoadEnv([]string{"exabgp.tcp.attempts=2"}, "")
	require.NoError(t, err)
	assert.Equal(t, 2, e.TCPAttempts)
	// 5.0's settings stay out of the 4.2 listings
	for _, l := range e.EnvLines(false) {
		assert.NotContains(t, l, "attempts")
		assert.NotContains(t, l, "exago.")
	}
}

func TestLookupGeneration(t *testing.T) {
	for v, want := range map[string]string{"4.2": "4.2", "4": "4.2", "4.1.2": "4.2", "5.0.0-0+test": "5.0", "5.1": "5.0"} {
		g, ok := LookupGeneration(v)
		require.True(t, ok, v)
		assert.Equal(t, want, g.Name, v)
	}
	_, ok := LookupGeneration("3.4")
	assert.False(t, ok)
	assert.Equal(t, "4.2", DefaultGeneration().Name)
}

func TestWireAttribute(t *testing.T) {
	g42, _ := LookupGeneration("4.2")
	g50, _ := LookupGeneration("5.0")
	cs := codec.Communities{codec.NewCommunity(30740, 30740), codec.NewCommunity(30740, 0)}
	assert.Equal(t, cs, g42.WireAttribute(cs))
	assert.Equal(t, codec.Communities{codec.NewCommunity(30740, 0), codec.NewCommunity(30740, 30740)}, g50.WireAttribute(cs))
	assert.Equal(t, codec.NewCommunity(30740, 30740), cs[0], "the route's own list is not changed")

	origin := codec.ExtendedCommunity{0x01, 0x03, 2, 3, 4, 5, 0x1a, 0x85}
	redirect := codec.ExtendedCommunity{0x80, 0x08, 0xff, 0xdc, 0, 0, 0x30, 0x39}
	asOrigin := codec.ExtendedCommunity{0x00, 0x03, 0x09, 0x29, 6, 7, 8, 9}
	ecs := codec.ExtendedCommunities{redirect, asOrigin, origin}
	// 4.2: configured order, route origin with an IPv4 administrator typed 0x00
	assert.Equal(t, codec.ExtendedCommunities{redirect, asOrigin, {0x00, 0x03, 2, 3, 4, 5, 0x1a, 0x85}}, g42.WireAttribute(ecs))
	// 5.0: sorted, type 0x01 (conf-flow-redirect)
	assert.Equal(t, codec.ExtendedCommunities{asOrigin, origin, redirect}, g50.WireAttribute(ecs))

	// a 4-byte AS route target: 0x02 in 4.2, 0x01 in 5.0 (conf-extended-attributes)
	as4 := codec.ExtendedCommunities{{0x02, 0x02, 0x00, 0x01, 0x13, 0xc8, 0x17, 0x70}}
	assert.Equal(t, as4, g42.WireAttribute(as4))
	assert.Equal(t, codec.ExtendedCommunities{{0x01, 0x02, 0x00, 0x01, 0x13, 0xc8, 0x17, 0x70}}, g50.WireAttribute(as4))
	// parsed forms: target:IP:N is 0x01 before the generation applies
	ec, err := parseExtCommunity("target:8.8.8.8:8000")
	require.NoError(t, err)
	assert.Equal(t, [8]byte{0x01, 0x02, 8, 8, 8, 8, 0x1f, 0x40}, ec)
	assert.Equal(t, codec.ExtendedCommunities{{0x00, 0x02, 8, 8, 8, 8, 0x1f, 0x40}}, g42.WireAttribute(codec.ExtendedCommunities{ec}))
}
