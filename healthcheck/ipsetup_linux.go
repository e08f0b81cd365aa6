//go:build linux

package healthcheck

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"

	"github.com/vishvananda/netlink"
)

// Netlink sets up the service IPs on the loopback interface (or the
// --ip-ifname interfaces) through netlink, as ExaBGP's tool does with
// `ip address add IP/32 dev lo label lo:LABEL`: every address of every
// service network, as a host address, labelled IFNAME:LABEL with --label
// (IPv4 only: Linux has no IPv6 labels).
type Netlink struct {
	Handle          *netlink.Handle // nil: the current network namespace
	IPs             []netip.Prefix
	Ifnames         map[netip.Prefix]string
	Label           string
	LabelExactMatch bool

	added map[netip.Prefix]bool
}

func (n *Netlink) handle() (*netlink.Handle, error) {
	if n.Handle == nil {
		h, err := netlink.NewHandle()
		if err != nil {
			return nil, fmt.Errorf("netlink: %w", err)
		}
		n.Handle = h
	}
	return n.Handle, nil
}

// ifname is the interface of a host address: its network's --ip-ifname,
// else lo.
func (n *Netlink) ifname(host netip.Prefix) string {
	for p, name := range n.Ifnames {
		if p.Contains(host.Addr()) {
			return name
		}
	}
	return "lo"
}

// labelMatches reports whether an address label IFNAME:L matches --label
// (L starts with it, or equals it with --label-exact-match).
func labelMatches(addrLabel, label string, exact bool) bool {
	_, l, ok := strings.Cut(addrLabel, ":")
	if !ok {
		return false
	}
	if exact {
		return l == label
	}
	return strings.HasPrefix(l, label)
}

// existing lists the non-loopback addresses of the interfaces, only those
// labelled with --label when there is one.
func (n *Netlink) existing(h *netlink.Handle) (map[netip.Prefix]bool, error) {
	names := map[string]bool{"lo": true}
	for _, name := range n.Ifnames {
		names[name] = true
	}
	out := map[netip.Prefix]bool{}
	for name := range names {
		addrs, err := listAddrs(h, name)
		if err != nil {
			return nil, err
		}
		for _, a := range addrs {
			p, ok := prefixOf(a.IPNet)
			if !ok || p.Addr().IsLoopback() {
				continue
			}
			if n.Label != "" && !labelMatches(a.Label, n.Label, n.LabelExactMatch) {
				continue
			}
			out[p] = true
		}
	}
	return out, nil
}

func listAddrs(h *netlink.Handle, ifname string) ([]netlink.Addr, error) {
	link, err := h.LinkByName(ifname)
	if err != nil {
		return nil, fmt.Errorf("interface %s: %w", ifname, err)
	}
	addrs, err := h.AddrList(link, netlink.FAMILY_ALL)
	if err != nil {
		return nil, fmt.Errorf("listing the addresses of %s: %w", ifname, err)
	}
	return addrs, nil
}

func prefixOf(n *net.IPNet) (netip.Prefix, bool) {
	if n == nil {
		return netip.Prefix{}, false
	}
	a, ok := netip.AddrFromSlice(n.IP)
	if !ok {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	ones, _ := n.Mask.Size()
	return netip.PrefixFrom(a, ones), true
}

func ipNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
}

// Setup adds the service addresses missing from the interfaces.
func (n *Netlink) Setup() error {
	h, err := n.handle()
	if err != nil {
		return err
	}
	have, err := n.existing(h)
	if err != nil {
		return err
	}
	want, err := hosts(n.IPs)
	if err != nil {
		return err
	}
	if n.added == nil {
		n.added = map[netip.Prefix]bool{}
	}
	var errs []error
	for _, p := range want {
		if have[p] {
			continue
		}
		name := n.ifname(p)
		link, err := h.LinkByName(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("interface %s: %w", name, err))
			continue
		}
		addr := &netlink.Addr{IPNet: ipNet(p)}
		if n.Label != "" && p.Addr().Is4() {
			addr.Label = name + ":" + n.Label
		}
		if err := h.AddrAdd(link, addr); err != nil && !errors.Is(err, syscall.EEXIST) {
			errs = append(errs, fmt.Errorf("adding %s to %s: %w", p, name, err))
			continue
		}
		n.added[p] = true
	}
	return errors.Join(errs...)
}

// Remove removes the service addresses carrying --label, or without a
// label those Setup added (ExaBGP 4.2 removes none without a label, 5.0
// every one, even those configured by someone else).
func (n *Netlink) Remove() error {
	h, err := n.handle()
	if err != nil {
		return err
	}
	labelled := map[netip.Prefix]bool{}
	if n.Label != "" {
		if labelled, err = n.existing(h); err != nil {
			return err
		}
	}
	want, err := hosts(n.IPs)
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range want {
		if !labelled[p] && !n.added[p] {
			continue
		}
		name := n.ifname(p)
		link, err := h.LinkByName(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("interface %s: %w", name, err))
			continue
		}
		if err := h.AddrDel(link, &netlink.Addr{IPNet: ipNet(p)}); err != nil && !errors.Is(err, syscall.EADDRNOTAVAIL) {
			errs = append(errs, fmt.Errorf("removing %s from %s (is healthcheck running as root?): %w", p, name, err))
			continue
		}
		delete(n.added, p)
	}
	return errors.Join(errs...)
}

// LoopbackAddresses lists the non-loopback addresses of lo (with --label,
// those labelled lo:LABEL...): the service IPs when no --ip is given.
func LoopbackAddresses(h *netlink.Handle, label string, exact bool) ([]netip.Prefix, error) {
	if h == nil {
		var err error
		if h, err = netlink.NewHandle(); err != nil {
			return nil, fmt.Errorf("netlink: %w", err)
		}
		defer h.Close()
	}
	addrs, err := listAddrs(h, "lo")
	if err != nil {
		return nil, err
	}
	var out []netip.Prefix
	for _, a := range addrs {
		p, ok := prefixOf(a.IPNet)
		if !ok || p.Addr().IsLoopback() || p.Masked() != p {
			continue
		}
		if label != "" && !labelMatches(a.Label, label, exact) {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}
