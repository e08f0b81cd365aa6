package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/exago/exago/qa/runner"
)

// defaultSuite is the legacy suite: ../shared/exabgp-qa next to the
// module root when there is one, else /work/shared/exabgp-qa.
func defaultSuite() string {
	if root, err := runner.ModuleRoot("."); err == nil {
		p := filepath.Join(filepath.Dir(root), "shared", "exabgp-qa")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "/work/shared/exabgp-qa"
}

// loadTests loads the suite in dir and lists its tests.
func loadTests(dir string) (*runner.Suite, []runner.Test, error) {
	suite, err := runner.LoadSuite(dir)
	if err != nil {
		return nil, nil, err
	}
	tests, err := suite.Tests()
	if err != nil {
		return nil, nil, err
	}
	return suite, tests, nil
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	suiteDir := fs.String("suite", defaultSuite(), "suite folder (ci/, etc/, api/)")
	exago := fs.String("exago", "", "daemon binary (default: go build ./cmd/exago)")
	timeout := fs.Duration("timeout", 30*time.Second, "per-test timeout")
	jobs := fs.Int("jobs", 2, "tests run at once")
	list := fs.String("list", "", "file of test names to run")
	ratchet := fs.String("ratchet", "", "file of test names that must pass")
	verbose := fs.BoolP("verbose", "v", false, "print the failure diff and the daemon log tail")
	keep := fs.Bool("keep", false, "keep the work folder (kept anyway when a test fails)")
	generation := fs.String("generation", "auto", "runner rules: 4.2, 5.0 or auto (from the suite folder)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	suite, tests, err := loadTests(*suiteDir)
	if err != nil {
		fmt.Fprintln(stderr, "qa run:", err)
		return 2
	}
	gen, err := runner.ParseGeneration(*generation)
	if err != nil {
		fmt.Fprintln(stderr, "qa run:", err)
		return 2
	}
	if gen != "" {
		suite.Generation = gen
	}
	names := fs.Args()
	if *list != "" {
		l, err := runner.ReadList(*list)
		if err != nil {
			fmt.Fprintln(stderr, "qa run:", err)
			return 2
		}
		names = append(names, l...)
	}
	if tests, err = runner.Select(tests, names); err != nil {
		fmt.Fprintln(stderr, "qa run:", err)
		return 2
	}
	var must []string
	if *ratchet != "" {
		if must, err = runner.ReadList(*ratchet); err != nil {
			fmt.Fprintln(stderr, "qa run:", err)
			return 2
		}
	}

	work, err := runner.NewWork("", "")
	if err != nil {
		fmt.Fprintln(stderr, "qa run:", err)
		return 2
	}
	if err := work.AddSuite(suite); err != nil {
		fmt.Fprintln(stderr, "qa run:", err)
		return 2
	}
	daemon, err := resolveDaemon(work, *exago)
	if err != nil {
		fmt.Fprintln(stderr, "qa run:", err)
		work.Remove()
		return 2
	}
	fmt.Fprintf(stdout, "running %d tests of %s (%s rules) with %s (work %s)\n", len(tests), suite.Dir, suite.Generation, daemon, work.Dir)
	results := runner.Run(ctx, runner.Config{
		Suite: suite, Work: work, Daemon: daemon, Timeout: *timeout, Jobs: *jobs,
		Out: stdout, Verbose: *verbose,
	}, tests)

	failed := 0
	for _, r := range results {
		if !r.Pass {
			failed++
		}
	}
	if failed == 0 && !*keep {
		work.Remove()
	} else {
		fmt.Fprintf(stdout, "logs kept in %s/log\n", work.Dir)
	}
	if *ratchet != "" {
		regressed, unlisted := runner.Ratchet(results, must)
		for _, n := range unlisted {
			fmt.Fprintf(stdout, "passing but not in %s: %s\n", *ratchet, n)
		}
		for _, n := range regressed {
			fmt.Fprintf(stdout, "regression (listed in %s): %s\n", *ratchet, n)
		}
		if len(regressed) > 0 {
			return 1
		}
		return 0
	}
	if failed > 0 {
		return 1
	}
	return 0
}

func cmdList(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("list", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	suiteDir := fs.String("suite", defaultSuite(), "suite folder (ci/, etc/, api/)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	_, tests, err := loadTests(*suiteDir)
	if err != nil {
		fmt.Fprintln(stderr, "qa list:", err)
		return 2
	}
	for _, t := range tests {
		fmt.Fprintf(stdout, "%-28s %s\n", t.Name, strings.Join(t.Confs, " "))
	}
	return 0
}
