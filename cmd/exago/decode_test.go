package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// varying are the fields of ExaBGP's JSON header that differ from run to
// run.
var varying = regexp.MustCompile(`"time": [0-9.]+|"host" : "[^"]*"|"pid" : [0-9]+|"ppid" : [0-9]+`)

func normalise(s string) string { return varying.ReplaceAllString(s, "VARYING") }

// TestDecodeLikeExaBGP runs "exago -x HEX CONF" for every message of the
// legacy QA data that Debian's exabgp 4.2 decoded (api/testdata/decode,
// captured with "exabgp --decode HEX CONF") and compares the JSON lines.
func TestDecodeLikeExaBGP(t *testing.T) {
	qa := qaDir(t)
	goldens, err := filepath.Glob(filepath.Join("..", "..", "api", "testdata", "decode", "*.golden"))
	require.NoError(t, err)
	require.NotEmpty(t, goldens)
	checked := 0
	for _, g := range goldens {
		var conf, hexMsg string
		var want []string
		rejected := false
		f, err := os.Open(g)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "# exabgp") && strings.Contains(line, " etc/"):
				conf = strings.Fields(line[strings.Index(line, " etc/"):])[0]
			case strings.HasPrefix(line, "hex: "):
				hexMsg = strings.TrimPrefix(line, "hex: ")
			case strings.HasPrefix(line, "json: "):
				want = append(want, normalise(strings.TrimPrefix(line, "json: ")))
			case strings.HasPrefix(line, "rejected"):
				rejected = true
			}
		}
		f.Close()
		if conf == "" || rejected || len(want) == 0 {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(g), ".golden")
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runArgs(t, "-x", hexMsg, filepath.Join(qa, conf))
			require.Equal(t, 0, code, stderr)
			got := strings.Split(strings.TrimSuffix(normalise(stdout), "\n"), "\n")
			assert.Equal(t, want, got)
		})
		checked++
	}
	assert.Greater(t, checked, 150, "goldens checked")
}
