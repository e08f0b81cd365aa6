// Package etc_test checks the shipped deployment files: the systemd units
// (with systemd-analyze when systemd is installed) and the Kubernetes
// manifests.
package etc_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unitSettings reads the [Service] settings of a unit file, a key given
// several times keeping its values in order.
func unitSettings(t *testing.T, path string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	out := map[string][]string{}
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			section = line
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		require.True(t, ok, "%s: %q", path, line)
		out[section+k] = append(out[section+k], v)
	}
	return out
}

func TestUnitsRunUnprivilegedWithNotify(t *testing.T) {
	for _, unit := range []string{"exago.service", "exago@.service"} {
		t.Run(unit, func(t *testing.T) {
			s := unitSettings(t, filepath.Join("systemd", unit))
			one := func(k string) string {
				v := s["[Service]"+k]
				require.Len(t, v, 1, k)
				return v[0]
			}
			assert.Equal(t, "notify", one("Type"))
			assert.Equal(t, "exago", one("User"))
			assert.Equal(t, "SIGTERM", one("KillSignal"))
			assert.Equal(t, "/bin/kill -USR1 $MAINPID", one("ExecReload"))
			assert.ElementsMatch(t, []string{"CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN"}, strings.Fields(one("AmbientCapabilities")))
			assert.Equal(t, one("AmbientCapabilities"), one("CapabilityBoundingSet"))
			assert.Equal(t, "exabgp", one("RuntimeDirectory"), "the control socket lives in /run/exabgp, where exago cli looks")
			assert.Contains(t, one("ExecStart"), "/usr/bin/exago server --env /etc/exago/")
		})
	}
}

// TestUnitsVerify runs systemd-analyze verify on both units, with the
// binary path pointed at an existing executable.
func TestUnitsVerify(t *testing.T) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("systemd-analyze not installed")
	}
	self, err := os.Executable()
	require.NoError(t, err)
	dir := t.TempDir()
	for _, unit := range []string{"exago.service", "exago@.service"} {
		data, err := os.ReadFile(filepath.Join("systemd", unit))
		require.NoError(t, err)
		data = bytes.ReplaceAll(data, []byte("/usr/bin/exago"), []byte(self))
		require.NoError(t, os.WriteFile(filepath.Join(dir, unit), data, 0o644))
	}
	for _, unit := range []string{"exago.service", "exago@edge.service"} {
		t.Run(unit, func(t *testing.T) {
			cmd := exec.Command("systemd-analyze", "verify", "--man=no", filepath.Join(dir, unit))
			cmd.Env = append(os.Environ(), "SYSTEMD_LOG_COLOR=0")
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, string(out))
			// warnings (unknown keys, bad values) leave the exit code 0
			assert.Empty(t, strings.TrimSpace(string(out)))
		})
	}
}
