package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// settingKind is how ExaBGP 4.2 reads and writes one setting.
type settingKind uint8

const (
	kindBool    settingKind = iota // true for 1, yes, on, enable, true; false otherwise
	kindInt                        // decimal integer
	kindReal                       // floating point, written as Python does ("1.0")
	kindString                     // unquoted on read, written in single quotes
	kindIPList                     // space separated IP addresses, written quoted
	kindLevel                      // syslog level name
	kindEncoder                    // text or json
	kindUmask                      // octal, written as Python's oct() in quotes
	kindUser                       // user name, written quoted
)

// setting is one row of ExaBGP 4.2's settings table.
type setting struct {
	section, option string
	kind            settingKind
	def             string
	help            string
}

// settingsTable lists ExaBGP 4.2's settings in its own order (the order of
// "exabgp --fe"); "exabgp --fi" sorts sections and options instead.
var settingsTable = []setting{
	{"profile", "enable", kindBool, "false", "toggle profiling of the code"},
	{"profile", "file", kindString, "", "profiling result file, none means stdout, no overwriting"},
	{"pdb", "enable", kindBool, "false", "on program fault, start pdb the python interactive debugger"},
	{"daemon", "pid", kindString, "", "where to save the pid if we manage it"},
	{"daemon", "user", kindUser, "nobody", "user to run as"},
	{"daemon", "daemonize", kindBool, "false", "should we run in the background"},
	{"daemon", "drop", kindBool, "true", "drop privileges before forking processes"},
	{"daemon", "umask", kindUmask, "0137", "run daemon with this umask, governs perms of logfiles etc."},
	{"log", "enable", kindBool, "true", "enable logging"},
	{"log", "level", kindLevel, "INFO", "log message with at least the priority SYSLOG.<level>"},
	{"log", "destination", kindString, "stdout", "where logging should log"},
	{"log", "all", kindBool, "false", "report debug information for everything"},
	{"log", "configuration", kindBool, "true", "report command parsing"},
	{"log", "reactor", kindBool, "true", "report signal received, command reload"},
	{"log", "daemon", kindBool, "true", "report pid change, forking, ..."},
	{"log", "processes", kindBool, "true", "report handling of forked processes"},
	{"log", "network", kindBool, "true", "report networking information (TCP/IP, network state,...)"},
	{"log", "packets", kindBool, "false", "report BGP packets sent and received"},
	{"log", "rib", kindBool, "false", "report change in locally configured routes"},
	{"log", "message", kindBool, "false", "report changes in route announcement on config reload"},
	{"log", "timers", kindBool, "false", "report keepalives timers"},
	{"log", "routes", kindBool, "false", "report received routes"},
	{"log", "parser", kindBool, "false", "report BGP message parsing details"},
	{"log", "short", kindBool, "false", "use short log format (not prepended with time,level,pid and source)"},
	{"tcp", "once", kindBool, "false", "only one tcp connection attempt per peer (for debuging scripts)"},
	{"tcp", "delay", kindInt, "0", "start to announce route when the minutes in the hours is a modulo of this number"},
	{"tcp", "bind", kindIPList, "", "Space separated list of IPs to bind on when listening (no ip to disable)"},
	{"tcp", "port", kindInt, "179", "port to bind on when listening"},
	{"tcp", "acl", kindBool, "", "(experimental) unimplemented"},
	{"bgp", "openwait", kindInt, "60", "how many seconds we wait for an open once the TCP session is established"},
	{"cache", "attributes", kindBool, "true", "cache all attributes (configuration and wire) for faster parsing"},
	{"cache", "nexthops", kindBool, "true", "cache routes next-hops (deprecated: next-hops are always cached)"},
	{"api", "ack", kindBool, "true", "acknowledge api command(s) and report issues"},
	{"api", "chunk", kindInt, "1", "maximum lines to print before yielding in show routes api"},
	{"api", "encoder", kindEncoder, "json", "(experimental) default encoder to use with with external API (text or json)"},
	{"api", "compact", kindBool, "false", "shorter JSON encoding for IPv4/IPv6 Unicast NLRI"},
	{"api", "respawn", kindBool, "true", "should we try to respawn helper processes if they dies"},
	{"api", "terminate", kindBool, "false", "should we terminate ExaBGP if any helper process dies"},
	{"api", "cli", kindBool, "true", "should we create a named pipe for the cli"},
	{"api", "pipename", kindString, "exabgp", "name to be used for the exabgp pipe"},
	{"reactor", "speed", kindReal, "1.0", "reactor loop time"},
	// ExaBGP keeps the debug section out of its listings; exago does too.
	{"debug", "pdb", kindBool, "false", "enable python debugger on errors"},
	{"debug", "memory", kindBool, "false", "command line option --memory"},
	{"debug", "configuration", kindBool, "false", "undocumented option: raise when parsing configuration errors"},
	{"debug", "selfcheck", kindBool, "false", "does a self check on the configuration file"},
	{"debug", "route", kindString, "", "decode the route using the configuration"},
	{"debug", "defensive", kindBool, "false", "generate random fault in the code in purpose"},
	{"debug", "rotate", kindBool, "false", "rotate configurations file on reload (signal)"},
}

