package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// qaConfs lists the configurations of the legacy QA suite.
func qaConfs(t *testing.T) []string {
	t.Helper()
	return globFiles(t, qaDir(t), "etc", "*.conf")
}

// TestQAConfsLoad checks every configuration of the legacy QA suite is
// accepted. A file failing only because of route syntax is reported apart.
func TestQAConfsLoad(t *testing.T) {
	confs := qaConfs(t)
	assert.Len(t, confs, 66)
	loaded := 0
	for _, path := range confs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, err := Load(path)
			if err == nil {
				loaded++
				return
			}
			b := newBuilder()
			b.routes = func(*Node) ([]Route, error) { return nil, nil }
			if _, err2 := b.load([]string{path}); err2 == nil {
				t.Errorf("route syntax only: %v", err)
				return
			}
			t.Errorf("%v", err)
		})
	}
	t.Logf("%d of %d QA configurations load", loaded, len(confs))
}

// TestQAConfsMatchExaBGP compares, for every QA configuration, what exago
// builds with what Debian's ExaBGP 4.2 builds (testdata/exabgp_dump.py).
func TestQAConfsMatchExaBGP(t *testing.T) {
	matchExaBGP(t, qaConfs(t))
}

// TestValidCorpusMatchesExaBGP does the same for testdata/valid, except the
// files marked "exago-only" (spellings ExaBGP 4.2 rejects).
func TestValidCorpusMatchesExaBGP(t *testing.T) {
	all, err := filepath.Glob(filepath.Join("testdata", "valid", "*.conf"))
	require.NoError(t, err)
	var confs []string
	for _, path := range all {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		if !bytes.Contains(src, []byte("exago-only")) {
			confs = append(confs, path)
		}
	}
	require.NotEmpty(t, confs)
	matchExaBGP(t, confs)
}

func matchExaBGP(t *testing.T, confs []string) {
	if testing.Short() {
		t.Skip("differential test against ExaBGP skipped in -short mode")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import exabgp").Run(); err != nil {
		t.Skip("ExaBGP 4.2 (python3 -m exabgp) is not installed")
	}
	// ExaBGP checks the helper programs exist: work on a copy with
	// placeholder helpers.
	tmp := t.TempDir()
	var names []string
	for _, path := range confs {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		name := filepath.Base(path)
		names = append(names, name)
		require.NoError(t, os.WriteFile(filepath.Join(tmp, name), src, 0o644))
		c, err := Load(path)
		if err != nil {
			continue
		}
		for _, p := range c.Processes {
			prog := p.Args[0]
			if strings.HasPrefix(prog, "/") || !strings.Contains(prog, "/") && !strings.HasSuffix(prog, ".run") {
				continue
			}
			full := filepath.Join(tmp, prog)
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			require.NoError(t, os.WriteFile(full, []byte("#!/bin/sh\n"), 0o755))
		}
	}
	script, err := filepath.Abs(filepath.Join("testdata", "exabgp_dump.py"))
	require.NoError(t, err)
	cmd := exec.Command("/usr/bin/python3", append([]string{script}, names...)...)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "exabgp_log_level=ERR", "exabgp_log_enable=false")
	out, err := cmd.Output()
	require.NoError(t, err)
	want := splitFiles(string(out))
	for _, path := range confs {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			c, err := Load(path)
			require.NoError(t, err)
			assert.Equal(t, want[name], describe(path, c))
		})
	}
}

// splitFiles cuts the dump into one text per "FILE name" section.
func splitFiles(out string) map[string]string {
	files := map[string]string{}
	var name string
	for _, line := range strings.SplitAfter(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "FILE "); ok {
			name, _, _ = strings.Cut(rest, " ")
		}
		if name != "" {
			files[name] += line
		}
	}
	return files
}

