package session

import (
	"os"
	"testing"
)

// skipWithoutQA skips a test that reads ExaBGP's legacy QA data when the
// clone has no ../shared beside it.
func skipWithoutQA(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(qaDir); err != nil {
		t.Skipf("legacy QA data not found at %s", qaDir)
	}
}
