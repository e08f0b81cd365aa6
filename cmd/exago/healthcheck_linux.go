package main

import (
	"net/netip"

	"github.com/exago/exago/healthcheck"
)

// loopbackAddresses are the service IPs without --ip: lo's addresses.
func loopbackAddresses(o *healthcheck.Options) ([]netip.Prefix, error) {
	return healthcheck.LoopbackAddresses(nil, o.Label, o.LabelExactMatch)
}

// newAddresses sets up the service IPs through netlink.
func newAddresses(o *healthcheck.Options, ips []netip.Prefix) (healthcheck.Addresses, error) {
	return &healthcheck.Netlink{IPs: ips, Ifnames: o.IPIfnames, Label: o.Label, LabelExactMatch: o.LabelExactMatch}, nil
}
