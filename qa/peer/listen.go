package peer

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
)

// Listen opens 127.0.0.1:port and, when it can, [::1]:port. With port 0 a
// free port is picked for both. It returns the listeners and the port.
func Listen(port int) ([]net.Listener, int, error) {
	v4, err := net.Listen("tcp4", netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port)).String())
	if err != nil {
		return nil, 0, fmt.Errorf("listen on 127.0.0.1 port %d: %w", port, err)
	}
	_, p, _ := net.SplitHostPort(v4.Addr().String())
	port, _ = strconv.Atoi(p)
	lns := []net.Listener{v4}
	if v6, err := net.Listen("tcp6", netip.AddrPortFrom(netip.IPv6Loopback(), uint16(port)).String()); err == nil {
		lns = append(lns, v6)
	}
	return lns, port, nil
}
