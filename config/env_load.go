package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultEnv is the environment with every setting at ExaBGP 4.2's default.
func DefaultEnv() Env {
	e, _ := LoadEnv(nil, "")
	return e
}

// LoadEnv reads the settings ExaBGP 4.2 reads: for each setting, the
// environment variable "exabgp.section.option", else "exabgp_section_option",
// else the option of the [exabgp.section] part of the INI file at iniPath,
// else the default. environ is as os.Environ returns it; an empty iniPath,
// or one naming no file, means no file. Values are read the ExaBGP way:
// booleans are true for 1, yes, on, enable or true (any case) and false for
// anything else; INI values lose surrounding quotes, environment values do
// not. Settings not in ExaBGP's table are listed in Env.Unknown.
func LoadEnv(environ []string, iniPath string) (Env, error) {
	ini := map[string]string{}
	var unknown []string
	var err error
	if iniPath != "" {
		data, err := os.ReadFile(iniPath)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return Env{}, fmt.Errorf("read environment file: %w", err)
		default:
			if ini, unknown, err = parseINI(iniPath, data); err != nil {
				return Env{}, err
			}
		}
	}
	vars := map[string]string{}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		vars[k] = v
		var name string
		switch {
		case strings.HasPrefix(k, "exabgp."):
			name = strings.TrimPrefix(k, "exabgp.")
		case strings.HasPrefix(k, "exabgp_"):
			name = strings.Replace(strings.TrimPrefix(k, "exabgp_"), "_", ".", 1)
		default:
			continue
		}
		if _, extra := extraVariable(k); extra {
			continue
		}
		if !knownSetting(name) && !ignoredVariable(k) {
			unknown = appendUnique(unknown, name)
		}
	}

	values := make(map[string]string, len(settingsTable))
	for _, s := range settingsTable {
		raw, ok := vars["exabgp."+s.name()]
		if !ok {
			raw, ok = vars["exabgp_"+s.section+"_"+s.option]
		}
		if ok && s.kind == kindIPList {
			// ExaBGP does not unquote variables, but a runner passing
			// exabgp_tcp_bind='' without a shell means "do not listen".
			raw = unquoteINI(raw)
		}
		if !ok {
			raw, ok = ini[s.name()]
			raw = unquoteINI(raw)
		}
		if !ok {
			raw = s.def
		}
		v, err := s.normalize(raw)
		if err != nil {
			return Env{}, err
		}
		values[s.name()] = v
	}
	e := envFromValues(values)
	e.Unknown = unknown
	if e.extra, err = loadExtra(vars, ini); err != nil {
		return Env{}, err
	}
	e.MetricsAddress = e.extra["exago.metrics.address"]
	if s, _ := strconv.Atoi(e.extra["exago.bgp.staletime"]); s > 0 {
		e.GRStaleTime = time.Duration(s) * time.Second
	}
	if e.MultiSessionSplit, err = multiSessionMode(e.extra["exago.bgp.multisession"]); err != nil {
		return Env{}, err
	}
	e.APISocketName = e.extra["exabgp.api.socketname"]
	e.APISocketPath = e.extra["exabgp.api.socketpath"]
	version, ok := vars["exabgp.version"]
	if !ok {
		version = vars["exabgp_version"]
	}
	e.Version = version
	if e.Generation, err = resolveGeneration(e.extra["exago.compat.generation"], version); err != nil {
		return Env{}, err
	}
	n, _ := strconv.Atoi(e.extra["exabgp.tcp.attempts"])
	c, _ := strconv.Atoi(e.extra["exabgp.tcp.connections"])
	e.TCPAttempts = max(n, c)
	return e, nil
}

// ignoredVariable reports variables that look like settings but are
// ExaBGP internals (exabgp_cli_pipe...).
func ignoredVariable(k string) bool {
	return strings.HasPrefix(k, "exabgp_cli_") || k == "exabgp_version" || k == "exabgp.version"
}

func knownSetting(name string) bool {
	for _, s := range settingsTable {
		if s.name() == name {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	for _, have := range list {
		if have == s {
			return list
		}
	}
	return append(list, s)
}

// unquoteINI strips spaces then quotes from both ends, as ExaBGP does.
func unquoteINI(s string) string {
	return strings.Trim(strings.TrimSpace(s), `'"`)
}

// parseINI reads an exabgp.env file: "[exabgp.section]" headers and
// "option = value" (or "option: value") lines; lines starting with # or ;
// are comments. It returns values by "section.option" and the settings
// given that ExaBGP does not know.
func parseINI(path string, data []byte) (map[string]string, []string, error) {
	values := map[string]string{}
	var unknown []string
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' || text[0] == ';' {
			continue
		}
		if text[0] == '[' {
			if !strings.HasSuffix(text, "]") {
				return nil, nil, &PosError{Pos: Position{File: path, Line: line, Column: 1}, Msg: "invalid section header " + strconv.Quote(text)}
			}
			section = strings.TrimSpace(text[1 : len(text)-1])
			continue
		}
		i := strings.IndexAny(text, "=:")
		if i < 0 {
			return nil, nil, &PosError{Pos: Position{File: path, Line: line, Column: 1}, Msg: "expected option = value, got " + strconv.Quote(text)}
		}
		if section == "" {
			return nil, nil, &PosError{Pos: Position{File: path, Line: line, Column: 1}, Msg: "option outside of a [section]"}
		}
		option := strings.ToLower(strings.TrimSpace(text[:i]))
		value := strings.TrimSpace(text[i+1:])
		if prefix, rest, ok := strings.Cut(section, "."); ok && (prefix == "exago" || prefix == "exabgp") {
			if _, extra := lookupExtra(prefix, rest+"."+option); extra {
				values[section+"."+option] = value
				continue
			}
		}
		name, isExa := strings.CutPrefix(section, "exabgp.")
		if !isExa {
			unknown = appendUnique(unknown, section+"."+option)
			continue
		}
		name += "." + option
		if !knownSetting(name) {
			unknown = appendUnique(unknown, name)
			continue
		}
		values[name] = value
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read environment file %s: %w", path, err)
	}
	return values, unknown, nil
}

