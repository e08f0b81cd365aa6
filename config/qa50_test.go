package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestQA50ConfsLoad checks every configuration of ExaBGP 5.0's functional
// suite (../shared/exabgp-qa-5.0/etc, 86 files, all accepted by ExaBGP
// 5.0.13) loads, as "exago validate" loads it.
func TestQA50ConfsLoad(t *testing.T) {
	dir := filepath.Join(filepath.Dir(qaDir(t)), "exabgp-qa-5.0")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no ExaBGP 5.0 QA data at " + dir)
	}
	confs := globFiles(t, dir, "etc", "*.conf")
	assert.Len(t, confs, 86)
	for _, path := range confs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, err := Load(path)
			assert.NoError(t, err)
		})
	}
}
