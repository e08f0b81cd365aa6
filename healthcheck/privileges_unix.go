//go:build unix

package healthcheck

import (
	"fmt"
	"os/user"
	"strconv"
	"syscall"
)

// DropPrivileges switches to group then user (names), as --group and
// --user ask once the IPs are set up. Empty names are left alone.
func DropPrivileges(userName, groupName string) error {
	if groupName != "" {
		g, err := user.LookupGroup(groupName)
		if err != nil {
			return fmt.Errorf("--group %q: %w", groupName, err)
		}
		gid, _ := strconv.Atoi(g.Gid)
		if err := syscall.Setgroups([]int{gid}); err != nil {
			return fmt.Errorf("--group %q: %w", groupName, err)
		}
		if err := syscall.Setresgid(gid, gid, gid); err != nil {
			return fmt.Errorf("--group %q: %w", groupName, err)
		}
	}
	if userName != "" {
		u, err := user.Lookup(userName)
		if err != nil {
			return fmt.Errorf("--user %q: %w", userName, err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		if err := syscall.Setresuid(uid, uid, uid); err != nil {
			return fmt.Errorf("--user %q: %w", userName, err)
		}
	}
	return nil
}
