package runner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHelperScripts(t *testing.T) {
	conf := `process a {
	run ./run/api-check.run;
	encoder text;
}
process b {
	run python3 -m exabgp healthcheck -s --name nginx;
}
# run ./run/commented.run;
process c {
	run ./example-tcp-control.run;
}
process d {
	run ./run/syslog-1.py;
}
`
	assert.Equal(t, []string{"run/api-check.run", "run/syslog-1.py"}, helperScripts([]byte(conf)))
}

func TestRatchet(t *testing.T) {
	results := []Result{{Name: "a", Pass: true}, {Name: "b"}, {Name: "c", Pass: true}}
	regressed, unlisted := Ratchet(results, []string{"a", "b", "not-run"})
	assert.Equal(t, []string{"b"}, regressed)
	assert.Equal(t, []string{"c"}, unlisted)
}

func TestSuite(t *testing.T) {
	s, err := LoadSuite("../cases")
	require.NoError(t, err)
	tests, err := s.Tests()
	require.NoError(t, err)
	require.NotEmpty(t, tests)
	for _, tc := range tests {
		t.Run(tc.Name, func(t *testing.T) {
			for _, c := range tc.Confs {
				assert.FileExists(t, filepath.Join(s.Dir, "etc", c))
			}
			assert.FileExists(t, tc.Msg)
		})
	}
	sel, err := Select(tests, []string{"qa-static-v4"})
	require.NoError(t, err)
	assert.Len(t, sel, 1)
	_, err = Select(tests, []string{"nope"})
	assert.Error(t, err)
}

func TestReadList(t *testing.T) {
	p := filepath.Join(t.TempDir(), "list")
	require.NoError(t, os.WriteFile(p, []byte("# must pass\nconf-a\n\n  conf-b # flaky once\n"), 0o644))
	l, err := ReadList(p)
	require.NoError(t, err)
	assert.Equal(t, []string{"conf-a", "conf-b"}, l)
}

func TestLayout(t *testing.T) {
	s, err := LoadSuite("../cases")
	require.NoError(t, err)
	self, err := os.Executable()
	require.NoError(t, err)
	w, err := NewWork(t.TempDir(), self)
	require.NoError(t, err)
	require.NoError(t, w.AddSuite(s))
	st, err := os.Stat(w.Dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), st.Mode().Perm())
	b, err := os.ReadFile(filepath.Join(w.Dir, "etc", "run", "qa-api-announce-withdraw.run"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "helper --name 'qa-api-announce-withdraw' --commands '"+s.Dir+"/api/qa-api-announce-withdraw.commands'")
	assert.FileExists(t, filepath.Join(w.Dir, "etc", "qa-static-v4.conf"))
}

// TestCasesAgainstExago runs qa/cases end to end against exago (skipped when
// cmd/exago does not build yet).
func TestCasesAgainstExago(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	root, err := ModuleRoot(".")
	require.NoError(t, err)
	bin := t.TempDir()
	build := func(pkg, out string) error {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, out), pkg)
		cmd.Dir = root
		msg, err := cmd.CombinedOutput()
		if err != nil {
			t.Logf("go build %s: %v\n%s", pkg, err, msg)
		}
		return err
	}
	if build("./cmd/exago", "exago") != nil {
		t.Skip("cmd/exago does not build yet")
	}
	require.NoError(t, build("./qa/cmd/qa", "qa"))
	s, err := LoadSuite("../cases")
	require.NoError(t, err)
	tests, err := s.Tests()
	require.NoError(t, err)
	w, err := NewWork("", filepath.Join(bin, "qa"))
	require.NoError(t, err)
	require.NoError(t, w.AddSuite(s))
	var out strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	results := Run(ctx, Config{Suite: s, Work: w, Daemon: filepath.Join(bin, "exago"), Timeout: 20 * time.Second, Jobs: 2, Out: &out}, tests)
	t.Log(out.String())
	failed := false
	for _, r := range results {
		if !assert.True(t, r.Pass, "%s: %v\n%s", r.Name, r.Err, r.Detail) {
			failed = true
			t.Log(tail(r.LogPath, 40))
		}
	}
	assert.Contains(t, out.String(), "passed, 0 failed")
	if !failed {
		w.Remove()
	}
}

func TestGeneration(t *testing.T) {
	dir := t.TempDir()
	named := filepath.Join(dir, "exabgp-qa-5.0")
	require.NoError(t, os.MkdirAll(filepath.Join(named, "ci"), 0o755))
	assert.Equal(t, Gen50, DetectGeneration(named))
	readme := filepath.Join(dir, "suite")
	require.NoError(t, os.MkdirAll(filepath.Join(readme, "ci"), 0o755))
	assert.Equal(t, Gen42, DetectGeneration(readme))
	require.NoError(t, os.WriteFile(filepath.Join(readme, "README.md"), []byte("# ExaBGP functional QA data (5.0 series)\n"), 0o644))
	s, err := LoadSuite(readme)
	require.NoError(t, err)
	assert.Equal(t, Gen50, s.Generation)

	for in, want := range map[string]Generation{"": "", "auto": "", "4.2": Gen42, "5": Gen50, "5.0": Gen50} {
		g, err := ParseGeneration(in)
		require.NoError(t, err)
		assert.Equal(t, want, g, in)
	}
	_, err = ParseGeneration("6.0")
	assert.Error(t, err)
}

func TestDaemonEnv(t *testing.T) {
	assert.Contains(t, DaemonEnv(Gen42, 1790, 0), "exabgp_tcp_once=true")
	env := DaemonEnv(Gen50, 1790, 3)
	assert.Contains(t, env, "exabgp_tcp_connections=3")
	assert.Contains(t, env, "exabgp_version=5.0.0-0+test")
	assert.NotContains(t, env, "exabgp_tcp_once=true")
	assert.Contains(t, DaemonEnv(Gen50, 1790, 0), "exabgp_tcp_connections=1")
	assert.Contains(t, env, "exabgp_tcp_port=1790")
}
