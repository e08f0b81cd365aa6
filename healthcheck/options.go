package healthcheck

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Options are the settings of one healthcheck, named and defaulted as
// ExaBGP's healthcheck options.
type Options struct {
	Name           string
	Config         string
	Debug          bool
	Silent         bool
	SyslogFacility string
	NoSyslog       bool
	NoAck          bool
	Sudo           bool
	User           string
	Group          string
	PIDFile        string

	Interval     time.Duration // 0: exit after the first announcement
	FastInterval time.Duration
	Timeout      time.Duration // 0: no timeout
	Rise         int
	Fall         int
	Disable      string // a file whose presence disables the service
	Command      string
	HasCommand   bool // without a command every check passes

	NextHop         netip.Addr // invalid: "self"
	IPs             []netip.Prefix
	IPIfnames       map[netip.Prefix]string // 5.0 --ip-ifname
	LocalPreference int                     // negative: not sent
	Deaggregate     bool
	IPSetup         bool
	DynamicIPSetup  bool
	Label           string
	LabelExactMatch bool // 5.0
	StartIP         int
	UpMetric        int
	DownMetric      int
	DisabledMetric  int
	Increase        int

	Community         string
	ExtendedCommunity string
	LargeCommunity    string
	DisabledCommunity string
	ASPath            string
	UpASPath          *string // nil: ASPath
	DownASPath        *string
	DisabledASPath    *string
	WithdrawOnDown    bool
	PathID            int // 0: not sent
	Neighbors         []string
	Debounce          bool // 5.0: announce on state changes only

	Execute         []string
	UpExecute       []string
	DownExecute     []string
	DisabledExecute []string
}

// UsageError is an invalid option, value or configuration file: the
// command exits with status 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// flagNames are the long options, for argparse-style unique-prefix
// abbreviations (--fast for --fast-interval).
var flagNames = []string{
	"silent", "syslog-facility", "no-syslog", "no-ack", "sudo", "debug", "name", "config", "pid", "user",
	"group", "interval", "fast-interval", "timeout", "rise", "fall", "disable", "command", "next-hop", "ip",
	"ip-ifname", "local-preference", "deaggregate-networks", "no-ip-setup", "dynamic-ip-setup", "label",
	"label-exact-match", "start-ip", "up-metric", "down-metric", "disabled-metric", "increase", "community",
	"extended-community", "large-community", "disabled-community", "as-path", "up-as-path", "down-as-path",
	"disabled-as-path", "withdraw-on-down", "path-id", "neighbor", "debounce", "execute", "up-execute",
	"down-execute", "disabled-execute", "help",
}

// normalizeName maps --cmd to --command and a unique prefix of a long
// option (or of --cmd) to the option, as Python's argparse does; an
// ambiguous prefix is left as is, to be reported unknown.
func normalizeName(_ *pflag.FlagSet, name string) pflag.NormalizedName {
	target := func(n string) string {
		if n == "cmd" {
			return "command"
		}
		return n
	}
	var match string
	for _, n := range append(flagNames[:len(flagNames):len(flagNames)], "cmd") {
		if n == name {
			return pflag.NormalizedName(target(n))
		}
		if strings.HasPrefix(n, name) && target(n) != match {
			if match != "" {
				return pflag.NormalizedName(name)
			}
			match = target(n)
		}
	}
	if match != "" {
		return pflag.NormalizedName(match)
	}
	return pflag.NormalizedName(name)
}

// rawOptions holds the values as parsed, before validation.
type rawOptions struct {
	o                               Options
	interval, fast                  float64
	timeout                         int
	noIPSetup                       bool
	nextHop                         string
	ips, ipIfnames, neighbors       []string
	upASPath, downASPath, disASPath string
}

