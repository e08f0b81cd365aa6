package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runArgs runs the command line and returns its exit code and outputs.
func runArgs(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	code := exitCode(err, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeConf(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.conf")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}

const goodConf = `neighbor 127.0.0.1 {
	router-id 127.0.0.2;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	static {
		route 10.0.0.0/24 next-hop self;
	}
}
`

func TestExitCodes(t *testing.T) {
	good := writeConf(t, goodConf)
	bad := writeConf(t, "neighbor 127.0.0.1 {\n\tlocal-as 65000;\n\tpeer-as bogus;\n}\n")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderrPart string
	}{
		{name: "validate good", args: []string{"validate", good}, code: 0, stdout: ": configuration valid: 1 neighbor(s), 0 process(es)\n"},
		{name: "legacy -t good", args: []string{"-t", good}, code: 0, stdout: ": configuration valid: 1 neighbor(s), 0 process(es)\n"},
		{name: "validate bad names position", args: []string{"validate", bad}, code: 2, stderrPart: bad + `:3:10: "bogus"`},
		{name: "legacy -t bad", args: []string{"-d", "-p", "-t", bad}, code: 2, stderrPart: bad + ":3:10:"},
		{name: "validate missing file", args: []string{"validate", "/nonexistent/exago.conf"}, code: 2, stderrPart: "/nonexistent/exago.conf"},
		{name: "validate without file", args: []string{"validate"}, code: 2, stderrPart: "no configuration file provided"},
		{name: "no configuration", args: []string{}, code: 2, stderrPart: "no configuration file provided"},
		{name: "unknown flag", args: []string{"--bogus", good}, code: 2, stderrPart: "unknown flag: --bogus"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "exago  : " + version},
		{name: "legacy version", args: []string{"-v"}, code: 0, stdout: "exago  : " + version},
		{name: "version with argument", args: []string{"version", "x"}, code: 2, stderrPart: "version takes no argument"},
		{name: "decode not hex", args: []string{"decode", "zz"}, code: 2, stderrPart: "hexadecimal"},
		{name: "decode bad family", args: []string{"decode", "--family", "ipv9 unicast", "00"}, code: 2, stderrPart: `unknown afi "ipv9"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runArgs(t, tc.args...)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr)
			if tc.stdout != "" {
				assert.Contains(t, stdout, tc.stdout)
			}
			if tc.stderrPart != "" {
				assert.Contains(t, stderr, tc.stderrPart)
			}
		})
	}
}

func TestDecodeUpdate(t *testing.T) {
	// conf-ipself4's route as ExaBGP 4.2 --decode shows it.
	code, stdout, stderr := runArgs(t, "decode", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0031:02:00000015400101004002004003047F00000140050400000064200A000000")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, `"message": { "update": { "attribute": { "origin": "igp", "local-preference": 100 }, "announce": { "ipv4 unicast": { "127.0.0.1": [ { "nlri": "10.0.0.0/32" } ] } } } }`)
	code2, stdout2, _ := runArgs(t, "-x", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0031 02 00000015400101004002004003047F00000140050400000064200A000000")
	require.Equal(t, 0, code2)
	assert.Contains(t, stdout2, `"nlri": "10.0.0.0/32"`)
}

func TestEnvListsSettings(t *testing.T) {
	t.Setenv("exabgp_tcp_port", "1790")
	code, stdout, stderr := runArgs(t, "env", "--diff")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "exabgp.tcp.port=1790")
	code, stdout, _ = runArgs(t, "--fe")
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "exabgp.tcp.port=1790")
	assert.Contains(t, stdout, "exabgp.api.ack=")
}

func TestValidateEverySharedConf(t *testing.T) {
	dir := qaDir(t)
	confs, err := filepath.Glob(filepath.Join(dir, "etc", "*.conf"))
	require.NoError(t, err)
	require.NotEmpty(t, confs)
	code, stdout, stderr := runArgs(t, append([]string{"validate"}, confs...)...)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, len(confs), strings.Count(stdout, "configuration valid"))
}

// qaDir is ExaBGP's legacy QA data, beside the clone or in $EXAGO_QA_DIR;
// the test is skipped without it.
func qaDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("EXAGO_QA_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "exabgp-qa")
	}
	if _, err := os.Stat(filepath.Join(dir, "etc")); err != nil {
		t.Skipf("legacy QA data not found at %s", dir)
	}
	return dir
}

func TestEnvFile(t *testing.T) {
	ini := filepath.Join(t.TempDir(), "exabgp.env")
	require.NoError(t, os.WriteFile(ini, []byte("[exabgp.tcp]\nport = 1791\n\n[exabgp.api]\nack = false\n"), 0o644))
	code, stdout, stderr := runArgs(t, "env", "--diff", "-e", ini)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "exabgp.tcp.port=1791\n")
	assert.Contains(t, stdout, "exabgp.api.ack=false\n")
	// the environment wins over the file
	t.Setenv("exabgp.tcp.port", "1792")
	_, stdout, _ = runArgs(t, "--de", "--env", ini)
	assert.Contains(t, stdout, "exabgp.tcp.port=1792\n")
	// a missing file is warned about, as ExaBGP does, and is no error
	code, _, stderr = runArgs(t, "env", "-e", "/nonexistent/exabgp.env")
	assert.Equal(t, 0, code)
	assert.Contains(t, stderr, "environment file /nonexistent/exabgp.env missing")
}

// TestShippedExamplesValidate keeps the examples under etc/ working as
// shipped.
func TestShippedExamplesValidate(t *testing.T) {
	confs, err := filepath.Glob(filepath.Join("..", "..", "etc", "*.conf"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(confs), 2)
	for _, c := range confs {
		code, stdout, stderr := runArgs(t, "validate", c)
		assert.Equal(t, 0, code, "%s: %s", c, stderr)
		assert.Contains(t, stdout, "configuration valid: 1 neighbor(s), 1 process(es)")
	}
}

// TestConfigErrorDetail checks the stderr of a configuration error: the
// first line is "exago: file:line:col: message" (what users grep), then
// the source line with a caret and a hint, the same through validate, -t
// and the daemon's start.
func TestConfigErrorDetail(t *testing.T) {
	bad := writeConf(t, "neighbor 127.0.0.1 {\n\tlocal-as 65000;\n\tpeer-as bogus;\n}\n")
	want := "exago: " + bad + `:3:10: "bogus" is an invalid ASN
   |
 3 |     peer-as bogus;
   |             ^
hint: an AS number is a decimal from 0 to 4294967295 (or ASPLAIN.ASDOT like 1.10)
`
	typo := writeConf(t, "neighbor 127.0.0.1 {\n\trouter-id 127.0.0.2;\n\tlocal-address 127.0.0.1;\n\tlocal-as 65000;\n\tpeer-as 65000;\n\thold-timer 30;\n}\n")
	wantTypo := "exago: " + typo + `:6:2: unknown neighbor keyword "hold-timer"
   |
 6 |     hold-timer 30;
   |     ^
hint: did you mean "hold-time"?
`
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"validate", []string{"validate", bad}, want},
		{"validate second file", []string{"validate", writeConf(t, goodConf), typo}, wantTypo},
		{"legacy -t", []string{"-t", bad}, want},
		{"server", []string{"server", bad}, want},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runArgs(t, tc.args...)
			assert.Equal(t, 2, code)
			// The daemon may log before the error: compare the error's lines.
			i := strings.Index(stderr, "exago: ")
			require.GreaterOrEqual(t, i, 0, "stderr: %s", stderr)
			assert.Equal(t, tc.want, stderr[i:])
		})
	}

	// Errors without a position stay one line.
	code, _, stderr := runArgs(t, "validate", "/nonexistent/exago.conf")
	assert.Equal(t, 2, code)
	assert.Equal(t, 1, strings.Count(stderr, "\n"), "stderr: %s", stderr)
	assert.True(t, strings.HasPrefix(stderr, "exago: read configuration: "), "stderr: %s", stderr)
}

func TestManPageFromFlags(t *testing.T) {
	code, stdout, stderr := runArgs(t, "man")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.HasPrefix(stdout, ".TH EXAGO 1 "))
	for _, want := range []string{
		".B exago cli [flags] [COMMAND...]",
		`\fB\-e\fR, \fB\-\-env\fR \fIstring\fR` + "\nenvironment file (default /etc/exabgp/exabgp.env)",
		`\fB\-s\fR, \fB\-\-socket\fR \fIstring\fR`,
		`\fB\-\-diff\fR` + "\nonly the settings that differ from the defaults",
		".SH EXAGO VALIDATE",
	} {
		assert.Contains(t, stdout, want)
	}
}
