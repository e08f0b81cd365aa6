package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// legacyOptions are ExaBGP 4.2's command line flags.
type legacyOptions struct {
	debug    bool
	pdb      bool
	test     bool
	version  bool
	help     bool
	once     bool
	validate bool
	env      string
	root     string
	decode   []string
	fullINI  bool
	fullEnv  bool
	diffINI  bool
	diffEnv  bool
}

func legacyFlags(o *legacyOptions, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("exago", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.BoolVarP(&o.debug, "debug", "d", false, "debug logging (log.all=true, log.level=DEBUG)")
	fs.BoolVarP(&o.pdb, "pdb", "p", false, "accepted for compatibility, ignored")
	fs.BoolVarP(&o.test, "test", "t", false, "check the configuration and exit")
	fs.BoolVar(&o.validate, "validate", false, "check the configuration and exit")
	fs.BoolVarP(&o.version, "version", "v", false, "print the version")
	fs.BoolVarP(&o.help, "help", "h", false, "print this help")
	fs.BoolVarP(&o.once, "once", "1", false, "one connection attempt per neighbor (tcp.once)")
	fs.StringVarP(&o.env, "env", "e", "", "environment file (default /etc/exabgp/exabgp.env)")
	fs.StringVarP(&o.root, "root", "f", "", "accepted for compatibility, ignored")
	fs.StringArrayVarP(&o.decode, "decode", "x", nil, "decode a BGP message given in hex")
	fs.BoolVar(&o.fullINI, "full-ini", false, "print every setting in INI format")
	fs.BoolVar(&o.fullINI, "fi", false, "shorthand for --full-ini")
	fs.BoolVar(&o.fullEnv, "full-env", false, "print every setting as environment variables")
	fs.BoolVar(&o.fullEnv, "fe", false, "shorthand for --full-env")
	fs.BoolVar(&o.diffINI, "diff-ini", false, "print the non-default settings in INI format")
	fs.BoolVar(&o.diffINI, "di", false, "shorthand for --diff-ini")
	fs.BoolVar(&o.diffEnv, "diff-env", false, "print the non-default settings as environment variables")
	fs.BoolVar(&o.diffEnv, "de", false, "shorthand for --diff-env")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: exago [flags] CONF...\n       exago server|validate|decode|env|version ...\n\nflags:\n%s", fs.FlagUsages())
	}
	return fs
}

// runLegacy runs ExaBGP's command line: the daemon, or one of the
// informational flags.
func runLegacy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o legacyOptions
	fs := legacyFlags(&o, stderr)
	if ok, err := parseFlags(fs, args, ""); !ok {
		return err
	}
	switch {
	case o.help:
		fs.SetOutput(stdout)
		fs.Usage()
		return nil
	case o.version:
		writeVersion(stdout)
		return nil
	case len(o.decode) > 0:
		conf := ""
		if fs.NArg() > 0 {
			conf = fs.Arg(0) // exabgp --decode HEX CONF: decode as from its first neighbor
		}
		return decodeHex(strings.Join(o.decode, ""), nil, conf, stdout)
	case o.fullINI || o.fullEnv || o.diffINI || o.diffEnv:
		env, err := loadEnv(o.env, stderr)
		if err != nil {
			return err
		}
		return printEnv(env, stdout, o.fullINI || o.diffINI, o.diffINI || o.diffEnv)
	}
	confs := fs.Args()
	if len(confs) == 0 {
		fs.Usage()
		return usageError("no configuration file provided")
	}
	if o.test || o.validate {
		return validateFiles(confs, stdout, stderr)
	}
	env, err := loadEnv(o.env, stderr)
	if err != nil {
		return err
	}
	if o.debug {
		env.Debug = true
		env.LogAll = true
		env.LogLevel = "DEBUG"
	}
	if o.once {
		env.TCPOnce = true
	}
	return runDaemon(ctx, env, confs, stdout, stderr)
}