// envFromValues fills the typed fields from canonical values.
func envFromValues(v map[string]string) Env {
	b := func(name string) bool { return v[name] == "true" }
	i := func(name string) int { n, _ := strconv.Atoi(v[name]); return n }
	e := Env{
		TCPOnce:        b("tcp.once"),
		TCPDelay:       i("tcp.delay"),
		APIAck:         b("api.ack"),
		APIEncoder:     v["api.encoder"],
		APICLI:         b("api.cli"),
		APIRespawn:     b("api.respawn"),
		APITerminate:   b("api.terminate"),
		APICompact:     b("api.compact"),
		APIPipeName:    v["api.pipename"],
		APIChunk:       i("api.chunk"),
		LogEnable:      b("log.enable"),
		LogLevel:       v["log.level"],
		LogDestination: v["log.destination"],
		LogAll:         b("log.all"),
		LogShort:       b("log.short"),
		LogPackets:     b("log.packets"),
		DaemonUser:     v["daemon.user"],
		DaemonPID:      v["daemon.pid"],
		BGPOpenWait:    i("bgp.openwait"),
		values:         v,
	}
	e.TCPPort = uint16(i("tcp.port"))
	if bind := v["tcp.bind"]; bind != "" {
		e.TCPBind = strings.Split(bind, " ")
	}
	return e
}

// Get returns the canonical value of a setting ("tcp.port" -> "179"), and
// whether the setting exists.
func (e Env) Get(name string) (string, bool) {
	for _, s := range settingsTable {
		if s.name() == name {
			if v, ok := e.values[name]; ok {
				return v, true
			}
			v, _ := s.normalize(s.def)
			return v, true
		}
	}
	return "", false
}

// Settings lists every setting ExaBGP shows with its value as ExaBGP
// writes it, in ExaBGP's "--fe" order: {"exabgp.tcp.port", "179"},
// {"exabgp.tcp.bind", "”"}...
func (e Env) Settings() [][2]string {
	var out [][2]string
	for _, s := range settingsTable {
		if !s.listed() {
			continue
		}
		v, _ := e.Get(s.name())
		out = append(out, [2]string{"exabgp." + s.name(), s.written(v)})
	}
	return out
}

// EnvLines is ExaBGP's "--full-env" (diff false) or "--diff-env" (diff
// true, only the settings away from their defaults) output, one
// "exabgp.section.option=value" per line; as ExaBGP's, the full listing
// starts with an empty line.
func (e Env) EnvLines(diff bool) []string {
	var out []string
	if !diff {
		out = append(out, "")
	}
	for _, s := range settingsTable {
		if !s.listed() {
			continue
		}
		v, _ := e.Get(s.name())
		if diff && s.isDefault(v) {
			continue
		}
		out = append(out, "exabgp."+s.name()+"="+s.written(v))
	}
	return out
}

// INILines is ExaBGP's "--full-ini" (diff false) or "--diff-ini" output:
// sorted "[exabgp.section]" headers, each preceded by an empty line, and
// sorted "option = value" lines.
func (e Env) INILines(diff bool) []string {
	sections := map[string][]setting{}
	var names []string
	for _, s := range settingsTable {
		if !s.listed() {
			continue
		}
		if _, ok := sections[s.section]; !ok {
			names = append(names, s.section)
		}
		sections[s.section] = append(sections[s.section], s)
	}
	slices.Sort(names)
	var out []string
	for _, sec := range names {
		rows := sections[sec]
		slices.SortFunc(rows, func(a, b setting) int { return strings.Compare(a.option, b.option) })
		header := "\n[exabgp." + sec + "]"
		for _, s := range rows {
			v, _ := e.Get(s.name())
			if diff && s.isDefault(v) {
				continue
			}
			if header != "" {
				out = append(out, header)
				header = ""
			}
			out = append(out, s.option+" = "+s.written(v))
		}
	}
	return out
}

func (s setting) isDefault(v string) bool {
	d, _ := s.normalize(s.def)
	return d == v
}

// SystemEnvFile is where ExaBGP 4.2 looks for its settings file when none
// is given (or the one given does not exist).
const SystemEnvFile = "/etc/exabgp/exabgp.env"

// FindEnvFile returns the settings file ExaBGP would read: explicit when it
// exists, else SystemEnvFile when it exists, else "".
func FindEnvFile(explicit string) string {
	for _, p := range []string{explicit, SystemEnvFile} {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}
