package config

import (
	"fmt"
	"strings"
)

// Generation is how one ExaBGP release line behaves where the lines
// differ for the same input. exago follows one generation at a time,
// chosen with the exago.compat.generation setting (or the exabgp_version hint);
// every such difference is a field here, so a new release line is one more
// row of the generations table.
type Generation struct {
	// Name is the release line, "4.2" or "5.0".
	Name string
	// JSONVersion is the "exabgp" field of the JSON messages to helpers.
	JSONVersion string
	// TextVersion is the API version the text encoder reports.
	TextVersion string
	// SortCommunities sends standard and extended communities in numeric
	// order instead of the configured one.
	SortCommunities bool
	// TargetIPv4Type is the type byte of a route target or route origin
	// written with an IPv4 administrator (target:1.2.3.4:5): 0x01 (RFC
	// 4360) in 5.0, 0x00 in 4.2. The configuration parses it as 0x01.
	TargetIPv4Type byte
	// TargetAS4Type1 sends a route target or route origin with a 4-byte
	// AS (target:70000:5, target4:1:2) with type 0x01 as 5.0 does, where
	// 4.2 sends 0x02 (RFC 5668), as the configuration parses it.
	TargetAS4Type1 bool
	// ReloadDifference makes a configuration reload send only what
	// changed; 4.2 sends every configured route again.
	ReloadDifference bool
	// WithdrawalsFirst sends the withdrawals of a batch of changes before
	// its announcements; 4.2 keeps the order of the commands within each
	// attribute set.
	WithdrawalsFirst bool
	// BareMPWithdrawals sends an UPDATE withdrawing unicast or multicast
	// routes in MP_UNREACH_NLRI (IPv6 unicast, ...) without the routes'
	// path attributes, as RFC 4760 allows; 4.2 sends them along.
	BareMPWithdrawals bool
	// AcksAfterSend answers a burst of helper commands that change routes
	// only once the sessions queued its UPDATEs for the wire, so that an
	// acknowledged announce is sent before a later "clear adj-rib out";
	// 4.2 answers as soon as the change is recorded (and exago then packs
	// UPDATEs across bursts).
	AcksAfterSend bool
	// UnknownMessageData is the text carried by the NOTIFICATION (1, 3)
	// that answers a message of unknown type; %d is the type. Empty: the
	// type as one byte, as 4.2.
	UnknownMessageData string
	// Release is the version the generation reports when exabgp_version
	// does not set one (software-version capability).
	Release string
	// HostnameCapability sends the hostname capability (73) when the
	// neighbor has a host-name; 4.2 never sent it.
	HostnameCapability bool
	// SoftwareVersion sends the software-version capability (75) when a
	// neighbor asks for it with "capability { software-version; }".
	SoftwareVersion bool
}

// generations is every release line exago follows, the default first.
var generations = []Generation{
	{
		Name:        "4.2",
		JSONVersion: "4.0.1",
		TextVersion: "4.0.1",
		Release:     "4.2.25",
	},
	{
		Name:               "5.0",
		JSONVersion:        "5.0.0",
		TextVersion:        "5.0.0",
		SortCommunities:    true,
		TargetIPv4Type:     0x01,
		TargetAS4Type1:     true,
		ReloadDifference:   true,
		WithdrawalsFirst:   true,
		BareMPWithdrawals:  true,
		AcksAfterSend:      true,
		UnknownMessageData: `can not decode message of type "%d"`,
		SoftwareVersion:    true,
		HostnameCapability: true,
		Release:            "5.0.13",
	},
}

// DefaultGeneration is ExaBGP 4.2's behaviour.
func DefaultGeneration() Generation { return generations[0] }

// Generations lists the release lines exago can follow.
func Generations() []Generation { return append([]Generation(nil), generations...) }

// LookupGeneration finds a release line by name ("5.0"), or by a version
// of it ("5.0.13", "5", "5.0.0-0+test"): the row with the same major
// version, the latest of them when the minor does not match.
func LookupGeneration(v string) (Generation, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return Generation{}, false
	}
	major, rest, _ := strings.Cut(v, ".")
	minor, _, _ := strings.Cut(rest, ".")
	var found Generation
	ok := false
	for _, g := range generations {
		gmajor, gminor, _ := strings.Cut(g.Name, ".")
		if gmajor != major {
			continue
		}
		if gminor == minor {
			return g, true
		}
		found, ok = g, true
	}
	return found, ok
}

// resolveGeneration picks the generation: the setting when given (it must
// name a known line), else the exabgp_version hint when it names one, else
// the default.
func resolveGeneration(setting, version string) (Generation, error) {
	if strings.TrimSpace(setting) != "" {
		g, ok := LookupGeneration(setting)
		if !ok {
			var names []string
			for _, g := range generations {
				names = append(names, g.Name)
			}
			return Generation{}, fmt.Errorf("invalid value for exago.compat.generation : %s (one of %s)", setting, strings.Join(names, ", "))
		}
		return g, nil
	}
	if g, ok := LookupGeneration(version); ok {
		return g, nil
	}
	return DefaultGeneration(), nil
}
