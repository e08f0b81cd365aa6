package config

import (
	"fmt"
	"strings"
)

// multiSessionMode reads exago.bgp.multisession: "" (or "exabgp") keeps
// ExaBGP 4.2's behaviour, one session carrying every family; "split" runs
// one session per family for neighbors with multi-session.
func multiSessionMode(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "exabgp":
		return false, nil
	case "split":
		return true, nil
	}
	return false, fmt.Errorf("invalid value for exago.bgp.multisession : %s (split, or empty for ExaBGP 4.2's single session)", v)
}
