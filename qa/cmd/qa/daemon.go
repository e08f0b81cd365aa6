package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/exago/exago/qa/runner"
)

// resolveDaemon returns the daemon binary the tests run: flag (the
// --exago value) made usable from the work folder, or, when flag is
// empty, exago built from the module root into work.
func resolveDaemon(work *runner.Work, flag string) (string, error) {
	if flag != "" {
		return daemonPath(flag), nil
	}
	root, err := runner.ModuleRoot(".")
	if err != nil {
		return "", err
	}
	return work.BuildExago(root)
}

// daemonPath makes the --exago value usable from the work folder: a bare
// name is looked up in PATH, a relative path made absolute.
func daemonPath(p string) string {
	if !strings.Contains(p, "/") {
		if found, err := lookPath(p); err == nil {
			return found
		}
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// lookPath finds name, a regular file, in the folders of PATH.
func lookPath(name string) (string, error) {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return name, fmt.Errorf("%s not found in PATH", name)
}
