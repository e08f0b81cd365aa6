//go:build !linux

package session

import (
	"errors"
	"net/netip"
	"syscall"

	"github.com/exago/exago/config"
)

// md5Key returns the TCP MD5 key of n; TCP MD5 is only built on Linux.
func md5Key(n *config.Neighbor) (string, error) {
	if n.MD5Password != "" {
		return "", errors.New("tcp md5 signatures are only supported on linux")
	}
	return "", nil
}

func md5Control(keys map[netip.Addr]string) func(network, address string, c syscall.RawConn) error {
	return nil
}
