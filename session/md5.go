//go:build linux

package session

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/netip"
	"syscall"

	"github.com/exago/exago/config"
)

// tcpMD5Sig is TCP_MD5SIG from linux/tcp.h (RFC 2385 TCP MD5 signatures).
const tcpMD5Sig = 14

// md5Key returns the TCP MD5 key of n ("" when none), decoded when it is
// given in base64.
func md5Key(n *config.Neighbor) (string, error) {
	if n.MD5Password == "" {
		return "", nil
	}
	if !n.MD5Base64 {
		return n.MD5Password, nil
	}
	b, err := base64.StdEncoding.DecodeString(n.MD5Password)
	if err != nil {
		return "", fmt.Errorf("md5 password of neighbor %s: invalid base64: %w", n.PeerAddress, err)
	}
	return string(b), nil
}

// setMD5 sets the TCP MD5 signature key for peer on socket fd. The value
// is struct tcp_md5sig: a sockaddr_storage (128 bytes), flags, prefix
// length, key length (host order), interface index, then the key (at most
// 80 bytes).
func setMD5(fd uintptr, peer netip.Addr, key string) error {
	if len(key) > 80 {
		return fmt.Errorf("md5 key of %d bytes, at most 80", len(key))
	}
	var v [216]byte
	if peer.Is4() {
		binary.NativeEndian.PutUint16(v[0:], syscall.AF_INET)
		a := peer.As4()
		copy(v[4:], a[:])
	} else {
		binary.NativeEndian.PutUint16(v[0:], syscall.AF_INET6)
		a := peer.As16()
		copy(v[8:], a[:])
	}
	binary.NativeEndian.PutUint16(v[130:], uint16(len(key)))
	copy(v[136:], key)
	return syscall.SetsockoptString(int(fd), syscall.IPPROTO_TCP, tcpMD5Sig, string(v[:]))
}

// md5Control returns a net.Dialer/ListenConfig Control function setting the
// keys of peers on the socket.
func md5Control(keys map[netip.Addr]string) func(network, address string, c syscall.RawConn) error {
	if len(keys) == 0 {
		return nil
	}
	return func(_, _ string, c syscall.RawConn) error {
		var err error
		cerr := c.Control(func(fd uintptr) {
			for peer, key := range keys {
				if e := setMD5(fd, peer, key); e != nil && err == nil {
					err = fmt.Errorf("tcp md5 for %s: %w", peer, e)
				}
			}
		})
		if cerr != nil {
			return cerr
		}
		return err
	}
}
