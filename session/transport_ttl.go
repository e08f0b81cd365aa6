package session

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"

	"github.com/exago/exago/config"
)

// dialSpec is one outgoing connection to open: from local (any address
// when invalid) to addr, signed with md5 when set, with the TTL (hop
// limit) options of the neighbor.
type dialSpec struct {
	local netip.Addr
	addr  string
	md5   string
	ttl   ttlOptions
}

// ttlOptions are the IP TTL (IPv6 hop limit) options of a neighbor's
// sockets, 0 meaning unset.
type ttlOptions struct {
	// out is the TTL of the packets we send: outgoing-ttl, or 255 with
	// ttl-security (RFC 5082 GTSM: "the sender MUST set the TTL ... to 255").
	out int
	// min is the lowest TTL accepted: incoming-ttl, or 256 minus the hops
	// allowed with ttl-security (RFC 5082 3: "the receiver ... accepts
	// packets with TTL >= 255 - (hops - 1)").
	min int
}

// neighborTTL returns the TTL options of n. ttl-security N (N hops)
// overrides outgoing-ttl and incoming-ttl.
func neighborTTL(n *config.Neighbor) ttlOptions {
	if n.TTLSecurity > 0 {
		return ttlOptions{out: 255, min: max(1, 256-n.TTLSecurity)}
	}
	return ttlOptions{out: n.OutgoingTTL, min: n.IncomingTTL}
}

// IPv6 socket options the syscall package lacks (linux/in6.h).
const ipv6MinHopCount = 73

// apply sets the options on socket fd of an IPv4 (v6 false) or IPv6
// socket.
func (o ttlOptions) apply(fd uintptr, v6 bool) error {
	set := func(level, opt, v int, name string) error {
		if err := syscall.SetsockoptInt(int(fd), level, opt, v); err != nil {
			return fmt.Errorf("set %s %d: %w", name, v, err)
		}
		return nil
	}
	if o.out > 0 {
		if v6 {
			if err := set(syscall.IPPROTO_IPV6, syscall.IPV6_UNICAST_HOPS, o.out, "IPV6_UNICAST_HOPS"); err != nil {
				return err
			}
		} else if err := set(syscall.IPPROTO_IP, syscall.IP_TTL, o.out, "IP_TTL"); err != nil {
			return err
		}
	}
	if o.min > 0 {
		if v6 {
			return set(syscall.IPPROTO_IPV6, ipv6MinHopCount, o.min, "IPV6_MINHOPCOUNT")
		}
		if ipMinTTL < 0 {
			return fmt.Errorf("minimum ttl %d: IP_MINTTL is only supported on linux", o.min)
		}
		return set(syscall.IPPROTO_IP, ipMinTTL, o.min, "IP_MINTTL")
	}
	return nil
}

// control returns a Control function setting o on the socket before it
// connects or listens, chained after next (may be nil).
func (o ttlOptions) control(next func(string, string, syscall.RawConn) error) func(string, string, syscall.RawConn) error {
	if o == (ttlOptions{}) {
		return next
	}
	return func(network, address string, c syscall.RawConn) error {
		if next != nil {
			if err := next(network, address, c); err != nil {
				return err
			}
		}
		v6 := false
		if ap, err := netip.ParseAddrPort(address); err == nil {
			v6 = ap.Addr().Is6() && !ap.Addr().Is4In6()
		}
		if network == "tcp6" {
			v6 = true
		}
		var err error
		if cerr := c.Control(func(fd uintptr) { err = o.apply(fd, v6) }); cerr != nil {
			return cerr
		}
		return err
	}
}

// applyConn sets o on an accepted connection: the listening socket may
// serve several neighbors, so each gets its own options once accepted
// (the SYN itself was checked against the listener's).
func (o ttlOptions) applyConn(nc net.Conn) error {
	if o == (ttlOptions{}) {
		return nil
	}
	tc, ok := nc.(*net.TCPConn)
	if !ok {
		return nil
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return err
	}
	ra, _ := nc.RemoteAddr().(*net.TCPAddr)
	v6 := ra != nil && ra.AddrPort().Addr().Is6() && !ra.AddrPort().Addr().Is4In6()
	if cerr := rc.Control(func(fd uintptr) { err = o.apply(fd, v6) }); cerr != nil {
		return cerr
	}
	return err
}

// dialTCP opens the connection of s.
func dialTCP(ctx context.Context, s dialSpec) (net.Conn, error) {
	d := net.Dialer{Timeout: 30 * time.Second}
	if s.local.IsValid() {
		d.LocalAddr = net.TCPAddrFromAddrPort(netip.AddrPortFrom(s.local, 0))
	}
	if s.md5 != "" {
		ap, err := netip.ParseAddrPort(s.addr)
		if err != nil {
			return nil, err
		}
		d.Control = md5Control(map[netip.Addr]string{ap.Addr(): s.md5})
	}
	d.Control = s.ttl.control(d.Control)
	return d.DialContext(ctx, "tcp", s.addr)
}

// listenTTL is what the listening socket at address a (host:port) sets,
// for the SYN and SYN-ACK of the neighbors it may serve (every neighbor
// for a tcp.bind address, those listening on that port otherwise): the
// highest outgoing TTL any of them asks for, and the lowest minimum TTL
// when every one of them sets one. Each accepted connection then gets
// its neighbor's own options (applyConn).
func (r *Reactor) listenTTL(a string) ttlOptions {
	_, portText, err := net.SplitHostPort(a)
	if err != nil {
		return ttlOptions{}
	}
	var o ttlOptions
	first, allMin := true, true
	for _, n := range r.cfg.Neighbors {
		if n.Listen != 0 && fmt.Sprint(n.Listen) != portText {
			continue
		}
		if n.Listen == 0 && fmt.Sprint(r.port()) != portText {
			continue
		}
		t := neighborTTL(n)
		o.out = max(o.out, t.out)
		switch {
		case t.min == 0:
			allMin = false
		case first || t.min < o.min:
			o.min = t.min
		}
		first = false
	}
	if !allMin {
		o.min = 0
	}
	return o
}
