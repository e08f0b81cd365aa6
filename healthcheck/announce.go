package healthcheck

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

// Commands returns the API lines printed for the service IPs in state
// target, as ExaBGP 4.2's healthcheck prints them: UP, DOWN and DISABLED
// announce every IP with the state's metric as MED (the first IP gets
// the metric, each next one --increase more), DOWN and DISABLED withdraw
// instead with --withdraw-on-down, EXIT withdraws; other states print
// nothing.
func Commands(o *Options, ips []netip.Prefix, target State) []string {
	var metric int
	var asPath *string
	switch target {
	case Up:
		metric, asPath = o.UpMetric, o.UpASPath
	case Down:
		metric, asPath = o.DownMetric, o.DownASPath
	case Disabled:
		metric, asPath = o.DisabledMetric, o.DisabledASPath
	case Exit:
	default:
		return nil
	}
	path := o.ASPath
	if asPath != nil {
		path = *asPath
	}
	nextHop := "self"
	if o.NextHop.IsValid() {
		nextHop = o.NextHop.String()
	}
	prefix := neighborPrefix(o.Neighbors)
	lines := make([]string, 0, len(ips))
	var b strings.Builder
	for _, ip := range ips {
		action := "announce"
		if (o.WithdrawOnDown || target == Exit) && target != Up {
			action = "withdraw"
		}
		b.Reset()
		b.WriteString(prefix)
		b.WriteString(action)
		b.WriteString(" route ")
		b.WriteString(ip.String())
		b.WriteString(" next-hop ")
		b.WriteString(nextHop)
		if action == "announce" {
			b.WriteString(" med ")
			b.WriteString(strconv.Itoa(metric))
			if o.LocalPreference >= 0 {
				b.WriteString(" local-preference ")
				b.WriteString(strconv.Itoa(o.LocalPreference))
			}
			community := o.Community
			if (target == Down || target == Disabled) && o.DisabledCommunity != "" {
				community = o.DisabledCommunity
			}
			bracket(&b, "community", community)
			bracket(&b, "extended-community", o.ExtendedCommunity)
			bracket(&b, "large-community", o.LargeCommunity)
			bracket(&b, "as-path", path)
		}
		if o.PathID != 0 {
			b.WriteString(" path-information ")
			b.WriteString(strconv.Itoa(o.PathID))
		}
		metric += o.Increase
		lines = append(lines, b.String())
	}
	return lines
}

// neighborPrefix is "neighbor A, neighbor B " restricting the commands to
// the --neighbor addresses ("" for all, or when one is "*").
func neighborPrefix(neighbors []string) string {
	if len(neighbors) == 0 {
		return ""
	}
	var b strings.Builder
	for i, n := range neighbors {
		if n == "*" {
			return ""
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("neighbor ")
		b.WriteString(n)
	}
	b.WriteString(" ")
	return b.String()
}

func bracket(b *strings.Builder, keyword, value string) {
	if value == "" {
		return
	}
	b.WriteString(" ")
	b.WriteString(keyword)
	b.WriteString(" [ ")
	b.WriteString(value)
	b.WriteString(" ]")
}

// maxAddresses bounds the expansion of networks into host addresses
// (--deaggregate-networks, IP setup): ExaBGP's tool would loop for ever
// on an IPv6 /64.
const maxAddresses = 1 << 16

// hosts expands networks into their host addresses as host prefixes, in
// order (network and broadcast addresses included, as ExaBGP does).
func hosts(nets []netip.Prefix) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, n := range nets {
		bits := n.Addr().BitLen() - n.Bits()
		if bits > 16 || len(out)+1<<bits > maxAddresses {
			return nil, usagef("network %s has too many addresses to expand (at most %d in all)", n, maxAddresses)
		}
		a := n.Addr()
		for i := 0; i < 1<<bits; i++ {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			a = a.Next()
		}
	}
	return out, nil
}

// ServiceIPs returns the IPs to advertise: o.IPs (or found, the addresses
// found on the loopback when there is no --ip), expanded into host routes
// with --deaggregate-networks, rotated left by --start-ip.
func ServiceIPs(o *Options, found []netip.Prefix) ([]netip.Prefix, error) {
	ips := o.IPs
	if len(ips) == 0 {
		ips = found
	}
	if len(ips) == 0 {
		return nil, errors.New("no IP found: give --ip or add addresses to the loopback interface")
	}
	if o.Deaggregate {
		var err error
		if ips, err = hosts(ips); err != nil {
			return nil, err
		}
	}
	n := len(ips)
	k := ((o.StartIP % n) + n) % n
	out := make([]netip.Prefix, 0, n)
	out = append(out, ips[k:]...)
	return append(out, ips[:k]...), nil
}
