package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

// TestValidateEvery50Conf validates the 86 configurations of ExaBGP 5.0's
// suite, which ExaBGP 5.0.13 accepts, in one "exago validate" run.
func TestValidateEvery50Conf(t *testing.T) {
	dir := filepath.Join(filepath.Dir(qaDir(t)), "exabgp-qa-5.0")
	confs, err := filepath.Glob(filepath.Join(dir, "etc", "*.conf"))
	require.NoError(t, err)
	if len(confs) == 0 {
		t.Skipf("ExaBGP 5.0 QA data not found at %s", dir)
	}
	assert.Len(t, confs, 86)
	code, stdout, stderr := runArgs(t, append([]string{"validate"}, confs...)...)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, len(confs), strings.Count(stdout, "configuration valid"))
	// conf-extended-attributes has one "}" too many, ignored with a warning
	assert.Contains(t, stderr, "conf-extended-attributes.conf:36:1: warning: this \"}\" closes no block")
}

// TestValidateFixAndMigrate checks a 3.x configuration: validate warns on
// stderr and succeeds, "validate --fix" and "migrate" print the same 4.x
// rewrite (the config package's golden), and a broken file still fails
// with its position.
func TestValidateFixAndMigrate(t *testing.T) {
	conf := filepath.Join("..", "..", "config", "testdata", "legacy", "group.conf")
	want, err := os.ReadFile(filepath.Join("..", "..", "config", "testdata", "legacy", "group.migrated"))
	require.NoError(t, err)

	code, stdout, stderr := runArgs(t, "validate", conf)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "configuration valid: 2 neighbor(s)")
	assert.Contains(t, stderr, "group.conf:3:1: warning: \"group\" is ExaBGP 3.x syntax")

	for _, args := range [][]string{{"validate", "--fix", conf}, {"migrate", conf}} {
		code, stdout, stderr = runArgs(t, args...)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, string(want), stdout, "%v", args)
		assert.Contains(t, stderr, "warning:")
	}

	bad := writeConf(t, "group g {\n\tlocal-as 1;\n\tneighbor 10.0.0.300 { }\n}\n")
	code, _, stderr = runArgs(t, "migrate", bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, bad+`:3:11: "10.0.0.300" is an invalid IP address`)
}

// TestLogWarnings checks the daemon logs each compatibility warning with
// its position and the modern spelling.
func TestLogWarnings(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "config", "testdata", "legacy", "graceful-restart.conf"))
	require.NoError(t, err)
	var buf bytes.Buffer
	logWarnings(slog.New(slog.NewTextHandler(&buf, nil)), cfg)
	assert.Contains(t, buf.String(), `position=../../config/testdata/legacy/graceful-restart.conf:7:2`)
	assert.Contains(t, buf.String(), `modern="capability { graceful-restart 120; }"`)
	assert.Equal(t, 2, strings.Count(buf.String(), "level=WARN"))
}
