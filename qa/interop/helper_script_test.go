package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// feedProcess is exago's process block running the helper ./feed.sh
// with the JSON encoder.
const feedProcess = "process feed {\n\trun ./feed.sh;\n\tencoder json;\n}\n"

// sinkScript is a helper process script appending every line it reads
// to the file named by $OUT.
const sinkScript = "#!/bin/sh\nwhile read -r line; do printf '%s\\n' \"$line\" >> \"$OUT\"; done\n"

// stageFile is the file whose creation starts stage n of a staged helper.
func stageFile(dir string, n int) string {
	return filepath.Join(dir, fmt.Sprintf("stage-%d", n))
}

// stagedHelper is a helper process script printing the lines of
// stages[0] at once and those of each later stage n once stageFile(dir,
// n) exists; it then appends what it reads (the acks) to dir/acks.
func stagedHelper(dir string, stages ...[]string) string {
	var s strings.Builder
	s.WriteString("#!/bin/sh\n")
	for i, st := range stages {
		if i > 0 {
			fmt.Fprintf(&s, "while [ ! -e '%s' ]; do sleep 0.05; done\n", stageFile(dir, i))
		}
		for _, l := range st {
			fmt.Fprintf(&s, "echo '%s'\n", l)
		}
	}
	fmt.Fprintf(&s, "while read -r line; do printf '%%s\\n' \"$line\" >> '%s'; done\n", filepath.Join(dir, "acks"))
	return s.String()
}

// startStage starts stage n of the staged helper running in dir.
func startStage(t *testing.T, dir string, n int) {
	t.Helper()
	require.NoError(t, os.WriteFile(stageFile(dir, n), nil, 0o644))
}

// waitAcks waits until the staged helper running in dir has read n
// "done" acks.
func waitAcks(t *testing.T, dir string, n int) {
	t.Helper()
	eventually(t, testTimeout, fmt.Sprintf("%d acks to the helper", n), func() (bool, string) {
		b, _ := os.ReadFile(filepath.Join(dir, "acks"))
		return strings.Count(string(b), "done\n") == n, string(b)
	})
}
