package api

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// resolveRun finds the program of a process's "run" line the way ExaBGP
// 4.2 does when it is a bare name: on PATH first, else in the folder of the
// configuration, else in /etc/exabgp. Paths and shell syntax are left to
// /bin/sh, which runs in that folder.
func resolveRun(run, dir string) string {
	rest := strings.TrimLeft(run, " \t")
	end := strings.IndexAny(rest, " \t")
	if end < 0 {
		end = len(rest)
	}
	prg := rest[:end]
	if prg == "" || strings.ContainsAny(prg, "/\"'\\$|&;<>()*?[]{}~=`") {
		return run
	}
	if _, err := exec.LookPath(prg); err == nil {
		return run
	}
	for _, d := range []string{dir, "/etc/exabgp"} {
		path := filepath.Join(d, prg)
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			return shellQuote(path) + rest[end:]
		}
	}
	return run
}

// shellQuote quotes s for /bin/sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
