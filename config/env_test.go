package config

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadEnvDefaults(t *testing.T) {
	e, err := LoadEnv(nil, "")
	require.NoError(t, err)
	assert.Equal(t, uint16(179), e.TCPPort)
	assert.Empty(t, e.TCPBind, "tcp.bind defaults to no listening")
	assert.True(t, e.APIAck)
	assert.True(t, e.APIRespawn)
	assert.True(t, e.APICLI)
	assert.False(t, e.APITerminate)
	assert.Equal(t, "json", e.APIEncoder)
	assert.Equal(t, "exabgp", e.APIPipeName)
	assert.Equal(t, "INFO", e.LogLevel)
	assert.Equal(t, "stdout", e.LogDestination)
	assert.True(t, e.LogEnable)
	assert.Equal(t, "nobody", e.DaemonUser)
	assert.Equal(t, 60, e.BGPOpenWait)
	assert.Empty(t, e.Unknown)
	assert.Equal(t, DefaultEnv().Settings(), e.Settings())
}

func TestLoadEnvSources(t *testing.T) {
	dir := t.TempDir()
	ini := filepath.Join(dir, "exabgp.env")
	require.NoError(t, os.WriteFile(ini, []byte(`# comment
; another comment
[exabgp.tcp]
port = 1790
bind = '127.0.0.1 ::1'
once: true

[exabgp.api]
ack = false
encoder = "text"
pipename = 'my pipe'

[exabgp.log]
level = DEBUG
destination = syslog
mystery = 1

[other]
x = 1
`), 0o644))

	tests := []struct {
		name    string
		environ []string
		check   func(t *testing.T, e Env)
	}{
		{
			name: "file only",
			check: func(t *testing.T, e Env) {
				assert.Equal(t, uint16(1790), e.TCPPort)
				assert.Equal(t, []string{"127.0.0.1", "::1"}, e.TCPBind)
				assert.True(t, e.TCPOnce)
				assert.False(t, e.APIAck)
				assert.Equal(t, "text", e.APIEncoder)
				assert.Equal(t, "my pipe", e.APIPipeName)
				assert.Equal(t, "DEBUG", e.LogLevel)
				assert.Equal(t, "syslog", e.LogDestination)
				assert.ElementsMatch(t, []string{"log.mystery", "other.x"}, e.Unknown)
			},
		},
		{
			name:    "dotted variable beats the file",
			environ: []string{"exabgp.tcp.port=11179", "exabgp.api.ack=true"},
			check: func(t *testing.T, e Env) {
				assert.Equal(t, uint16(11179), e.TCPPort)
				assert.True(t, e.APIAck)
			},
		},
		{
			name:    "underscore variable beats the file",
			environ: []string{"exabgp_tcp_port=12179", "exabgp_tcp_bind=''"},
			check: func(t *testing.T, e Env) {
				assert.Equal(t, uint16(12179), e.TCPPort)
				assert.Empty(t, e.TCPBind, "an empty tcp.bind means do not listen")
			},
		},
		{
			name:    "dotted beats underscore",
			environ: []string{"exabgp_tcp_port=1", "exabgp.tcp.port=2"},
			check: func(t *testing.T, e Env) {
				assert.Equal(t, uint16(2), e.TCPPort)
			},
		},
		{
			name:    "unknown variables are collected",
			environ: []string{"exabgp.tcp.nosuch=1", "exabgp_foo_bar=2", "PATH=/bin", "exabgp_cli_pipe=x"},
			check: func(t *testing.T, e Env) {
				assert.Contains(t, e.Unknown, "tcp.nosuch")
				assert.Contains(t, e.Unknown, "foo.bar")
				assert.NotContains(t, e.Unknown, "cli.pipe")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := LoadEnv(tt.environ, ini)
			require.NoError(t, err)
			tt.check(t, e)
		})
	}
}

func TestLoadEnvBooleans(t *testing.T) {
	// ExaBGP 4.2: 1, yes, on, enable, true (any case) are true; anything
	// else, "enabled" included, is false.
	tests := []struct {
		value string
		want  bool
	}{
		{"1", true}, {"yes", true}, {"ON", true}, {"enable", true}, {"True", true},
		{"0", false}, {"no", false}, {"enabled", false}, {"", false}, {"'true'", false},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			e, err := LoadEnv([]string{"exabgp.api.terminate=" + tt.value}, "")
			require.NoError(t, err)
			assert.Equal(t, tt.want, e.APITerminate)
		})
	}
}

