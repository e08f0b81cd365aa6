package main

import (
	"fmt"
	"io"

	"github.com/exago/exago/config"
)

// runValidate checks configuration files: exit 0 when every one loads,
// 2 with the first error otherwise: "file:line:column: message", then the
// offending line with a caret and a hint (printed by exitCode).
func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "validate CONF...", stderr)
	if ok, err := parseFlags(fs, args, "no configuration file provided"); !ok {
		return err
	}
	return validateFiles(fs.Args(), stdout)
}

// validateFiles loads each file as the daemon would (every file is a
// configuration of its own, as with ExaBGP) and reports the result; the
// first error ends the check.
func validateFiles(files []string, stdout io.Writer) error {
	for _, f := range files {
		cfg, err := config.Load(f)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		fmt.Fprintf(stdout, "%s: configuration valid: %d neighbor(s), %d process(es)\n", f, len(cfg.Neighbors), len(cfg.Processes))
	}
	return nil
}