// logLevels are the syslog level names ExaBGP accepts, in its order.
var logLevels = []string{"EMERG", "ALERT", "CRIT", "CRITICAL", "ERR", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG"}

// normalize reads raw as ExaBGP does for kind and returns the value in its
// canonical (unquoted) text form.
func (s setting) normalize(raw string) (string, error) {
	switch s.kind {
	case kindBool:
		switch strings.ToLower(raw) {
		case "1", "yes", "on", "enable", "true":
			return "true", nil
		}
		return "false", nil
	case kindInt:
		v, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			return "", fmt.Errorf("invalid value for %s.%s : %s", s.section, s.option, raw)
		}
		return strconv.Itoa(v), nil
	case kindReal:
		v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil {
			return "", fmt.Errorf("invalid value for %s.%s : %s", s.section, s.option, raw)
		}
		out := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.ContainsAny(out, ".eE") {
			out += ".0"
		}
		return out, nil
	case kindIPList:
		var ips []string
		for _, w := range strings.Split(raw, " ") {
			if w == "" {
				continue
			}
			a, err := netip.ParseAddr(w)
			if err != nil {
				return "", fmt.Errorf("invalid value for %s.%s : %s", s.section, s.option, raw)
			}
			ips = append(ips, a.String())
		}
		return strings.Join(ips, " "), nil
	case kindLevel:
		for _, l := range logLevels {
			if raw == l {
				switch l {
				case "CRITICAL":
					return "CRIT", nil
				case "ERROR":
					return "ERR", nil
				}
				return l, nil
			}
		}
		return "", fmt.Errorf("invalid value for %s.%s : %s", s.section, s.option, raw)
	case kindEncoder:
		v := strings.ToLower(raw)
		if v != "text" && v != "json" {
			return "", fmt.Errorf("invalid value for %s.%s : %s", s.section, s.option, raw)
		}
		return v, nil
	case kindUmask:
		v, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(raw), "0o"), 8, 32)
		if err != nil {
			return "", fmt.Errorf("invalid value for %s.%s : %s", s.section, s.option, raw)
		}
		return "0o" + strconv.FormatUint(v, 8), nil
	}
	return raw, nil
}

// written is a canonical value as ExaBGP writes it in its listings.
func (s setting) written(v string) string {
	switch s.kind {
	case kindString, kindIPList, kindUmask, kindUser:
		return "'" + v + "'"
	}
	return v
}

func (s setting) name() string { return s.section + "." + s.option }

// listed reports whether ExaBGP shows the setting in its listings.
func (s setting) listed() bool { return s.section != "debug" }