func newFlagSet(r *rawOptions, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("healthcheck", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SetNormalizeFunc(normalizeName)
	fs.SortFlags = false
	fs.SetInterspersed(true)
	o := &r.o
	fs.BoolVarP(&o.Silent, "silent", "s", false, "don't log to console")
	fs.StringVar(&o.SyslogFacility, "syslog-facility", "daemon", "log to syslog using `FACILITY` (also -sF), default FACILITY is daemon")
	fs.Lookup("syslog-facility").NoOptDefVal = "daemon"
	fs.BoolVar(&o.NoSyslog, "no-syslog", false, "disable syslog logging")
	fs.BoolVarP(&o.NoAck, "no-ack", "a", false, "set for exabgp 3.4 or 4.x when exabgp.api.ack=false")
	fs.BoolVar(&o.Sudo, "sudo", false, "use sudo to setup ip addresses (accepted; exago uses netlink)")
	fs.BoolVarP(&o.Debug, "debug", "d", false, "enable debugging")
	fs.StringVarP(&o.Name, "name", "n", "", "`NAME` for this healthchecker")
	fs.StringVarP(&o.Config, "config", "F", "", "read configuration from `FILE`")
	fs.StringVarP(&o.PIDFile, "pid", "p", "", "write PID to `FILE`")
	fs.StringVar(&o.User, "user", "", "set `USER` after setting loopback addresses")
	fs.StringVar(&o.Group, "group", "", "set `GROUP` after setting loopback addresses")

	fs.Float64VarP(&r.interval, "interval", "i", 5, "wait `N` seconds between each healthcheck (zero to exit after first announcement)")
	fs.Float64VarP(&r.fast, "fast-interval", "f", 1, "when a state change is about to occur, wait `N` seconds between each healthcheck")
	intVarP(fs, &r.timeout, "timeout", "t", 5, "wait `N` seconds for the check command to execute")
	intVarP(fs, &o.Rise, "rise", "", 3, "check `N` times before considering the service up")
	intVarP(fs, &o.Fall, "fall", "", 3, "check `N` times before considering the service down")
	fs.StringVar(&o.Disable, "disable", "", "if `FILE` exists, the service is considered disabled")
	fs.StringVarP(&o.Command, "command", "c", "", "`CMD` to use for healthcheck (also --cmd)")

	fs.StringVarP(&r.nextHop, "next-hop", "N", "", "self `IP` address to use as next hop")
	fs.StringArrayVar(&r.ips, "ip", nil, "advertise this `IP` address or network (CIDR notation)")
	fs.StringArrayVar(&r.ipIfnames, "ip-ifname", nil, "bind this IP address or network to the given interface (`IP%IFNAME`)")
	intVarP(fs, &o.LocalPreference, "local-preference", "", -1, "advertise with local preference `P`")
	fs.BoolVar(&o.Deaggregate, "deaggregate-networks", false, "deaggregate networks specified in --ip")
	fs.BoolVar(&r.noIPSetup, "no-ip-setup", false, "don't setup missing IP addresses")
	fs.BoolVar(&o.DynamicIPSetup, "dynamic-ip-setup", false, "delete existing loopback ips on state down and disabled, then restore loopback when up")
	fs.StringVar(&o.Label, "label", "", "use the provided `LABEL` to match loopback addresses")
	fs.BoolVar(&o.LabelExactMatch, "label-exact-match", false, "match the label exactly, not as a prefix")
	intVarP(fs, &o.StartIP, "start-ip", "", 0, "index `N` of the first IP in the list of IP addresses")
	intVarP(fs, &o.UpMetric, "up-metric", "", 100, "first IP get the metric `M` when the service is up")
	intVarP(fs, &o.DownMetric, "down-metric", "", 1000, "first IP get the metric `M` when the service is down")
	intVarP(fs, &o.DisabledMetric, "disabled-metric", "", 500, "first IP get the metric `M` when the service is disabled")
	intVarP(fs, &o.Increase, "increase", "", 1, "for each additional IP address, increase metric value by `M`")
	fs.StringVar(&o.Community, "community", "", "announce IPs with the supplied `COMMUNITY`")
	fs.StringVar(&o.ExtendedCommunity, "extended-community", "", "announce IPs with the supplied `EXTENDEDCOMMUNITY`")
	fs.StringVar(&o.LargeCommunity, "large-community", "", "announce IPs with the supplied `LARGECOMMUNITY`")
	fs.StringVar(&o.DisabledCommunity, "disabled-community", "", "announce IPs with the supplied `DISABLEDCOMMUNITY` when disabled")
	fs.StringVar(&o.ASPath, "as-path", "", "announce IPs with the supplied `ASPATH`")
	fs.StringVar(&r.upASPath, "up-as-path", "", "announce IPs with the supplied `ASPATH` when the service is up")
	fs.StringVar(&r.downASPath, "down-as-path", "", "announce IPs with the supplied `ASPATH` when the service is down")
	fs.StringVar(&r.disASPath, "disabled-as-path", "", "announce IPs with the supplied `ASPATH` when the service is disabled")
	fs.BoolVar(&o.WithdrawOnDown, "withdraw-on-down", false, "instead of increasing the metric on health failure, withdraw the route")
	intVarP(fs, &o.PathID, "path-id", "", 0, "`PATHID` to advertise for the route")
	fs.StringArrayVar(&r.neighbors, "neighbor", nil, "advertise the route to the selected `NEIGHBOR`s (* for all)")
	fs.BoolVar(&o.Debounce, "debounce", false, "announce only on state changes, instead of every iteration")

	fs.StringArrayVar(&o.Execute, "execute", nil, "execute `CMD` on state change")
	fs.StringArrayVar(&o.UpExecute, "up-execute", nil, "execute `CMD` when the service becomes available")
	fs.StringArrayVar(&o.DownExecute, "down-execute", nil, "execute `CMD` when the service becomes unavailable")
	fs.StringArrayVar(&o.DisabledExecute, "disabled-execute", nil, "execute `CMD` when the service is disabled")
	return fs
}

// Usage prints the options to w.
func Usage(w io.Writer) {
	var r rawOptions
	fs := newFlagSet(&r, w)
	fmt.Fprintf(w, "usage: exago healthcheck [options]\n%s", fs.FlagUsages())
}

// Parse parses the command line of `exago healthcheck`: ExaBGP's options,
// with the file of --config read first, as ExaBGP reads it (each line not
// starting with "#" is a long option without its dashes, "name = value"
// or a bare "name"), the command line then overriding it. It returns
// pflag.ErrHelp after --help and a *UsageError for anything invalid.
func Parse(args []string, stderr io.Writer) (*Options, error) {
	args = syslogArgs(args)
	var first rawOptions
	fs := newFlagSet(&first, io.Discard)
	if err := fs.Parse(args); err != nil {
		return nil, parseError(err, stderr)
	}
	if first.o.Config != "" {
		fileArgs, err := ReadConfigFile(first.o.Config)
		if err != nil {
			return nil, &UsageError{Err: err}
		}
		args = append(syslogArgs(fileArgs), args...)
	}
	var r rawOptions
	fs = newFlagSet(&r, io.Discard)
	if err := fs.Parse(args); err != nil {
		return nil, parseError(err, stderr)
	}
	if fs.NArg() > 0 {
		return nil, usagef("unrecognized arguments: %s", strings.Join(fs.Args(), " "))
	}
	exclusive := 0
	for _, n := range []string{"silent", "syslog-facility", "no-syslog"} {
		if fs.Changed(n) {
			exclusive++
		}
	}
	if exclusive > 1 {
		return nil, usagef("--silent, --syslog-facility and --no-syslog are mutually exclusive")
	}
	if err := r.finish(fs); err != nil {
		return nil, err
	}
	return &r.o, nil
}

func parseError(err error, stderr io.Writer) error {
	if errors.Is(err, pflag.ErrHelp) {
		Usage(stderr)
		return err
	}
	return &UsageError{Err: err}
}

// syslogArgs rewrites argparse spellings pflag does not take: the
// two-letter short option -sF, and --syslog-facility's optional value
// given as the next argument.
func syslogArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if strings.HasPrefix(a, "-sF") {
			if v := a[3:]; v != "" {
				out = append(out, "--syslog-facility="+strings.TrimPrefix(v, "="))
				continue
			}
			a = "--syslog-facility"
		}
		if a == "--syslog-facility" && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			out = append(out, a+"="+args[i+1])
			i++
			continue
		}
		out = append(out, a)
	}
	return out
}

