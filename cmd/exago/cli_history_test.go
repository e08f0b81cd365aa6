package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCLIHistoryPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := loadHistory(path)
	assert.Equal(t, 0, h.Len(), "no file: empty")
	h.Add("show neighbor summary")
	h.Add("show neighbor summary") // a repeat is not recorded twice
	h.Add("  ")
	h.Add("version")
	require.Equal(t, 2, h.Len())
	assert.Equal(t, "version", h.At(0), "0 is the most recent")
	assert.Equal(t, "show neighbor summary", h.At(1))

	again := loadHistory(path)
	require.Equal(t, 2, again.Len(), "the next session recalls the commands")
	assert.Equal(t, "version", again.At(0))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	for i := range historyLimit + 10 {
		again.Add("cmd " + strconv.Itoa(i))
	}
	assert.Equal(t, historyLimit, again.Len())
	assert.Equal(t, historyLimit, loadHistory(path).Len(), "a long file is cut to the limit")
	assert.Equal(t, "cmd "+strconv.Itoa(historyLimit+9), loadHistory(path).At(0))
}
