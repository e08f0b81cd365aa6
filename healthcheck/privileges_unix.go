//go:build unix

package healthcheck

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// Credentials are what --user and --group resolve to, looked up before
// the service IPs are set up so that a typo fails early (exit status 2)
// rather than after the addresses changed.
type Credentials struct {
	// UID is the user to switch to, when SetUID.
	UID    int
	SetUID bool
	// GID is the group to switch to, when SetGID.
	GID    int
	SetGID bool
	// Groups are the supplementary groups to keep: the --group alone, or
	// the user's groups with --user only, so that none of root's is kept.
	Groups []int
}

// ResolvePrivileges looks up --user and --group: names as ExaBGP's tool
// (getpwnam, getgrnam), or numeric ids. Empty names are left alone.
func ResolvePrivileges(userName, groupName string) (Credentials, error) {
	var c Credentials
	if groupName != "" {
		gid, err := lookupGroup(groupName)
		if err != nil {
			return c, fmt.Errorf("--group %q: %w", groupName, err)
		}
		c.GID, c.SetGID, c.Groups = gid, true, []int{gid}
	}
	if userName != "" {
		u, err := lookupUser(userName)
		if err != nil {
			return c, fmt.Errorf("--user %q: %w", userName, err)
		}
		uid, err := strconv.Atoi(u.Uid)
		if err != nil {
			return c, fmt.Errorf("--user %q: non-numeric uid %q", userName, u.Uid)
		}
		c.UID, c.SetUID = uid, true
		if !c.SetGID {
			if c.Groups, err = userGroups(u); err != nil {
				return c, fmt.Errorf("--user %q: groups: %w", userName, err)
			}
		}
	}
	return c, nil
}

// lookupUser finds a user by name, then by numeric id.
func lookupUser(name string) (*user.User, error) {
	u, err := user.Lookup(name)
	if err == nil {
		return u, nil
	}
	if uid, nerr := strconv.Atoi(name); nerr != nil || uid < 0 {
		var unknown user.UnknownUserError
		if errors.As(err, &unknown) {
			return nil, errors.New("unknown user (give a name from the user database or a numeric uid)")
		}
		return nil, fmt.Errorf("looking the user up: %w", err)
	}
	if u, err := user.LookupId(name); err == nil {
		return u, nil
	}
	return &user.User{Uid: name}, nil
}

// lookupGroup finds a group id by name, or takes a numeric id as is.
func lookupGroup(name string) (int, error) {
	g, err := user.LookupGroup(name)
	if err != nil {
		if gid, nerr := strconv.Atoi(name); nerr == nil && gid >= 0 {
			return gid, nil
		}
		var unknown user.UnknownGroupError
		if errors.As(err, &unknown) {
			return 0, errors.New("unknown group (give a name from the group database or a numeric gid)")
		}
		return 0, fmt.Errorf("looking the group up: %w", err)
	}
	gid, err := strconv.Atoi(g.Gid)
	if err != nil {
		return 0, fmt.Errorf("non-numeric gid %q", g.Gid)
	}
	return gid, nil
}

// userGroups are u's group ids (its primary group included); a user
// known only by number has no supplementary group.
func userGroups(u *user.User) ([]int, error) {
	if u.Username == "" {
		return nil, nil
	}
	ids, err := u.GroupIds()
	if err != nil {
		return nil, err
	}
	gids := make([]int, 0, len(ids))
	for _, id := range ids {
		gid, err := strconv.Atoi(id)
		if err != nil {
			return nil, fmt.Errorf("non-numeric gid %q", id)
		}
		gids = append(gids, gid)
	}
	return gids, nil
}

// Drop switches to c: supplementary groups first (only root may change
// them), then the group, then the user, as ExaBGP's tool once the IPs are
// set up (setresgid before setresuid: after it the group can no longer
// change). Go applies each call to every thread of the process.
func (c Credentials) Drop() error {
	if (c.SetUID || c.SetGID) && os.Geteuid() == 0 {
		if err := syscall.Setgroups(c.Groups); err != nil {
			return fmt.Errorf("setgroups %v: %w", c.Groups, err)
		}
	}
	if c.SetGID {
		if err := setGID(c.GID); err != nil {
			return fmt.Errorf("--group: setting gid %d: %w", c.GID, err)
		}
	}
	if c.SetUID {
		if err := setUID(c.UID); err != nil {
			return fmt.Errorf("--user: setting uid %d: %w", c.UID, err)
		}
	}
	return nil
}
