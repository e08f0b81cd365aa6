//go:build !linux

package session

// ipMinTTL is unknown outside Linux: incoming-ttl and ttl-security fail.
const ipMinTTL = -1