// finish validates the raw values into r.o.
func (r *rawOptions) finish(fs *pflag.FlagSet) error {
	o := &r.o
	var err error
	if o.Interval, err = seconds("--interval", r.interval); err != nil {
		return err
	}
	if o.FastInterval, err = seconds("--fast-interval", r.fast); err != nil {
		return err
	}
	if r.timeout < 0 {
		return usagef("invalid --timeout %d: must not be negative", r.timeout)
	}
	o.Timeout = time.Duration(r.timeout) * time.Second
	o.HasCommand = fs.Changed("command")
	o.IPSetup = !r.noIPSetup
	if r.nextHop != "" {
		a, err := netip.ParseAddr(r.nextHop)
		if err != nil || a.Zone() != "" {
			return usagef("invalid --next-hop %q: not an IP address", r.nextHop)
		}
		o.NextHop = a
	}
	for _, s := range r.ips {
		p, err := parseNetwork(s)
		if err != nil {
			return usagef("invalid --ip %q: %v", s, err)
		}
		o.IPs = append(o.IPs, p)
	}
	if len(r.ipIfnames) > 0 {
		o.IPIfnames = map[netip.Prefix]string{}
	}
	for _, s := range r.ipIfnames {
		ip, ifname, ok := strings.Cut(s, "%")
		if !ok || strings.Contains(ifname, "%") {
			return usagef("invalid --ip-ifname %q: expected IP%%IFNAME", s)
		}
		p, err := parseNetwork(ip)
		if err != nil {
			return usagef("invalid --ip-ifname %q: %v", s, err)
		}
		if !containsPrefix(o.IPs, p) {
			return usagef("invalid --ip-ifname %q: no --ip %s", s, p)
		}
		if !validIfname(ifname) {
			return usagef("invalid --ip-ifname %q: %q is not an interface name", s, ifname)
		}
		o.IPIfnames[p] = ifname
	}
	for _, s := range r.neighbors {
		if strings.TrimSpace(s) == "*" {
			o.Neighbors = append(o.Neighbors, "*")
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return usagef("invalid --neighbor %q: not an IP address", s)
		}
		o.Neighbors = append(o.Neighbors, a.String())
	}
	if fs.Changed("up-as-path") {
		o.UpASPath = &r.upASPath
	}
	if fs.Changed("down-as-path") {
		o.DownASPath = &r.downASPath
	}
	if fs.Changed("disabled-as-path") {
		o.DisabledASPath = &r.disASPath
	}
	if o.Label != "" && len("lo:"+o.Label) > 15 {
		return usagef("invalid --label %q: the address label lo:%s is longer than 15 characters", o.Label, o.Label)
	}
	if _, err := facility(o.SyslogFacility); err != nil {
		return &UsageError{Err: err}
	}
	return validateAttributes(o)
}

