package healthcheck

import (
	"fmt"
	"strings"

	"github.com/exago/exago/config"
)

// validateAttributes checks the attribute options with the route syntax
// the daemon parses the printed lines with, so that a bad community or
// AS path is an error at start rather than an "error" answer per line.
func validateAttributes(o *Options) error {
	checks := []struct {
		flag, keyword, value string
	}{
		{"--community", "community", o.Community},
		{"--disabled-community", "community", o.DisabledCommunity},
		{"--extended-community", "extended-community", o.ExtendedCommunity},
		{"--large-community", "large-community", o.LargeCommunity},
		{"--as-path", "as-path", o.ASPath},
	}
	for _, p := range []struct {
		flag string
		v    *string
	}{{"--up-as-path", o.UpASPath}, {"--down-as-path", o.DownASPath}, {"--disabled-as-path", o.DisabledASPath}} {
		if p.v != nil {
			checks = append(checks, struct{ flag, keyword, value string }{p.flag, "as-path", *p.v})
		}
	}
	for _, c := range checks {
		if c.value == "" {
			continue
		}
		if strings.ContainsAny(c.value, "\n\r[];{}") || strings.ContainsFunc(c.value, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
			return usagef("invalid %s %q: brackets, semicolons and control characters are not allowed", c.flag, c.value)
		}
		line := fmt.Sprintf("route 192.0.2.1/32 next-hop 192.0.2.2 %s [ %s ]", c.keyword, c.value)
		if _, err := config.ParseUpdateCommand(config.SplitWords(line)); err != nil {
			return usagef("invalid %s %q: %v", c.flag, c.value, err)
		}
	}
	return nil
}
