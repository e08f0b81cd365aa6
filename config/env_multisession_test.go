package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEnvMultiSession: exago.bgp.multisession = split turns the per-family
// sessions on; unset (or exabgp) keeps ExaBGP 4.2's single session; any
// other value is refused.
func TestEnvMultiSession(t *testing.T) {
	for _, tt := range []struct {
		name string
		vars []string
		want bool
	}{
		{"default", nil, false},
		{"exabgp", []string{"exago.bgp.multisession=exabgp"}, false},
		{"variable", []string{"exago_bgp_multisession=split"}, true},
		{"dotted", []string{"exago.bgp.multisession=split"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := LoadEnv(tt.vars, "")
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.MultiSessionSplit)
		})
	}
	_, err := LoadEnv([]string{"exago_bgp_multisession=per-family"}, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exago.bgp.multisession")
}
