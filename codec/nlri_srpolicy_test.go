package codec

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSRPolicy(t *testing.T) {
	tests := []struct {
		name    string
		f       Family
		addPath bool
		hex     string
		want    SRPolicy
		text    string
	}{
		{
			name: "ipv4",
			f:    IPv4SRPolicy,
			hex:  "60 00000001 00000064 0A000001", // 96 bits: distinguisher 1, color 100, endpoint
			want: SRPolicy{Fam: IPv4SRPolicy, Distinguisher: 1, Color: 100, Endpoint: netip.MustParseAddr("10.0.0.1")},
			text: "distinguisher 1 color 100 endpoint 10.0.0.1",
		},
		{
			name: "ipv6",
			f:    IPv6SRPolicy,
			hex:  "C0 00000002 FFFFFFFF 20010DB8000000000000000000000001",
			want: SRPolicy{Fam: IPv6SRPolicy, Distinguisher: 2, Color: 4294967295, Endpoint: netip.MustParseAddr("2001:db8::1")},
			text: "distinguisher 2 color 4294967295 endpoint 2001:db8::1",
		},
		{
			name:    "ipv4 add-path",
			f:       IPv4SRPolicy,
			addPath: true,
			hex:     "00000007 60 00000001 00000064 0A000001",
			want:    SRPolicy{Fam: IPv4SRPolicy, Distinguisher: 1, Color: 100, Endpoint: netip.MustParseAddr("10.0.0.1"), PathID: 7},
			text:    "distinguisher 1 color 100 endpoint 10.0.0.1 path-information 0.0.0.7",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wire := unhex(t, tt.hex)
			got, rest, err := DecodeSRPolicy(tt.f, wire, tt.addPath)
			require.NoError(t, err)
			assert.Empty(t, rest)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.text, got.String())
			b, err := tt.want.AppendNLRI(nil, tt.addPath)
			require.NoError(t, err)
			assert.Equal(t, wire, b)
		})
	}
}

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
