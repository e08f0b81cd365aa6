package api

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// summaryHeader heads "show neighbor summary", as in ExaBGP 4.2.
const summaryHeader = "Peer            AS        up/down state       |     #sent     #recvd"

// showNeighbor runs "show neighbor [IP] [summary|extensive|configuration]".
func (m *Manager) showNeighbor(_ context.Context, cmd []string, r reply) {
	words := slices.Clone(cmd)
	has := func(w string) bool {
		i := slices.Index(words, w)
		if i < 0 {
			return false
		}
		words = slices.Delete(words, i, i+1)
		return true
	}
	summary := has("summary")
	extensive := has("extensive")
	configuration := has("configuration")
	limit := words[len(words)-1]
	if limit == "neighbor" || limit == "neighbors" {
		limit = ""
	}
	st := m.state()
	switch {
	case summary:
		r.text(summaryHeader)
		for _, n := range m.established() {
			if limit != "" && limit != n.PeerAddress.String() {
				continue
			}
			st := m.stats(n)
			up := "down"
			if st.Up > 0 {
				up = pyDuration(st.Up)
			}
			peerAS := "auto"
			if n.PeerAS != 0 {
				peerAS = fmt.Sprint(n.PeerAS)
			}
			r.text(fmt.Sprintf("%-15s %-7s %9s %-12s %10d %10d", n.PeerAddress, peerAS, up,
				strings.ToLower(st.State), st.UpdatesSent, st.UpdatesReceived))
		}
	case extensive:
		for _, n := range st.cfg.Neighbors {
			if limit != "" && !strings.Contains(st.name(n), limit) {
				continue
			}
			for _, l := range m.extensive(n) {
				r.text(l)
			}
		}
	case configuration:
		for _, n := range st.cfg.Neighbors {
			if limit != "" && !strings.Contains(st.name(n), limit) {
				continue
			}
			r.text(st.name(n))
		}
	default:
		r.text("please specify summary, extensive or configuration")
		r.text("you can filter by peer ip address adding it after the word neighbor")
	}
	m.done(r)
}

// stats asks the controller about n.
func (m *Manager) stats(n *config.Neighbor) session.NeighborStatus {
	if sr, ok := m.ctl.(StatusReporter); ok {
		return sr.Status(n)
	}
	return session.NeighborStatus{State: "unknown"}
}

// extensiveKV is one line of "show neighbor extensive".
func extensiveKV(k, a, b string) string {
	return fmt.Sprintf("   %-20s %15s %15s %15s", k, a, b, "")
}

// extensive is the session part of ExaBGP's "show neighbor extensive".
func (m *Manager) extensive(n *config.Neighbor) []string {
	st := m.stats(n)
	local := "auto"
	if n.LocalAddress.IsValid() {
		local = n.LocalAddress.String()
	}
	dur := extensiveKV("down for", "0:00:00", "")
	if st.Up > 0 {
		dur = extensiveKV("up for", pyDuration(st.Up), "")
	}
	id := "auto"
	if n.RouterID.IsValid() {
		id = n.RouterID.String()
	}
	hold := n.HoldTime
	if hold == 0 {
		hold = config.DefaultHoldTime
	}
	return []string{
		"Neighbor " + n.PeerAddress.String(),
		"",
		"  Session                         Local",
		extensiveKV("local", local, ""),
		extensiveKV("state", st.State, ""),
		dur,
		"",
		"  Setup                           Local          Remote",
		extensiveKV("AS", fmt.Sprint(n.LocalAS), fmt.Sprint(n.PeerAS)),
		extensiveKV("ID", id, "n/a"),
		extensiveKV("hold-time", fmt.Sprint(hold), "n/a"),
		"",
	}
}

// pyDuration formats d as Python's str(timedelta): "1 day, 2:03:04".
func pyDuration(d time.Duration) string {
	s := int64(d / time.Second)
	days, s := s/86400, s%86400
	out := fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	switch {
	case days == 1:
		return "1 day, " + out
	case days > 1:
		return fmt.Sprintf("%d days, %s", days, out)
	}
	return out
}

