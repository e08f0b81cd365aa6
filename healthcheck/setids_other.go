//go:build unix && !linux

package healthcheck

import "syscall"

// setGID sets the group ids: run as root, setgid(2) sets the real,
// effective and saved ids alike (ExaBGP's tool falls back on setregid
// where setresgid is missing).
func setGID(gid int) error { return syscall.Setgid(gid) }

// setUID sets the user ids with setuid(2), likewise.
func setUID(uid int) error { return syscall.Setuid(uid) }
