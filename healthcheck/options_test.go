package healthcheck

import (
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDefaults(t *testing.T) {
	o, err := Parse(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 5*time.Second, o.Interval)
	assert.Equal(t, time.Second, o.FastInterval)
	assert.Equal(t, 5*time.Second, o.Timeout)
	assert.Equal(t, 3, o.Rise)
	assert.Equal(t, 3, o.Fall)
	assert.Equal(t, -1, o.LocalPreference)
	assert.Equal(t, 100, o.UpMetric)
	assert.Equal(t, 1000, o.DownMetric)
	assert.Equal(t, 500, o.DisabledMetric)
	assert.Equal(t, 1, o.Increase)
	assert.Equal(t, "daemon", o.SyslogFacility)
	assert.True(t, o.IPSetup)
	assert.False(t, o.HasCommand)
	assert.False(t, o.NextHop.IsValid())
}

func TestParseSpellings(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, o *Options)
	}{
		{"cmd alias", []string{"--cmd", "true"}, func(t *testing.T, o *Options) {
			assert.Equal(t, "true", o.Command)
			assert.True(t, o.HasCommand)
		}},
		{"short options", []string{"-c", "x", "-i", "0.5", "-f", "0.25", "-t", "2", "-N", "10.0.0.1", "-a", "-d", "-n", "web"}, func(t *testing.T, o *Options) {
			assert.Equal(t, "x", o.Command)
			assert.Equal(t, 500*time.Millisecond, o.Interval)
			assert.Equal(t, 250*time.Millisecond, o.FastInterval)
			assert.Equal(t, 2*time.Second, o.Timeout)
			assert.Equal(t, netip.MustParseAddr("10.0.0.1"), o.NextHop)
			assert.True(t, o.NoAck)
			assert.True(t, o.Debug)
			assert.Equal(t, "web", o.Name)
		}},
		{"argparse abbreviations", []string{"--fast", "2", "--withdraw", "--cm", "y"}, func(t *testing.T, o *Options) {
			assert.Equal(t, 2*time.Second, o.FastInterval)
			assert.True(t, o.WithdrawOnDown)
			assert.Equal(t, "y", o.Command)
		}},
		{"repeated ip and neighbor", []string{"--ip", "192.0.2.1", "--ip", "2001:db8::/64", "--neighbor", "10.0.0.1", "--neighbor", "*"}, func(t *testing.T, o *Options) {
			assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("2001:db8::/64")}, o.IPs)
			assert.Equal(t, []string{"10.0.0.1", "*"}, o.Neighbors)
		}},
		{"-sF with value", []string{"-sF", "local3"}, func(t *testing.T, o *Options) { assert.Equal(t, "local3", o.SyslogFacility) }},
		{"--syslog-facility alone", []string{"--syslog-facility", "--rise", "1"}, func(t *testing.T, o *Options) {
			assert.Equal(t, "daemon", o.SyslogFacility)
			assert.Equal(t, 1, o.Rise)
		}},
		{"no-ip-setup and 5.0 options", []string{"--no-ip-setup", "--ip", "192.0.2.0/30", "--ip-ifname", "192.0.2.0/30%eth0", "--label-exact-match", "--debounce"}, func(t *testing.T, o *Options) {
			assert.False(t, o.IPSetup)
			assert.Equal(t, map[netip.Prefix]string{netip.MustParsePrefix("192.0.2.0/30"): "eth0"}, o.IPIfnames)
			assert.True(t, o.LabelExactMatch)
			assert.True(t, o.Debounce)
		}},
		{"per-state as-path set empty", []string{"--as-path", "65001", "--up-as-path", ""}, func(t *testing.T, o *Options) {
			require.NotNil(t, o.UpASPath)
			assert.Equal(t, "", *o.UpASPath)
			assert.Nil(t, o.DownASPath)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Parse(tt.args, io.Discard)
			require.NoError(t, err)
			tt.check(t, o)
		})
	}
}