func TestLoadEnvErrors(t *testing.T) {
	tests := []struct {
		name, variable, want string
	}{
		{"port", "exabgp.tcp.port=http", "invalid value for tcp.port : http"},
		{"bind", "exabgp.tcp.bind=localhost", "invalid value for tcp.bind : localhost"},
		{"level", "exabgp.log.level=debug", "invalid value for log.level : debug"},
		{"encoder", "exabgp.api.encoder=xml", "invalid value for api.encoder : xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadEnv([]string{tt.variable}, "")
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// TestEnvListingsMatchExaBGP compares the four listings with Debian's
// exabgp --fe, --de, --fi and --di for the same file and variables.
func TestEnvListingsMatchExaBGP(t *testing.T) {
	if testing.Short() {
		t.Skip("differential test against ExaBGP skipped in -short mode")
	}
	if _, err := exec.LookPath("exabgp"); err != nil {
		t.Skip("exabgp is not installed")
	}
	ini := filepath.Join(t.TempDir(), "exabgp.env")
	require.NoError(t, os.WriteFile(ini, []byte("[exabgp.tcp]\nport = 1790\n[exabgp.log]\nlevel = CRIT\nshort = yes\n[exabgp.reactor]\nspeed = 0.5\n[exabgp.daemon]\numask = 022\n"), 0o644))
	environ := []string{"exabgp.tcp.bind=127.0.0.1 ::1", "exabgp_api_ack=0", "exabgp.api.encoder=TEXT"}
	e, err := LoadEnv(environ, ini)
	require.NoError(t, err)
	for flag, got := range map[string][]string{
		"--fe": e.EnvLines(false), "--de": e.EnvLines(true),
		"--fi": e.INILines(false), "--di": e.INILines(true),
	} {
		t.Run(flag, func(t *testing.T) {
			cmd := exec.Command("exabgp", "--env", ini, flag)
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, environ...)
			out, err := cmd.Output()
			require.NoError(t, err)
			assert.Equal(t, strings.TrimRight(string(out), "\n"), strings.Join(got, "\n"))
		})
	}
}

func TestExagoSettings(t *testing.T) {
	ini := filepath.Join(t.TempDir(), "exabgp.env")
	require.NoError(t, os.WriteFile(ini, []byte("[exabgp.tcp]\nport = 1790\n[exago.metrics]\naddress = '127.0.0.1:9179'\n[exabgp.api]\nsocketname = ctl\n"), 0o644))
	e, err := LoadEnv(nil, ini)
	require.NoError(t, err)
	assert.Empty(t, e.Unknown)
	assert.Equal(t, "127.0.0.1:9179", e.MetricsAddress)
	assert.Equal(t, "ctl", e.APISocketName)
	assert.Equal(t, []string{"", "[exago.metrics]", "address = '127.0.0.1:9179'"}, e.ExagoLines(true, true))
	assert.NotContains(t, strings.Join(e.EnvLines(false), "\n"), "exago", "ExaBGP's own listing stays ExaBGP's")

	e, err = LoadEnv([]string{"exago_metrics_address=[::1]:9100", "exabgp.api.socketpath=/run/x.sock"}, ini)
	require.NoError(t, err)
	assert.Empty(t, e.Unknown)
	assert.Equal(t, "[::1]:9100", e.MetricsAddress, "variables win over the file")
	assert.Equal(t, "/run/x.sock", e.APISocketPath)
	assert.Equal(t, []string{"exago.metrics.address='[::1]:9100'", "exago.compat.generation=''", "exago.bgp.staletime=360", "exago.bgp.multisession=''"}, e.ExagoLines(false, false))

	e, err = LoadEnv([]string{"exago_metrics_nothing=1"}, "")
	require.NoError(t, err)
	assert.Empty(t, e.MetricsAddress)
	assert.Equal(t, "exabgp", e.APISocketName)
	assert.Equal(t, []string(nil), e.ExagoLines(false, true))
}