func seconds(name string, v float64) (time.Duration, error) {
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) || v > float64(math.MaxInt64/int64(time.Second)) {
		return 0, usagef("invalid %s %v: must be a number of seconds, zero or more", name, v)
	}
	return time.Duration(v * float64(time.Second)), nil
}

// parseNetwork parses an address or a network as Python's ip_network
// does: a bare address is a host route, host bits must be zero.
func parseNetwork(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, errors.New("not an IP address or network")
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, errors.New("not an IP address or network")
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("has host bits set (the network is %s)", p.Masked())
	}
	return p, nil
}

func containsPrefix(ps []netip.Prefix, p netip.Prefix) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func validIfname(s string) bool {
	if len(s) == 0 || len(s) > 15 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._:-", c)) {
			return false
		}
	}
	return true
}

// decimalInt is an int flag read in base 10 only, as Python's int().
type decimalInt struct{ p *int }

func (d decimalInt) String() string {
	if d.p == nil {
		return "0"
	}
	return strconv.Itoa(*d.p)
}
func (d decimalInt) Type() string { return "int" }
func (d decimalInt) Set(s string) error {
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
	if err != nil {
		return fmt.Errorf("invalid int value: %q", s)
	}
	*d.p = n
	return nil
}

func intVarP(fs *pflag.FlagSet, p *int, name, short string, def int, usage string) {
	*p = def
	fs.VarP(decimalInt{p}, name, short, usage)
}