// TestParseErrors: every invalid input is a *UsageError (exit status 2)
// whose message names the option.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown option", []string{"--bogus"}, "unknown flag: --bogus"},
		{"ambiguous abbreviation", []string{"--dis", "x"}, "unknown flag: --dis"},
		{"host bits", []string{"--ip", "192.0.2.1/24"}, `invalid --ip "192.0.2.1/24": has host bits set (the network is 192.0.2.0/24)`},
		{"not an ip", []string{"--ip", "web1"}, `invalid --ip "web1"`},
		{"bad next hop", []string{"--next-hop", "self"}, `invalid --next-hop "self"`},
		{"bad neighbor", []string{"--neighbor", "peer1"}, `invalid --neighbor "peer1"`},
		{"bad community", []string{"--community", "65000:x"}, `invalid --community "65000:x"`},
		{"bad disabled community", []string{"--disabled-community", "no-such"}, `invalid --disabled-community "no-such"`},
		{"bad large community", []string{"--large-community", "1:2"}, `invalid --large-community "1:2"`},
		{"bad extended community", []string{"--extended-community", "bogus:1:2"}, `invalid --extended-community "bogus:1:2"`},
		{"bad as-path", []string{"--up-as-path", "65001 x"}, `invalid --up-as-path "65001 x"`},
		{"newline in community", []string{"--community", "65000:1\nannounce route 0.0.0.0/0"}, "invalid --community"},
		{"bracket in community", []string{"--community", "65000:1 ] med [ 5"}, "invalid --community"},
		{"not an int", []string{"--rise", "three"}, `invalid argument "three" for "--rise"`},
		{"octal is not Python", []string{"--fall", "0x10"}, `invalid argument "0x10" for "--fall"`},
		{"negative interval", []string{"--interval", "-1"}, "invalid --interval -1"},
		{"negative timeout", []string{"--timeout", "-1"}, "invalid --timeout -1"},
		{"mutually exclusive", []string{"--silent", "--no-syslog"}, "mutually exclusive"},
		{"bad facility", []string{"-sF", "nowhere"}, `invalid --syslog-facility "nowhere"`},
		{"positional", []string{"extra"}, "unrecognized arguments: extra"},
		{"ip-ifname without ip", []string{"--ip-ifname", "192.0.2.1%eth0"}, "no --ip 192.0.2.1/32"},
		{"label too long", []string{"--label", "a-very-long-label"}, "longer than 15"},
		{"missing config file", []string{"--config", "/nonexistent/healthcheck.conf"}, "--config: open /nonexistent/healthcheck.conf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.args, io.Discard)
			require.Error(t, err)
			var ue *UsageError
			assert.True(t, errors.As(err, &ue), "%T %v", err, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseHelp(t *testing.T) {
	var out testWriter
	_, err := Parse([]string{"--help"}, &out)
	assert.ErrorIs(t, err, pflag.ErrHelp)
	assert.Contains(t, string(out), "--withdraw-on-down")
}

type testWriter []byte

func (w *testWriter) Write(b []byte) (int, error) { *w = append(*w, b...); return len(b), nil }

// TestConfigFile: the file's options come first, the command line
// overrides them (and appends to the repeatable ones).
func TestConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hc.conf")
	require.NoError(t, os.WriteFile(path, []byte(`# a comment
debug
name = haproxy
interval = 10
fast-interval=1
  command = curl -sf http://127.0.0.1/healthcheck
ip = 192.0.2.10/32
community = 65000:1 65000:2
syslog-facility = local0

`), 0o644))
	o, err := Parse([]string{"-F", path, "--interval", "2", "--ip", "192.0.2.20"}, io.Discard)
	require.NoError(t, err)
	assert.True(t, o.Debug)
	assert.Equal(t, "haproxy", o.Name)
	assert.Equal(t, 2*time.Second, o.Interval)
	assert.Equal(t, time.Second, o.FastInterval)
	assert.Equal(t, "curl -sf http://127.0.0.1/healthcheck", o.Command)
	assert.Equal(t, "65000:1 65000:2", o.Community)
	assert.Equal(t, "local0", o.SyslogFacility)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("192.0.2.10/32"), netip.MustParsePrefix("192.0.2.20/32")}, o.IPs)

	bad := filepath.Join(t.TempDir(), "bad.conf")
	require.NoError(t, os.WriteFile(bad, []byte("rise 2\n"), 0o644))
	_, err = Parse([]string{"--config", bad}, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.conf:1")

	unknown := filepath.Join(t.TempDir(), "unknown.conf")
	require.NoError(t, os.WriteFile(unknown, []byte("colour = blue\n"), 0o644))
	_, err = Parse([]string{"--config", unknown}, io.Discard)
	assert.ErrorContains(t, err, "unknown flag: --colour")
}

// TestShippedConfig parses etc/healthcheck.options
// as shipped.
func TestShippedConfig(t *testing.T) {
	o, err := Parse([]string{"--config", filepath.Join("..", "etc", "healthcheck.options")}, io.Discard)
	require.NoError(t, err)
	assert.NotEmpty(t, o.IPs)
	assert.True(t, o.HasCommand)
}
