package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHealthcheckCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"help", []string{"--help"}, 0, "", "usage: exago healthcheck"},
		{"bad ip", []string{"--ip", "192.0.2.1/33"}, 2, "", `exago: healthcheck: invalid --ip "192.0.2.1/33"`},
		{"bad community", []string{"--ip", "192.0.2.1", "--community", "65000:1:2:3"}, 2, "", "invalid --community"},
		// Resolved before anything is set up: a usage error.
		{"unknown user", []string{"--no-ip-setup", "--ip", "192.0.2.1", "--user", "exago-no-such-user"}, 2, "", `exago: healthcheck: --user "exago-no-such-user": unknown user`},
		{"unknown group", []string{"--no-ip-setup", "--ip", "192.0.2.1", "--group", "exago-no-such-group"}, 2, "", `exago: healthcheck: --group "exago-no-such-group": unknown group`},
		{"unknown option", []string{"--frobnicate"}, 2, "", "unknown flag: --frobnicate"},
		{"one announcement", []string{"--no-syslog", "--no-ip-setup", "--no-ack", "--cmd", "true", "--ip", "192.0.2.1", "--rise", "1", "--interval", "0", "--local-preference", "50"},
			0, "announce route 192.0.2.1/32 next-hop self med 100 local-preference 50\n", ""},
		// The shipped options file, its check replaced.
		{"shipped options", []string{"--config", filepath.Join("..", "..", "etc", "healthcheck.options"), "--cmd", "true", "--no-ack", "--rise", "1", "--interval", "0"},
			0, "announce route 192.0.2.10/32 next-hop self med 100 community [ 65000:80 ]\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runArgs(t, append([]string{"healthcheck"}, tt.args...)...)
			assert.Equal(t, tt.code, code, stderr)
			if tt.code == 0 {
				assert.Equal(t, tt.stdout, stdout)
			}
			assert.Contains(t, stderr, tt.stderr)
		})
	}
}
