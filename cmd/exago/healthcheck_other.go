//go:build !linux

package main

import (
	"errors"
	"net/netip"

	"github.com/exago/exago/healthcheck"
)

var errNoIPSetup = errors.New("IP setup needs Linux: give --ip and --no-ip-setup")

func loopbackAddresses(*healthcheck.Options) ([]netip.Prefix, error) { return nil, errNoIPSetup }

func newAddresses(*healthcheck.Options, []netip.Prefix) (healthcheck.Addresses, error) {
	return nil, errNoIPSetup
}
