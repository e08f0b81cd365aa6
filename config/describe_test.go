package config

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"

	"github.com/exago/exago/codec"
)

// describe prints a configuration in the shape of testdata/exabgp_dump.py,
// which prints what ExaBGP 4.2 builds from the same file, so the two can be
// compared line for line.
func describe(name string, c *Config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "FILE %s ok\n", filepath.Base(name))
	procs := slices.Clone(c.Processes)
	slices.SortFunc(procs, func(a, b *Process) int { return strings.Compare(a.Name, b.Name) })
	for _, p := range procs {
		fmt.Fprintf(&b, " process %s %s %s\n", p.Name, p.Encoder, pyBool(p.Respawn))
	}
	for _, n := range c.Neighbors {
		peer := n.PeerAddress.String()
		if n.PeerRange.IsValid() {
			peer = n.PeerRange.String()
		}
		fmt.Fprintf(&b, " neighbor %s local %s rid %s as %d %d hold %d passive %s listen %d connect %d\n",
			peer, pyAddr(n.LocalAddress), pyAddr(n.RouterID), n.LocalAS, n.PeerAS, n.HoldTime, pyBool(n.Passive), n.Listen, n.Connect)
		md5 := "None"
		if n.MD5Password != "" {
			md5 = n.MD5Password
		}
		md5b64 := "None"
		if n.MD5Base64 {
			md5b64 = "True"
		}
		fmt.Fprintf(&b, "  flags gu %s flush %s ribout %s eor %s md5 %s %s %s ttl %s %s desc %s\n",
			pyBool(n.GroupUpdates), pyBool(n.AutoFlush), pyBool(n.AdjRIBOut), pyBool(n.ManualEOR),
			md5, md5b64, pyAddr(n.MD5IP), pyTTL(n.OutgoingTTL), pyTTL(n.IncomingTTL), pyRepr(n.Description))
		fams := make([]string, len(n.Families))
		for i, f := range n.Families {
			fams[i] = famSlash(f)
		}
		fmt.Fprintf(&b, "  fams %s\n", strings.Join(fams, " "))
		caps := n.Capabilities
		gr := "False"
		if caps.GracefulRestart {
			gr = fmt.Sprint(caps.RestartTime)
		}
		fmt.Fprintf(&b, "  caps asn4 %s rr %s gr %s ms %s op %s em %s\n", pyBool(caps.ASN4), pyBool(caps.RouteRefresh), gr,
			pyBool(caps.MultiSession), pyBool(caps.Operational), pyBool(caps.ExtendedMessage))
		var ap []string
		for _, f := range n.Families {
			if _, ok := caps.AddPath[f]; ok {
				ap = append(ap, famSlash(f))
			}
		}
		fmt.Fprintf(&b, "  addpath %d %s\n", caps.AddPathGlobal, strings.Join(ap, " "))
		if caps.NextHop == nil {
			b.WriteString("  nexthop None\n")
		} else {
			var nh []string
			for f, afi := range caps.NextHop {
				nh = append(nh, fmt.Sprintf("'%s/%s'", famSlash(f), afi))
			}
			slices.Sort(nh)
			fmt.Fprintf(&b, "  nexthop [%s]\n", strings.Join(nh, ", "))
		}
		fmt.Fprintf(&b, "  api [%s]\n", flattenAPI(n.APIs))
		fmt.Fprintf(&b, "  routes %d\n", len(n.Routes))
	}
	return b.String()
}

// flattenAPI mirrors ExaBGP's ParseAPI.flatten: per notification, the
// processes that asked for it.
func flattenAPI(apis []API) string {
	built := map[string][]string{}
	for _, a := range apis {
		built["processes"] = append(built["processes"], a.Processes...)
		flags := map[string]bool{"neighbor-changes": a.NeighborChanges, "negotiated": a.Negotiated, "fsm": a.FSM, "signal": a.Signal}
		for k, on := range flags {
			if on {
				built[k] = append(built[k], a.Processes...)
			}
		}
		for _, k := range a.Send {
			built["send-"+k] = append(built["send-"+k], a.Processes...)
		}
		for _, k := range a.Receive {
			built["receive-"+k] = append(built["receive-"+k], a.Processes...)
		}
	}
	var keys []string
	for k, v := range built {
		if len(v) > 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		v := built[k]
		quoted := make([]string, len(v))
		for i, p := range v {
			quoted[i] = "'" + p + "'"
		}
		tuple := strings.Join(quoted, ", ")
		if len(v) == 1 {
			tuple += ","
		}
		parts = append(parts, fmt.Sprintf("('%s', (%s))", k, tuple))
	}
	return strings.Join(parts, ", ")
}

func famSlash(f codec.Family) string { return f.AFI.String() + "/" + f.SAFI.String() }

func pyBool(v bool) string {
	if v {
		return "True"
	}
	return "False"
}

func pyAddr(a netip.Addr) string {
	if !a.IsValid() {
		return "None"
	}
	return a.String()
}

func pyTTL(v int) string {
	if v == 0 {
		return "None"
	}
	return fmt.Sprint(v)
}

func pyRepr(s string) string {
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}
