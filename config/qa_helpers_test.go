package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// qaDir returns the legacy QA data folder ($EXAGO_QA_DIR, else
// ../shared/exabgp-qa from the module root), skipping the test when absent.
func qaDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("EXAGO_QA_DIR"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	qa := filepath.Join(dir, "..", "shared", "exabgp-qa")
	if _, err := os.Stat(qa); err != nil {
		t.Skip("no QA data at " + qa)
	}
	return qa
}

// globFiles is filepath.Glob of filepath.Join(elem...), requiring at least
// one match.
func globFiles(t testing.TB, elem ...string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(elem...))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// qaWire returns the expected messages of a QA .msg file as upper-case hex,
// one a line, comment lines dropped.
func qaWire(msg []byte) string {
	var b strings.Builder
	for _, line := range strings.Split(string(msg), "\n") {
		if !strings.HasPrefix(line, "#") {
			b.WriteString(strings.ToUpper(strings.ReplaceAll(line, ":", "")))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// blockRoutes parses the routes of one block routeBlocks returned.
func blockRoutes(b *Node) ([]Route, error) {
	if b.Words[0].Text == "route" {
		return staticStatement(nil, b, true)
	}
	return routesFromBlock(b)
}
