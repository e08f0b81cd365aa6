package healthcheck_test

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDropPrivileges runs the built exago as root with --user/--group and
// a check that writes its own ids (as /proc reports them) to a
// world-writable folder: the check, a child of exago after the drop, must
// run as the given user and group with no supplementary group of root.
func TestDropPrivileges(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("dropping privileges needs root: run `go test` as root to check --user/--group")
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Skipf("no user nobody: %v", err)
	}
	nogroup, err := user.LookupGroup("nogroup")
	if err != nil {
		t.Skipf("no group nogroup: %v", err)
	}
	nobodyGroups, err := nobody.GroupIds()
	require.NoError(t, err)
	bin := buildExago(t)

	tests := []struct {
		name       string
		args       []string
		uid, gid   string
		supplement string
	}{
		{"user and group", []string{"--user", "nobody", "--group", "nogroup"}, nobody.Uid, nogroup.Gid, nogroup.Gid},
		// As ExaBGP's tool, --user alone leaves the group (root's) alone,
		// but root's supplementary groups go: the user's are set.
		{"user only", []string{"--user", "nobody"}, nobody.Uid, "0", strings.Join(nobodyGroups, " ")},
		{"numeric ids", []string{"--user", nobody.Uid, "--group", nogroup.Gid}, nobody.Uid, nogroup.Gid, nogroup.Gid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// t.TempDir's parent is 0700: nobody could not get in.
			dir, err := os.MkdirTemp("", "exago-privileges-")
			require.NoError(t, err)
			t.Cleanup(func() { os.RemoveAll(dir) })
			require.NoError(t, os.Chmod(dir, 0o777))
			ids := filepath.Join(dir, "ids")
			// Written aside then renamed: the poller reads whole files.
			check := "grep -E '^(Uid|Gid|Groups):' /proc/self/status > " + ids + ".tmp && mv " + ids + ".tmp " + ids
			args := append([]string{"healthcheck", "--no-syslog", "--no-ip-setup", "--no-ack",
				"--ip", "192.0.2.1", "--rise", "1", "--interval", "1", "--cmd", check}, tt.args...)
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			var stdout, stderr syncBuffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Start())
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
			// A failed drop ends exago: no need to wait for the deadline.
			running := func() {
				select {
				case err := <-exited:
					exited <- err
					t.Fatalf("exago exited (%v):\n%s", err, stderr.String())
				default:
				}
			}

			var status string
			waitFor(t, "the check's ids in "+ids, 10*time.Second, func() (bool, string) {
				running()
				b, err := os.ReadFile(ids)
				status = string(b)
				return err == nil, "stdout:\n" + stdout.String() + "stderr:\n" + stderr.String()
			})
			// Real, effective, saved and filesystem ids: all dropped.
			all := func(id string) string { return id + `\t` + id + `\t` + id + `\t` + id + `\n` }
			assert.Regexp(t, regexp.MustCompile(`(?m)^Uid:\t`+all(tt.uid)), status)
			assert.Regexp(t, regexp.MustCompile(`(?m)^Gid:\t`+all(tt.gid)), status)
			assert.Regexp(t, regexp.MustCompile(`(?m)^Groups:\t`+regexp.QuoteMeta(tt.supplement)+` ?\n`), status)
			waitFor(t, "the announce", 10*time.Second, func() (bool, string) {
				return strings.Contains(stdout.String(), "announce route 192.0.2.1/32"), stdout.String() + stderr.String()
			})
		})
	}
}
