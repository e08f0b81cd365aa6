package api

import (
	"bytes"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

func TestMatchHealthcheck(t *testing.T) {
	tests := []struct {
		name   string
		run    string
		exabgp string // "" when the line must run unchanged
		rest   string
	}{
		// the forms of ExaBGP's documentation, examples and wiki
		{"exabgp", `exabgp healthcheck --cmd "curl -sf http://x/"`, "exabgp healthcheck", ` --cmd "curl -sf http://x/"`},
		{"usr bin exabgp", `/usr/bin/exabgp healthcheck --ip 192.0.2.1/32`, "/usr/bin/exabgp healthcheck", ` --ip 192.0.2.1/32`},
		{"usr sbin exabgp", `/usr/sbin/exabgp healthcheck`, "/usr/sbin/exabgp healthcheck", ``},
		{"relative exabgp", `./sbin/exabgp healthcheck -s`, "./sbin/exabgp healthcheck", ` -s`},
		{"exabgp --run", `exabgp --run healthcheck --name web`, "exabgp --run healthcheck", ` --name web`},
		{"python -m exabgp", `python -m exabgp healthcheck -s --name nginx --cmd "curl --fail --verbose --max-time 2 http://localhost" --start-ip 0`, "python -m exabgp healthcheck", ` -s --name nginx --cmd "curl --fail --verbose --max-time 2 http://localhost" --start-ip 0`},
		{"python3 -m exabgp", `python3 -m exabgp healthcheck --cmd true`, "python3 -m exabgp healthcheck", ` --cmd true`},
		{"python2.7", `python2.7 -m exabgp healthcheck`, "python2.7 -m exabgp healthcheck", ``},
		{"python3.11 path", `/usr/local/bin/python3.11 -m exabgp healthcheck --cmd true`, "/usr/local/bin/python3.11 -m exabgp healthcheck", ` --cmd true`},
		{"exabgp.healthcheck", `python -m exabgp.healthcheck --cmd true`, "python -m exabgp.healthcheck", ` --cmd true`},
		{"exabgp.application.healthcheck", `/usr/bin/python3 -m exabgp.application.healthcheck --cmd true`, "/usr/bin/python3 -m exabgp.application.healthcheck", ` --cmd true`},
		// quoting and layout the shell removes
		{"quoted program", `"python3" -m 'exabgp' healthcheck --cmd true`, "python3 -m exabgp healthcheck", ` --cmd true`},
		{"backslash", `exa\bgp health\check x`, "exabgp healthcheck", ` x`},
		{"leading and tab blanks", "  exabgp\thealthcheck\t--cmd true", "exabgp healthcheck", "\t--cmd true"},
		{"line continuation", "exabgp \\\nhealthcheck \\\n--cmd true", "exabgp healthcheck", " \\\n--cmd true"},
		{"operator right after", `exabgp healthcheck|cat`, "exabgp healthcheck", `|cat`},
		{"redirection kept", `exabgp healthcheck --cmd true 2>/dev/null`, "exabgp healthcheck", ` --cmd true 2>/dev/null`},
		{"expansion in arguments kept", `exabgp healthcheck --name "$NAME"`, "exabgp healthcheck", ` --name "$NAME"`},

		// anything else runs unchanged
		{"exago", `exago healthcheck --cmd true`, "", ""},
		{"exabgp daemon", `exabgp /etc/exabgp/exabgp.conf`, "", ""},
		{"exabgp alone", `exabgp`, "", ""},
		{"exabgp cli", `exabgp cli show neighbor`, "", ""},
		{"healthcheck script", `/etc/exabgp/processes/healthcheck.py --cmd true`, "", ""},
		{"bin healthcheck", `/usr/bin/healthcheck --cmd true`, "", ""},
		{"exabgp-like name", `exabgp2 healthcheck`, "", ""},
		{"exabgp folder", `exabgp/ healthcheck`, "", ""},
		{"python other module", `python3 -m http.server`, "", ""},
		{"python script", `python3 exabgp healthcheck`, "", ""},
		{"python option first", `python3 -u -m exabgp healthcheck`, "", ""},
		{"python -m exabgp daemon", `python3 -m exabgp /etc/exabgp.conf`, "", ""},
		{"python -m exabgp alone", `python3 -m exabgp`, "", ""},
		{"pythonic name", `python3x -m exabgp healthcheck`, "", ""},
		{"env prefix", `env exabgp healthcheck`, "", ""},
		{"assignment prefix", `FOO=1 exabgp healthcheck`, "", ""},
		{"variable program", `$EXABGP healthcheck`, "", ""},
		{"variable in program", `/opt/$V/exabgp healthcheck`, "", ""},
		{"quoted variable program", `"$EXABGP" healthcheck`, "", ""},
		{"command substitution", "`which exabgp` healthcheck", "", ""},
		{"glob program", `/usr/*/exabgp healthcheck`, "", ""},
		{"glob subcommand", `exabgp health*`, "", ""},
		{"one quoted word", `"exabgp healthcheck"`, "", ""},
		{"subcommand in next command", `exabgp; healthcheck`, "", ""},
		{"unterminated quote", `exabgp "healthcheck`, "", ""},
		{"empty", ``, "", ""},
		{"blank", `   `, "", ""},
		{"subshell", `(exabgp healthcheck)`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exabgp, rest, ok := matchHealthcheck(tt.run)
			assert.Equal(t, tt.exabgp != "", ok)
			assert.Equal(t, tt.exabgp, exabgp)
			assert.Equal(t, tt.rest, rest)
		})
	}
}

