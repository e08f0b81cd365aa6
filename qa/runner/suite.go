package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Suite is a folder holding ci/, etc/ and api/.
type Suite struct {
	Dir        string     // absolute
	Generation Generation // whose runner rules apply
}

// Generation is the ExaBGP release line whose functional runner a suite
// was written for: it decides how the daemon is started, how the test
// peer reads the .msg files and when a test passes.
type Generation string

// The generations the runner knows.
const (
	Gen42 Generation = "4.2" // exabgp_tcp_once; a test passes when the peer does
	Gen50 Generation = "5.0" // exabgp_tcp_connections=N; the daemon must also exit by itself
)

// ParseGeneration reads "4.2" or "5.0" (also "4", "5", "auto" as "").
func ParseGeneration(s string) (Generation, error) {
	switch strings.TrimSpace(s) {
	case "", "auto":
		return "", nil
	case "4", "4.2":
		return Gen42, nil
	case "5", "5.0":
		return Gen50, nil
	}
	return "", fmt.Errorf("unknown generation %q (4.2 or 5.0)", s)
}

// DetectGeneration guesses a suite folder's generation: 5.0 when its name
// ends in 5.0 or its README says it is the 5.0 series, else 4.2.
func DetectGeneration(dir string) Generation {
	if strings.HasSuffix(filepath.Base(dir), "5.0") {
		return Gen50
	}
	if b, err := os.ReadFile(filepath.Join(dir, "README.md")); err == nil {
		first, _, _ := strings.Cut(string(b), "\n")
		if strings.Contains(first, "5.0 series") {
			return Gen50
		}
	}
	return Gen42
}

// Test is one ci/NAME.ci + NAME.msg pair.
type Test struct {
	Name  string
	Confs []string // conf names relative to etc/
	Msg   string   // absolute path of NAME.msg
}

// LoadSuite checks dir has a ci/ folder.
func LoadSuite(dir string) (*Suite, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("suite %s: %w", dir, err)
	}
	if st, err := os.Stat(filepath.Join(abs, "ci")); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("suite %s: no ci/ folder", dir)
	}
	return &Suite{Dir: abs, Generation: DetectGeneration(abs)}, nil
}

// Tests lists the suite's tests sorted by name.
func (s *Suite) Tests() ([]Test, error) {
	cis, err := filepath.Glob(filepath.Join(s.Dir, "ci", "*.ci"))
	if err != nil {
		return nil, fmt.Errorf("list tests: %w", err)
	}
	sort.Strings(cis)
	var out []Test
	for _, ci := range cis {
		b, err := os.ReadFile(ci)
		if err != nil {
			return nil, fmt.Errorf("read test: %w", err)
		}
		first, _, _ := strings.Cut(string(b), "\n")
		name := strings.TrimSuffix(filepath.Base(ci), ".ci")
		t := Test{Name: name, Confs: strings.Fields(first), Msg: strings.TrimSuffix(ci, ".ci") + ".msg"}
		if len(t.Confs) == 0 {
			return nil, fmt.Errorf("test %s: %s names no configuration", name, ci)
		}
		out = append(out, t)
	}
	return out, nil
}

// Select keeps the tests named (all when names is empty).
func Select(tests []Test, names []string) ([]Test, error) {
	if len(names) == 0 {
		return tests, nil
	}
	by := map[string]Test{}
	for _, t := range tests {
		by[t.Name] = t
	}
	var out []Test
	for _, n := range names {
		n = strings.TrimSuffix(filepath.Base(n), ".ci")
		t, ok := by[n]
		if !ok {
			return nil, fmt.Errorf("no test called %q", n)
		}
		out = append(out, t)
	}
	return out, nil
}

var runLine = regexp.MustCompile(`(?m)^\s*run\s+([^;\s]+)[^;]*;`)

// helperScripts lists the relative helper paths a conf names with
// "run ./run/NAME.run;" (any path under ./run/).
func helperScripts(conf []byte) []string {
	var out []string
	for _, m := range runLine.FindAllSubmatch(conf, -1) {
		p := filepath.Clean(string(m[1]))
		if strings.HasPrefix(p, "run/") {
			out = append(out, p)
		}
	}
	return out
}

// ReadList reads a file of test names, one a line, '#' comments allowed.
func ReadList(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read list: %w", err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		l, _, _ = strings.Cut(l, "#")
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}
