package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// manSections are the subcommands the man page documents, in order, with
// what each does; their synopsis and options come from their own flag
// sets (each run with --help).
var manSections = []struct{ name, what string }{
	{"", "Run the daemon on the configuration files, as ExaBGP's command line does (also exago server)."},
	{"validate", "Check configuration files; errors give file:line:column, the line, a caret and a hint."},
	{"migrate", "Print configuration files in ExaBGP 4.x syntax (what exago validate --fix prints)."},
	{"decode", "Print a BGP message given in hex as ExaBGP's JSON."},
	{"cli", "Send a command to the running daemon over its control socket or named pipes; without a command, read commands at a prompt."},
	{"env", "Print the environment settings (ExaBGP's, then exago's own)."},
	{"healthcheck", "ExaBGP's anycast health-checker, run as a helper process: announces service addresses while a check command succeeds."},
	{"demo", "Run a configuration whose neighbors are on loopback (the shipped example by default) against a test BGP peer in the same process, printing every UPDATE it receives, decoded, until interrupted."},
	{"version", "Print the version."},
}

// flagLine is one line of pflag's FlagUsages: "  -e, --env string   help".
var flagLine = regexp.MustCompile(`^\s+(?:-(\S), )?--(\S+?)(?:\[=[^\]]*\])?(?: (\S+))?\s{2,}(.*)$`)

// runMan prints the exago(1) man page in roff, generated from the flag
// definitions of each subcommand (hidden subcommand, used to build the
// package).
func runMan(ctx context.Context, w io.Writer) error {
	var b strings.Builder
	date := time.Now().UTC()
	if sec, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		date = time.Unix(sec, 0).UTC() // reproducible builds
	}
	fmt.Fprintf(&b, ".TH EXAGO 1 %q %q \"exago manual\"\n", date.Format("2006-01-02"), "exago "+version)
	b.WriteString(".SH NAME\nexago \\- BGP route injector compatible with ExaBGP\n")
	b.WriteString(".SH SYNOPSIS\n")
	usages := map[string][]string{}
	for _, s := range manSections {
		var out bytes.Buffer
		args := []string{"--help"}
		if s.name != "" {
			args = []string{s.name, "--help"}
		}
		_ = run(ctx, args, &out, &out)
		usages[s.name] = strings.Split(out.String(), "\n")
		synopsis := strings.TrimSpace("exago " + s.name + " [flags]")
		for _, l := range usages[s.name] {
			if u, ok := strings.CutPrefix(l, "usage: "); ok {
				synopsis = u
				break
			}
		}
		fmt.Fprintf(&b, ".B %s\n.br\n", roffEscape(synopsis))
	}
	b.WriteString(".SH DESCRIPTION\n")
	b.WriteString("exago reads ExaBGP 4 configuration files and exabgp.env settings, opens the BGP sessions, ")
	b.WriteString("starts the helper processes and speaks their text and JSON API. ")
	b.WriteString("Settings come from /etc/exabgp/exabgp.env (or \\-\\-env FILE) and from variables ")
	b.WriteString("such as exabgp_tcp_port=1790; exago_metrics_address=127.0.0.1:9179 serves Prometheus metrics at /metrics.\n")
	for _, s := range manSections {
		title := "exago"
		if s.name != "" {
			title = "exago " + s.name
		}
		fmt.Fprintf(&b, ".SH %s\n%s\n", strings.ToUpper(title), roffEscape(s.what))
		for _, l := range usages[s.name] {
			m := flagLine.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			b.WriteString(".TP\n")
			if m[1] != "" {
				fmt.Fprintf(&b, "\\fB\\-%s\\fR, ", m[1])
			}
			fmt.Fprintf(&b, "\\fB\\-\\-%s\\fR", roffEscape(m[2]))
			if m[3] != "" {
				fmt.Fprintf(&b, " \\fI%s\\fR", m[3])
			}
			fmt.Fprintf(&b, "\n%s\n", roffEscape(m[4]))
		}
	}
	b.WriteString(".SH SIGNALS\nSIGUSR1 reloads the configuration; SIGUSR2 reloads it and restarts the helpers; ")
	b.WriteString("SIGTERM and SIGINT stop the daemon after sending a Cease NOTIFICATION to every peer.\n")
	b.WriteString(".SH EXIT STATUS\n0 success, 1 runtime failure, 2 bad usage or invalid configuration.\n")
	b.WriteString(".SH FILES\n/etc/exago/exago.conf, /etc/exago/exabgp.env, /run/exabgp/exabgp.sock\n")
	b.WriteString(".SH SEE ALSO\nexabgp(1), systemctl(1)\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// roffEscape protects backslashes, dashes and leading dots for roff.
func roffEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
