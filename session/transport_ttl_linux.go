//go:build linux

package session

import "syscall"

// ipMinTTL is IP_MINTTL (linux/in.h): packets with a lower TTL are
// dropped.
const ipMinTTL = syscall.IP_MINTTL