// argvScript writes a program that prints its arguments, one a line, into
// a folder whose name needs quoting.
func argvScript(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), `it's "exago"`)
	require.NoError(t, os.Mkdir(dir, 0o755))
	exe := filepath.Join(dir, "exago")
	require.NoError(t, os.WriteFile(exe, []byte("#!/bin/sh\nfor a; do printf '%s\\n' \"$a\"; done\n"), 0o755))
	return exe
}

// TestHealthcheckLineArgv runs the mapped lines through /bin/sh: exago
// gets "healthcheck" and the arguments split and expanded as the shell
// did for ExaBGP.
func TestHealthcheckLineArgv(t *testing.T) {
	exe := argvScript(t)
	tests := []struct {
		run  string
		argv []string
	}{
		{`python3 -m exabgp healthcheck --cmd "curl -sf http://x/" --ip 192.0.2.1/32`,
			[]string{"healthcheck", "--cmd", "curl -sf http://x/", "--ip", "192.0.2.1/32"}},
		{`exabgp healthcheck --cmd "mysql -u check -e 'SELECT 1'" --label mysql`,
			[]string{"healthcheck", "--cmd", "mysql -u check -e 'SELECT 1'", "--label", "mysql"}},
		{`/usr/bin/exabgp healthcheck --cmd 'test -e "/x y"'`,
			[]string{"healthcheck", "--cmd", `test -e "/x y"`}},
		{`python -m exabgp.healthcheck --cmd test\ -e\ /x --name "$NAME"`,
			[]string{"healthcheck", "--cmd", "test -e /x", "--name", "web one"}},
		{"exabgp --run healthcheck \\\n --interval 0.2 2>/dev/null",
			[]string{"healthcheck", "--interval", "0.2"}},
		{`/usr/bin/python3 -m exabgp.application.healthcheck`,
			[]string{"healthcheck"}},
		{`exabgp healthcheck --cmd ""`,
			[]string{"healthcheck", "--cmd", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.run, func(t *testing.T) {
			_, rest, ok := matchHealthcheck(tt.run)
			require.True(t, ok)
			cmd := exec.Command("/bin/sh", "-c", healthcheckLine(exe, rest))
			cmd.Env = append(os.Environ(), "NAME=web one")
			out, err := cmd.Output()
			require.NoError(t, err)
			assert.Equal(t, tt.argv, strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"))
		})
	}
}

// syncWriter is a log destination safe for concurrent writers.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestManagerRunsHealthcheck: a process whose configuration starts
// ExaBGP's healthcheck runs Options.Executable's "healthcheck" with the
// same arguments, and says so in one info line; another runs as written.
func TestManagerRunsHealthcheck(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(t.TempDir(), "exago bin")
	require.NoError(t, os.WriteFile(exe, []byte("#!/bin/sh\nfor a; do printf '%s\\n' \"$a\"; done > argv\n"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "own.sh"), []byte("#!/bin/sh\necho ran > own\n"), 0o755))
	conf := filepath.Join(dir, "exago.conf")
	require.NoError(t, os.WriteFile(conf, []byte(`process watch {
	run python3 -m exabgp healthcheck --cmd "curl -sf http://x/" --ip 192.0.2.1/32 --no-ip-setup;
	encoder text;
	respawn false;
}
process own {
	run ./own.sh;
	encoder text;
	respawn false;
}
neighbor 127.0.0.1 {
	router-id 127.0.0.2;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	api { processes [ watch own ]; }
}
`), 0o644))
	cfg, err := config.Load(conf)
	require.NoError(t, err)
	var logs syncWriter
	log := slog.New(slog.NewTextHandler(&logs, nil))
	m := New(cfg, testEnv(), &fakeCtl{}, log, Options{Executable: exe})
	start(t, m)

	assert.Equal(t, []string{"healthcheck", "--cmd", "curl -sf http://x/", "--ip", "192.0.2.1/32", "--no-ip-setup"},
		readFileLines(t, filepath.Join(dir, "argv"), 6))
	assert.Equal(t, []string{"ran"}, readFileLines(t, filepath.Join(dir, "own"), 1))
	// logged before the helper started, so before it wrote argv
	assert.Equal(t, 1, strings.Count(logs.String(), "healthcheck in place"), logs.String())
	assert.Contains(t, logs.String(), `level=INFO msg="running exago's healthcheck in place of ExaBGP's" process=watch exabgp="python3 -m exabgp healthcheck" exago="`+exe+` healthcheck"`)
}
