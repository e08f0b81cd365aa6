package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/exago/exago/config"
)

// defaultEnvFile is where ExaBGP looks for its settings.
const defaultEnvFile = "/etc/exabgp/exabgp.env"

// loadEnv reads the settings from the INI file (when present) and the
// process environment.
func loadEnv(path string) (config.Env, error) {
	if path == "" {
		path = defaultEnvFile
		if _, err := os.Stat(path); err != nil {
			path = ""
		}
	}
	env, err := config.LoadEnv(os.Environ(), path)
	if err != nil {
		return env, &exitError{code: 2, err: fmt.Errorf("environment: %w", err)}
	}
	return env, nil
}

// runEnv prints every setting with its value.
func runEnv(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("env", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.StringP("env", "e", "", "environment file")
	ini := fs.Bool("ini", false, "INI format instead of environment variables")
	diff := fs.Bool("diff", false, "only the settings that differ from the defaults")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return nil
		}
		return usageError("%v", err)
	}
	env, err := loadEnv(*file)
	if err != nil {
		return err
	}
	return printEnv(env, stdout, *ini, *diff)
}

// printEnv writes the settings as ExaBGP's --fi/--di (ini) or --fe/--de
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
