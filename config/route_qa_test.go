package config

import (
	"bufio"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// qaBadLines are the API lines of the suite that ExaBGP 4.2 refuses too.
var qaBadLines = map[string]string{
	"neighbor 127.0.0.1 local-as 1 family-allowed in-open announce                         route 9.9.9.9/24 next-hop 101.1.101.1": "host bits set: invalid network",
	// sent to a neighbor that does not exist; its prefix has host bits set
	"neighbor absentone local-as 1 peer-as 1 local-ip 127.0.0.1 router-id 1.2.3.4 announce route 9.9.9.9/21 next-hop 101.1.101.1 med 200 community [2:1]": "host bits set: invalid network",
}

// qaNotSent are API lines whose routes the peer never receives (no
// matching neighbor, failure markers).
var qaNotSent = map[string]bool{
	"neighbor 127.0.0.1 announce route 0.0.0.0/0 next-hop 255.255.255.255": true,
}

// expectedWire returns the raw messages (upper-case hex, one a line) the
// test of a commands file expects, "" when it has none.
func expectedWire(t *testing.T, qa, commands string) string {
	name := strings.TrimSuffix(filepath.Base(commands), ".commands")
	name, _, _ = strings.Cut(name, ".") // api-api.receive -> api-api
	msg, err := os.ReadFile(filepath.Join(qa, "ci", name+".msg"))
	if err != nil || !strings.Contains(string(msg), ":raw:") {
		return ""
	}
	return qaWire(msg)
}

// checkWire asserts that every attribute and NLRI of routes, encoded, is
// in wire.
func checkWire(t *testing.T, wire string, routes []Route, what string) {
	t.Helper()
	for _, r := range routes {
		for _, a := range r.Attributes {
			enc, err := codec.AppendAttribute(nil, a, codec.Options{ASN4: true})
			require.NoError(t, err)
			assert.Contains(t, wire, strings.ToUpper(hex.EncodeToString(enc)), "%s: attribute %s", what, a.Code())
		}
		_, addPath := r.NLRI.(codec.Prefix)
		addPath = addPath && r.NLRI.(codec.Prefix).PathID != 0
		enc, err := r.NLRI.AppendNLRI(nil, addPath)
		require.NoError(t, err)
		assert.Contains(t, wire, strings.ToUpper(hex.EncodeToString(enc)), "%s: nlri", what)
	}
}

// TestQACommands parses every announce and withdraw line the QA helpers send.
func TestQACommands(t *testing.T) {
	qa := qaDir(t)
	files := globFiles(t, qa, "api", "*.commands")
	parsed := 0
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			wire := expectedWire(t, qa, file)
			f, err := os.Open(file)
			require.NoError(t, err)
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				line := sc.Text()
				if strings.HasPrefix(strings.TrimSpace(line), "#") {
					continue
				}
				words := SplitWords(line)
				i := 0
				for i < len(words) && words[i] != "announce" && words[i] != "withdraw" {
					i++
				}
				if i+1 >= len(words) {
					continue
				}
				switch words[i+1] {
				case "route", "attribute", "attributes", "flow", "vpls", "ipv4", "ipv6", "l2vpn":
				default:
					continue // eor, watchdog, route-refresh...
				}
				routes, err := ParseUpdateCommand(words[i+1:])
				if why, bad := qaBadLines[line]; bad {
					assert.Error(t, err, "%s (%s)", line, why)
					continue
				}
				if assert.NoError(t, err, line) {
					assert.NotEmpty(t, routes, line)
					parsed++
					if words[i] == "announce" && wire != "" && !qaNotSent[line] {
						checkWire(t, wire, routes, line)
					}
				}
			}
			require.NoError(t, sc.Err())
		})
	}
	assert.Greater(t, parsed, 50)
}

// routeBlocks collects the route-bearing blocks of the neighbors (and
// templates) of a configuration tree.
func routeBlocks(nodes []*Node, inNeighbor bool, out []*Node) []*Node {
	for _, n := range nodes {
		if len(n.Words) == 0 {
			continue
		}
		switch n.Words[0].Text {
		case "static", "announce", "flow", "l2vpn", "vpls":
			if inNeighbor && (n.Block || n.Words[0].Text == "vpls") {
				out = append(out, n)
				continue
			}
		case "route":
			if inNeighbor {
				out = append(out, n)
				continue
			}
		case "neighbor", "template", "group", "peer":
			out = routeBlocks(n.Children, true, out)
			continue
		case "process", "api", "family", "capability":
			continue
		}
		if n.Block {
			out = routeBlocks(n.Children, inNeighbor, out)
		}
	}
	return out
}

// TestQAConfRoutes parses the route blocks of every QA configuration.
func TestQAConfRoutes(t *testing.T) {
	files := globFiles(t, qaDir(t), "etc", "*.conf")
	total := 0
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			tree, err := parseTree(file, src)
			require.NoError(t, err)
			for _, b := range routeBlocks(tree, false, nil) {
				routes, err := blockRoutes(b)
				if assert.NoError(t, err) {
					total += len(routes)
				}
			}
		})
	}
	assert.Greater(t, total, 100)
}
