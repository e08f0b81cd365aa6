//go:build unix

package healthcheck_test

import (
	"os/user"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/healthcheck"
)

// atoi reads an id from os/user.
func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

func TestResolvePrivileges(t *testing.T) {
	me, err := user.Current()
	require.NoError(t, err)
	myGroup, err := user.LookupGroupId(me.Gid)
	require.NoError(t, err)
	var myGroups []int
	ids, err := me.GroupIds()
	require.NoError(t, err)
	for _, id := range ids {
		myGroups = append(myGroups, atoi(t, id))
	}
	uid, gid := atoi(t, me.Uid), atoi(t, me.Gid)

	tests := []struct {
		name, user, group string
		want              healthcheck.Credentials
	}{
		{"nothing", "", "", healthcheck.Credentials{}},
		// --user alone keeps the group, as ExaBGP's tool, but the
		// supplementary groups become the user's (none of root's left).
		{"user name", me.Username, "", healthcheck.Credentials{UID: uid, SetUID: true, Groups: myGroups}},
		{"group name", "", myGroup.Name, healthcheck.Credentials{GID: gid, SetGID: true, Groups: []int{gid}}},
		{"both names", me.Username, myGroup.Name, healthcheck.Credentials{UID: uid, SetUID: true, GID: gid, SetGID: true, Groups: []int{gid}}},
		{"known user id", me.Uid, "", healthcheck.Credentials{UID: uid, SetUID: true, Groups: myGroups}},
		// Ids in no database are taken as they are, without groups.
		{"numeric ids", "4000123", "4000456", healthcheck.Credentials{UID: 4000123, SetUID: true, GID: 4000456, SetGID: true, Groups: []int{4000456}}},
		{"numeric user only", "4000123", "", healthcheck.Credentials{UID: 4000123, SetUID: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := healthcheck.ResolvePrivileges(tt.user, tt.group)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestResolvePrivilegesErrors(t *testing.T) {
	tests := []struct{ name, user, group, err string }{
		{"unknown user", "exago-no-such-user", "", `--user "exago-no-such-user": unknown user`},
		{"unknown group", "", "exago-no-such-group", `--group "exago-no-such-group": unknown group`},
		// -1 would mean "unchanged" to setresuid/setresgid.
		{"negative uid", "-1", "", `--user "-1": unknown user`},
		{"negative gid", "", "-1", `--group "-1": unknown group`},
		{"empty-looking", " ", "", `--user " ": unknown user`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := healthcheck.ResolvePrivileges(tt.user, tt.group)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
}

func TestDropNothing(t *testing.T) {
	// No --user nor --group: no system call, whoever runs the test.
	require.NoError(t, healthcheck.Credentials{}.Drop())
}