// showAdjRIB runs "show adj-rib in|out [IP] [inet|flow|l2vpn] [extensive]".
func (m *Manager) showAdjRIB(ctx context.Context, h *helper, line string, cmd []string, r reply) {
	words := slices.Clone(cmd)
	in := false
	switch {
	case len(words) > 2 && (words[2] == "in" || words[2] == "out"):
		in = words[2] == "in"
	case words[1] == "adj-rib-in":
		in = true
	case words[1] == "adj-rib-out":
	default:
		m.fail(r, h, line, fmt.Errorf("expected in or out after adj-rib"))
		return
	}
	extensive := words[len(words)-1] == "extensive"
	kind := ""
	for _, k := range []string{"inet", "flow", "l2vpn"} {
		if slices.Contains(words, k) {
			kind = k
			break
		}
	}
	words = slices.DeleteFunc(words, func(w string) bool {
		switch w {
		case "show", "adj-rib", "adj-rib-in", "adj-rib-out", "in", "out", "extensive":
			return true
		}
		return false
	})
	last := ""
	if len(words) > 0 {
		last = words[0]
	}
	if in {
		m.showAdjRIBIn(ctx, h, line, kind, last, extensive, r)
		return
	}
	lister, ok := m.ctl.(AdjRIBOutLister)
	if !ok {
		m.fail(r, h, line, errNotSupported("show adj-rib out"))
		return
	}
	st := m.state()
	ns := m.ribNeighbors(st, last)
	if len(ns) == 0 {
		m.done(r)
		return
	}
	err := lister.AdjRIBOut(ctx, selectorOf(ns), func(n *config.Neighbor, rt config.Route) {
		f := rt.NLRI.Family()
		if !kindHas(kind, f) {
			return
		}
		nlri := rt.NLRI.String()
		if rt.NextHop.IsValid() && !strings.Contains(nlri, " next-hop ") {
			nlri += " next-hop " + rt.NextHop.String()
		}
		if extensive {
			r.text(st.name(n) + " " + f.String() + " " + nlri)
		} else {
			r.text("neighbor " + n.PeerAddress.String() + " " + f.String() + " " + nlri)
		}
	})
	if err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// kindHas reports whether family f is of the NLRI kind named in "show
// adj-rib out inet|flow|l2vpn" ("" is every kind).
func kindHas(kind string, f codec.Family) bool {
	switch kind {
	case "inet":
		return (f.AFI == codec.AFIIPv4 || f.AFI == codec.AFIIPv6) &&
			(f.SAFI == codec.SAFIUnicast || f.SAFI == codec.SAFIMulticast || f.SAFI == codec.SAFIMPLS || f.SAFI == codec.SAFIMPLSVPN)
	case "flow":
		return f.SAFI == codec.SAFIFlow || f.SAFI == codec.SAFIFlowVPN
	case "l2vpn":
		return f.AFI == codec.AFIL2VPN
	}
	return true
}

// helpText is what "help" prints before done, as ExaBGP 4.2.
var helpText = []string{
	"",
	"available API commands are listed here:",
	"=======================================",
	"",
	"filter can be: [local-ip <ip>][local-as <asn>][peer-as <asn>][router-id <router-id>]",
	"",
	"command are:",
	"------------",
	"",
	"# ",
	"[neighbor <ip> [filters]] announce attribute",
	"[neighbor <ip> [filters]] announce attributes",
	"[neighbor <ip> [filters]] announce eor",
	"[neighbor <ip> [filters]] announce flow",
	"[neighbor <ip> [filters]] announce operational",
	"[neighbor <ip> [filters]] announce route",
	"[neighbor <ip> [filters]] announce route-refresh",
	"[neighbor <ip> [filters]] announce vpls",
	"[neighbor <ip> [filters]] announce watchdog",
	"[neighbor <ip> [filters]] clear adj-rib",
	"[neighbor <ip> [filters]] crash",
	"[neighbor <ip> [filters]] flush adj-rib out",
	"[neighbor <ip> [filters]] teardown",
	"[neighbor <ip> [filters]] withdraw attributes",
	"[neighbor <ip> [filters]] withdraw flow",
	"[neighbor <ip> [filters]] withdraw route",
	"[neighbor <ip> [filters]] withdraw vpls",
	"[neighbor <ip> [filters]] withdraw watchdog",
	"help ",
	"reload ",
	"reset ",
	"restart ",
	"show adj-rib in [ extensive ] ",
	"show adj-rib out [ extensive ] ",
	"show neighbor [ summary | extensive | configuration ] ",
	"shutdown ",
	"version ",
	"",
}
