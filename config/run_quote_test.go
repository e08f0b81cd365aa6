package config

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJoinCommandThroughShell runs joined words through /bin/sh and checks
// that every word reaches the program as one argument, unexpanded, as
// ExaBGP (which runs helpers without a shell) hands them over.
func TestJoinCommandThroughShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no /bin/sh")
	}
	cases := map[string][]string{
		"plain":        {"printf", "%s\\n", "a", "b"},
		"blank":        {"printf", "%s\\n", "two words"},
		"empty":        {"printf", "%s\\n", ""},
		"substitution": {"printf", "%s\\n", `test "$(cat /x)" = up`},
		"variable":     {"printf", "%s\\n", "$HOME"},
		"backquote":    {"printf", "%s\\n", "`id`"},
		"single quote": {"printf", "%s\\n", "it's"},
		"backslash":    {"printf", "%s\\n", `a\b`},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			line := joinCommand(args)
			out, err := exec.Command(sh, "-c", line).Output()
			require.NoError(t, err, line)
			want := strings.Join(args[2:], "\n") + "\n"
			assert.Equal(t, want, string(out), line)
		})
	}
}
