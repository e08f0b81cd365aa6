package main

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/exago/exago/config"
	"github.com/exago/exago/logging"
)

// runValidate checks configuration files: exit 0 when every one loads,
// 2 with the first error otherwise: "file:line:column: message", then the
// offending line with a caret and a hint (printed by exitCode). Warnings
// (ExaBGP 3.x spellings and the like) go to stderr, one a line. With --fix
// it prints each file rewritten in ExaBGP 4.x syntax instead of the
// summary.
func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "validate [--fix] CONF...", stderr)
	fix := fs.Bool("fix", false, "print the configuration rewritten in ExaBGP 4.x syntax")
	if ok, err := parseFlags(fs, args, "no configuration file provided"); !ok {
		return err
	}
	if *fix {
		return migrateFiles(fs.Args(), stdout, stderr)
	}
	return validateFiles(fs.Args(), stdout, stderr)
}

// runMigrate is "exago migrate CONF...", the same as "validate --fix".
func runMigrate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", "migrate CONF...", stderr)
	if ok, err := parseFlags(fs, args, "no configuration file provided"); !ok {
		return err
	}
	return migrateFiles(fs.Args(), stdout, stderr)
}

// validateFiles loads each file as the daemon would (every file is a
// configuration of its own, as with ExaBGP) and reports the result; the
// first error ends the check.
func validateFiles(files []string, stdout, stderr io.Writer) error {
	for _, f := range files {
		cfg, err := config.Load(f)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		for _, w := range cfg.Warnings {
			fmt.Fprintln(stderr, w)
		}
		fmt.Fprintf(stdout, "%s: configuration valid: %d neighbor(s), %d process(es)\n", f, len(cfg.Neighbors), len(cfg.Processes))
	}
	return nil
}

// migrateFiles prints each file rewritten in ExaBGP 4.x syntax on stdout
// (the warnings that led to each change on stderr).
func migrateFiles(files []string, stdout, stderr io.Writer) error {
	for _, f := range files {
		out, warns, err := config.Migrate(f)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		for _, w := range warns {
			fmt.Fprintln(stderr, w)
		}
		if _, err := stdout.Write(out); err != nil {
			return err
		}
	}
	return nil
}

// logWarnings logs the compatibility warnings of a loaded configuration.
func logWarnings(log *slog.Logger, cfg *config.Config) {
	for _, w := range cfg.Warnings {
		log.Warn("configuration: "+w.Msg, "position", w.Pos.String(), "modern", w.Modern, logging.TopicKey, logging.TopicConfiguration)
	}
}
