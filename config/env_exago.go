package config

import "strings"

// exagoTable lists exago's own settings, beside ExaBGP's: read from
// "exago.section.option" or "exago_section_option" variables and from
// "[exago.section]" in the settings file, listed by "exago env" after
// ExaBGP's (ExaBGP's own listings, --fe and friends, leave them out).
var exagoTable = []setting{
	{"metrics", "address", kindString, "", "listen address (host:port) of the Prometheus /metrics endpoint; empty: off"},
	{"compat", "generation", kindString, "", "ExaBGP generation followed where 4.2 and 5.0 differ (4.2, 5.0); empty: 4.2, or the one exabgp_version names"},
	{"bgp", "staletime", kindInt, "360", "seconds a restarted peer's stale routes stay once its session is back without its End-of-RIB (graceful restart, RFC 4724)"},
	{"bgp", "multisession", kindString, "", "multi-session neighbors: empty as ExaBGP 4.2 (one session, every family); split: one TCP session per family"},
}

// exabgp5Table lists ExaBGP 5 settings exago reads but ExaBGP 4.2 does not
// know: they are accepted without warning and not listed.
var exabgp5Table = []setting{
	{"api", "socketname", kindString, "exabgp", "name of the control socket (NAME.sock)"},
	{"api", "socketpath", kindString, "", "full path of the control socket, overriding the search"},
	{"tcp", "attempts", kindInt, "0", "outgoing connection attempts per neighbor, 0 for no limit; exit once all are used and every session ended"},
	{"tcp", "connections", kindInt, "0", "another name for tcp.attempts (the 5.0 test runner's exabgp_tcp_connections)"},
}

// lookupExtra finds an exago or ExaBGP 5 setting by "prefix" ("exago" or
// "exabgp") and "section.option".
func lookupExtra(prefix, name string) (setting, bool) {
	table := exabgp5Table
	if prefix == "exago" {
		table = exagoTable
	}
	for _, s := range table {
		if s.name() == name {
			return s, true
		}
	}
	return setting{}, false
}

// loadExtra reads the exago and ExaBGP 5 settings from the variables and
// the INI values ("exago.metrics.address" -> value), variables first.
func loadExtra(vars, ini map[string]string) (map[string]string, error) {
	out := map[string]string{}
	read := func(prefix string, s setting) error {
		raw, ok := vars[prefix+"."+s.name()]
		if !ok {
			raw, ok = vars[prefix+"_"+s.section+"_"+s.option]
		}
		if !ok {
			raw, ok = ini[prefix+"."+s.name()]
			raw = unquoteINI(raw)
		}
		if !ok {
			raw = s.def
		}
		v, err := s.normalize(raw)
		if err != nil {
			return err
		}
		out[prefix+"."+s.name()] = v
		return nil
	}
	for _, s := range exagoTable {
		if err := read("exago", s); err != nil {
			return nil, err
		}
	}
	for _, s := range exabgp5Table {
		if err := read("exabgp", s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// extraVariable reports whether an environment variable names an exago or
// ExaBGP 5 setting, and which ("exago.metrics.address").
func extraVariable(k string) (string, bool) {
	for _, prefix := range []string{"exago", "exabgp"} {
		var name string
		switch {
		case strings.HasPrefix(k, prefix+"."):
			name = strings.TrimPrefix(k, prefix+".")
		case strings.HasPrefix(k, prefix+"_"):
			name = strings.Replace(strings.TrimPrefix(k, prefix+"_"), "_", ".", 1)
		default:
			continue
		}
		if _, ok := lookupExtra(prefix, name); ok {
			return prefix + "." + name, true
		}
	}
	return "", false
}

// ExagoLines lists exago's own settings as EnvLines does ExaBGP's
// ("exago.metrics.address=”"), or, with ini, as INILines does.
func (e Env) ExagoLines(ini, diff bool) []string {
	var out []string
	section := ""
	for _, s := range exagoTable {
		v := e.extra["exago."+s.name()]
		if diff && s.isDefault(v) {
			continue
		}
		if !ini {
			out = append(out, "exago."+s.name()+"="+s.written(v))
			continue
		}
		if s.section != section {
			section = s.section
			out = append(out, "", "[exago."+section+"]")
		}
		out = append(out, s.option+" = "+s.written(v))
	}
	return out
}
