package healthcheck

import "syscall"

// setGID sets the real, effective and saved group ids, as ExaBGP's
// tool (setresgid), on every thread.
func setGID(gid int) error { return syscall.Setresgid(gid, gid, gid) }

// setUID sets the real, effective and saved user ids (setresuid).
func setUID(uid int) error { return syscall.Setresuid(uid, uid, uid) }
