package main

import (
	"fmt"
	"io"
	"os"

	"github.com/exago/exago/config"
)

// loadEnv reads the settings from the INI file ExaBGP would read (path
// when it exists, else /etc/exabgp/exabgp.env when it exists) and the
// process environment, which wins. A missing path is only warned about,
// as ExaBGP does.
func loadEnv(path string, stderr io.Writer) (config.Env, error) {
	if path != "" && config.FindEnvFile(path) != path {
		fmt.Fprintf(stderr, "exago: environment file %s missing, using the defaults and the environment\n", path)
	}
	env, err := config.LoadEnv(os.Environ(), config.FindEnvFile(path))
	if err != nil {
		return env, &exitError{code: 2, err: fmt.Errorf("environment: %w", err)}
	}
	return env, nil
}

// runEnv prints every setting with its value: ExaBGP's, then exago's own
// (exago.metrics.address).
func runEnv(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("env", "", stderr)
	file := fs.StringP("env", "e", "", "environment file")
	ini := fs.Bool("ini", false, "INI format instead of environment variables")
	diff := fs.Bool("diff", false, "only the settings that differ from the defaults")
	if ok, err := parseFlags(fs, args, ""); !ok {
		return err
	}
	env, err := loadEnv(*file, stderr)
	if err != nil {
		return err
	}
	if err := printEnv(env, stdout, *ini, *diff); err != nil {
		return err
	}
	for _, l := range env.ExagoLines(*ini, *diff) {
		if _, err := fmt.Fprintln(stdout, l); err != nil {
			return fmt.Errorf("print settings: %w", err)
		}
	}
	return nil
}

// printEnv writes ExaBGP's settings as its --fi/--di (ini) or --fe/--de
// output.
func printEnv(env config.Env, w io.Writer, ini, diff bool) error {
	lines := env.EnvLines(diff)
	if ini {
		lines = env.INILines(diff)
	}
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return fmt.Errorf("print settings: %w", err)
		}
	}
	return nil
}
