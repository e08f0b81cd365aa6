package codec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSRPolicyKeptRaw keeps entries whose length does not fit the family.
func TestSRPolicyKeptRaw(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    Family
		hex  string
	}{
		{"ipv6 endpoint in ipv4 family", IPv4SRPolicy, "C0 00000002 00000003 20010DB8000000000000000000000001"},
		{"length not a whole policy", IPv4SRPolicy, "40 00000001 00000064"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wire := unhex(t, tt.hex)
			got, rest, err := DecodeSRPolicy(tt.f, wire, false)
			require.NoError(t, err)
			assert.Empty(t, rest)
			require.IsType(t, RawNLRI{}, got)
			b, err := got.AppendNLRI(nil, false)
			require.NoError(t, err)
			assert.Equal(t, wire, b)
		})
	}
	_, err := SRPolicy{Fam: IPv4SRPolicy}.AppendNLRI(nil, false)
	assert.Error(t, err)
}
