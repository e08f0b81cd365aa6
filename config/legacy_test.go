package config

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// legacyConfs are the 3.x-era configurations of testdata/legacy.
func legacyConfs(t *testing.T) []string {
	t.Helper()
	confs, err := filepath.Glob(filepath.Join("testdata", "legacy", "*.conf"))
	require.NoError(t, err)
	require.NotEmpty(t, confs)
	return confs
}

// TestLegacyGoldens loads each 3.x-era configuration of testdata/legacy:
// it must load with the warnings of its .warnings golden (file, line,
// column, the modern spelling), "validate --fix" must print its
// .migrated golden, and the migrated file must load without warnings into
// the same model (-update rewrites the goldens).
func TestLegacyGoldens(t *testing.T) {
	for _, path := range legacyConfs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			base := strings.TrimSuffix(path, ".conf")
			c, err := Load(path)
			require.NoError(t, err)
			require.NotEmpty(t, c.Warnings, "a legacy construct loads with a warning")
			var warns strings.Builder
			for _, w := range c.Warnings {
				warns.WriteString(w.String() + "\n")
			}
			out, mwarns, err := Migrate(path)
			require.NoError(t, err)
			assert.Equal(t, c.Warnings, mwarns, "validate and migrate warn alike")
			if *update {
				require.NoError(t, os.WriteFile(base+".warnings", []byte(warns.String()), 0o644))
				require.NoError(t, os.WriteFile(base+".migrated", out, 0o644))
				return
			}
			want, err := os.ReadFile(base + ".warnings")
			require.NoError(t, err, "run go test -update to create the golden files")
			assert.Equal(t, string(want), warns.String())
			want, err = os.ReadFile(base + ".migrated")
			require.NoError(t, err)
			assert.Equal(t, string(want), string(out))

			// the rewrite means the same: same model, nothing left to warn
			mpath := filepath.Join(t.TempDir(), filepath.Base(path))
			require.NoError(t, os.WriteFile(mpath, out, 0o644))
			m, err := Load(mpath)
			require.NoError(t, err)
			assert.Empty(t, m.Warnings)
			clearPositions(c)
			clearPositions(m)
			assert.Equal(t, string(goldenModel(t, c)), string(goldenModel(t, m)))
		})
	}
}

// TestLegacyMigratedAcceptedByExaBGP runs Debian's ExaBGP 4.2 ("exabgp
// --test") on the rewrite of each testdata/legacy configuration: it must
// accept every one.
func TestLegacyMigratedAcceptedByExaBGP(t *testing.T) {
	if testing.Short() {
		t.Skip("ExaBGP 4.2 check skipped in -short mode")
	}
	exabgp, err := exec.LookPath("exabgp")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/exabgp"); serr != nil {
			t.Skip("Debian's exabgp 4.2 is not installed")
		}
		exabgp = "/usr/sbin/exabgp"
	}
	// run as root, exabgp drops to nobody: the folder and files must be
	// readable by all
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o755))
	for _, path := range legacyConfs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			out, _, err := Migrate(path)
			require.NoError(t, err)
			mpath := filepath.Join(dir, filepath.Base(path))
			require.NoError(t, os.WriteFile(mpath, out, 0o644))
			require.NoError(t, os.Chmod(mpath, 0o644))
			cmd := exec.Command(exabgp, "--test", mpath)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "exabgp_log_level=ERR")
			log, err := cmd.CombinedOutput()
			assert.NoError(t, err, "exabgp --test refused:\n%s\n%s", out, log)
		})
	}
}

// clearPositions drops what differs between a file and its rewrite:
// positions and the processes' folder.
func clearPositions(c *Config) {
	for _, p := range c.Processes {
		p.Dir, p.Pos = ".", Position{}
	}
	for _, n := range c.Neighbors {
		n.Pos = Position{}
		for i := range n.APIs {
			n.APIs[i].Pos = Position{}
		}
	}
}

// TestMigrateQAConfsSameModel rewrites every configuration of ExaBGP
// 4.2's and 5.0's suites with Migrate and checks the rewrite loads into
// the same model: the printer loses nothing.
func TestMigrateQAConfsSameModel(t *testing.T) {
	confs := qaConfs(t)
	if five, err := filepath.Glob(filepath.Join(filepath.Dir(qaDir(t)), "exabgp-qa-5.0", "etc", "*.conf")); err == nil {
		confs = append(confs, five...)
	}
	dir := t.TempDir()
	for i, path := range confs {
		t.Run(filepath.Base(filepath.Dir(filepath.Dir(path)))+"/"+filepath.Base(path), func(t *testing.T) {
			out, _, err := Migrate(path)
			require.NoError(t, err)
			mpath := filepath.Join(dir, fmt.Sprintf("%d-%s", i, filepath.Base(path)))
			require.NoError(t, os.WriteFile(mpath, out, 0o644))
			orig, err := Load(path)
			require.NoError(t, err)
			m, err := Load(mpath)
			require.NoError(t, err, "%s", out)
			assert.Empty(t, m.Warnings)
			clearPositions(orig)
			clearPositions(m)
			assert.Equal(t, string(goldenModel(t, orig)), string(goldenModel(t, m)))
			require.Len(t, m.Neighbors, len(orig.Neighbors))
			for n := range orig.Neighbors {
				assert.Equal(t, orig.Neighbors[n].Routes, m.Neighbors[n].Routes, "routes of neighbor %d", n)
			}
		})
	}
}
