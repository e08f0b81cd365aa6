package config

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// TestQAConfWire checks the wire form of the routes of each single-conf QA
// test against the messages ExaBGP 4.2 sends for it: every attribute
// (header and value) and every NLRI encoded from the parsed routes must
// appear in the test's expected hex.
func TestQAConfWire(t *testing.T) {
	qa := qaDir(t)
	cis := globFiles(t, qa, "ci", "conf-*.ci")
	for _, ci := range cis {
		name := strings.TrimSuffix(filepath.Base(ci), ".ci")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(ci)
			require.NoError(t, err)
			confs := strings.Fields(string(raw))
			if len(confs) != 1 {
				t.Skip("several configurations")
			}
			msg, err := os.ReadFile(strings.TrimSuffix(ci, ".ci") + ".msg")
			require.NoError(t, err)
			wire := qaWire(msg)
			file := filepath.Join(qa, "etc", confs[0])
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			tree, err := parseTree(file, src)
			require.NoError(t, err)
			isRaw := strings.Contains(string(msg), ":raw:")
			opts := codec.Options{ASN4: !strings.Contains(name, "no-asn4")}
			for _, b := range routeBlocks(tree, false, nil) {
				routes, err := blockRoutes(b)
				require.NoError(t, err)
				for _, r := range routes {
					if r.Withdrawn || r.Watchdog != "" {
						continue
					}
					if !isRaw {
						// decoded expectations: "N:announce:PREFIX"
						assert.Contains(t, wire, "ANNOUNCE"+strings.ToUpper(r.NLRI.String())+"\n")
						continue
					}
					for _, a := range r.Attributes {
						enc, err := codec.AppendAttribute(nil, DefaultGeneration().WireAttribute(a), opts)
						require.NoError(t, err)
						h := strings.ToUpper(hex.EncodeToString(enc))
						assert.Contains(t, wire, h, "line %d: attribute %s of %s", b.Pos.Line, a.Code(), r.NLRI)
					}
					addPath := strings.Contains(name, "path-information") || strings.Contains(name, "addpath")
					enc, err := r.NLRI.AppendNLRI(nil, addPath)
					require.NoError(t, err)
					h := strings.ToUpper(hex.EncodeToString(enc))
					assert.Contains(t, wire, h, "nlri %s", r.NLRI)
				}
			}
		})
	}
}