// TestValidCorpus builds testdata/valid/*.conf and compares the model with
// the golden .json next to it (-update rewrites them).
func TestValidCorpus(t *testing.T) {
	for _, path := range globFiles(t, "testdata", "valid", "*.conf") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			c, err := Parse(filepath.Base(path), src)
			require.NoError(t, err)
			for _, p := range c.Processes {
				p.Dir = "." // machine independent
			}
			got := goldenModel(t, c)
			golden := strings.TrimSuffix(path, ".conf") + ".json"
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create the golden file")
			assert.Equal(t, string(want), string(got))
		})
	}
}

// goldenModel renders the model as indented JSON, families as their names.
func goldenModel(t *testing.T, c *Config) []byte {
	t.Helper()
	type capsView struct {
		Capabilities
		AddPath map[string]AddPathMode `json:",omitempty"`
		NextHop map[string]string      `json:",omitempty"`
	}
	type neighborView struct {
		*Neighbor
		Families     []string
		Capabilities capsView
		Routes       []string `json:",omitempty"`
	}
	view := struct {
		Processes []*Process
		Neighbors []neighborView
	}{Processes: c.Processes}
	for _, n := range c.Neighbors {
		v := neighborView{Neighbor: n, Capabilities: capsView{Capabilities: n.Capabilities}}
		for _, f := range n.Families {
			v.Families = append(v.Families, f.String())
		}
		if n.Capabilities.AddPath != nil {
			v.Capabilities.AddPath = map[string]AddPathMode{}
			for f, m := range n.Capabilities.AddPath {
				v.Capabilities.AddPath[f.String()] = m
			}
		}
		if n.Capabilities.NextHop != nil {
			v.Capabilities.NextHop = map[string]string{}
			for f, a := range n.Capabilities.NextHop {
				v.Capabilities.NextHop[f.String()] = a.String()
			}
		}
		for _, r := range n.Routes {
			if r.NLRI != nil {
				v.Routes = append(v.Routes, r.NLRI.String())
			}
		}
		view.Neighbors = append(view.Neighbors, v)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(view))
	return buf.Bytes()
}

// TestInvalidCorpus checks each testdata/invalid/*.conf fails with the
// error written on its first line ("# error: file:line:col: message").
func TestInvalidCorpus(t *testing.T) {
	for _, path := range globFiles(t, "testdata", "invalid", "*.conf") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			first, _, _ := strings.Cut(string(src), "\n")
			want, ok := strings.CutPrefix(first, "# error: ")
			require.True(t, ok, "first line must be # error: file:line:col: message")
			_, err = Parse(filepath.Base(path), src)
			require.Error(t, err)
			assert.Equal(t, want, err.Error())
		})
	}
}

// TestLoadFiles loads two files into one configuration: processes run from
// their own file's folder and a neighbor may use a process of another file.
func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	first := filepath.Join(dir, "a.conf")
	second := filepath.Join(sub, "b.conf")
	require.NoError(t, os.WriteFile(first, []byte("process p { run ./p.sh 'two words'; encoder json; }\n"), 0o644))
	require.NoError(t, os.WriteFile(second, []byte(`neighbor 10.0.0.1 {
	router-id 10.0.0.2; local-address 10.0.0.2; local-as 1; peer-as 2;
	api { processes [ p ]; }
}
`), 0o644))
	c, err := Load(first, second)
	require.NoError(t, err)
	assert.Equal(t, []string{first, second}, c.Files)
	require.Len(t, c.Processes, 1)
	p := c.Processes[0]
	assert.Equal(t, dir, p.Dir)
	assert.Equal(t, []string{"./p.sh", "two words"}, p.Args)
	assert.Equal(t, `./p.sh 'two words'`, p.Run)
	require.Len(t, c.Neighbors, 1)
	assert.Equal(t, "10.0.0.1", c.Neighbors[0].PeerAddress.String())

	_, err = Load(second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `b.conf:3:2: an api called "p" is used by neighbor 10.0.0.1 but not defined`)

	_, err = Load(filepath.Join(dir, "missing.conf"))
	require.Error(t, err)
}
