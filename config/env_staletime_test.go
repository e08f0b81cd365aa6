package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEnvStaleTime: exago.bgp.staletime bounds a restarted peer's stale
// routes (graceful restart), 360 seconds unless set.
func TestEnvStaleTime(t *testing.T) {
	for _, tt := range []struct {
		name string
		vars []string
		want time.Duration
	}{
		{"default", nil, 360 * time.Second},
		{"variable", []string{"exago_bgp_staletime=30"}, 30 * time.Second},
		{"dotted", []string{"exago.bgp.staletime=45"}, 45 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := LoadEnv(tt.vars, "")
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.GRStaleTime)
		})
	}
	_, err := LoadEnv([]string{"exago_bgp_staletime=soon"}, "")
	assert.Error(t, err)
}
