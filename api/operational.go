package api

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/session"
)

// OperationalSender sends an OPERATIONAL message to the selected
// neighbors ("announce operational ...").
type OperationalSender interface {
	Operational(ctx context.Context, process string, sel session.Selector, m codec.Operational) error
}

// opCodes are the operational kinds of "announce operational KIND".
var opCodes = map[string]codec.OpCode{
	"adm": codec.OpADM, "asm": codec.OpASM,
	"rpcq": codec.OpRPCQ, "rpcp": codec.OpRPCP,
	"apcq": codec.OpAPCQ, "apcp": codec.OpAPCP,
	"lpcq": codec.OpLPCQ, "lpcp": codec.OpLPCP,
}

// parseOperational reads "announce operational KIND afi AFI safi SAFI"
// then "advisory "TEXT"" (adm, asm), "[router-id ID] sequence N"
// (queries) or "[router-id ID] sequence N counter N" (counters), as
// ExaBGP's operational parser.
func parseOperational(line string, cmd []string) (codec.Operational, error) {
	m := codec.Operational{Code: opCodes[strings.ToLower(cmd[2])]}
	var afi, safi string
	seen := map[string]bool{}
	for i := 3; i < len(cmd); i++ {
		k := strings.ToLower(cmd[i])
		if k == "advisory" {
			// the rest of the line, quotes removed
			at := strings.Index(line, " advisory ")
			if at < 0 {
				return m, fmt.Errorf("operational %s: advisory needs a text", cmd[2])
			}
			m.Advisory = strings.Trim(strings.TrimSpace(line[at+len(" advisory "):]), `"'`)
			seen[k] = true
			break
		}
		if i+1 >= len(cmd) {
			return m, fmt.Errorf("operational %s: %s needs a value", cmd[2], k)
		}
		v := cmd[i+1]
		i++
		switch k {
		case "afi":
			afi = v
		case "safi":
			safi = v
		case "router-id":
			a, err := netip.ParseAddr(v)
			if err != nil || !a.Is4() {
				return m, fmt.Errorf("operational %s: router-id %q is not an IPv4 address", cmd[2], v)
			}
			m.RouterID = a
		case "sequence", "counter":
			n, err := strconv.ParseUint(v, 10, 32)
			if err != nil {
				return m, fmt.Errorf("operational %s: %s %q: %w", cmd[2], k, v, err)
			}
			if k == "sequence" {
				m.Sequence = uint32(n)
			} else {
				m.Counter = uint32(n)
			}
		default:
			return m, fmt.Errorf("operational %s: unknown keyword %q", cmd[2], k)
		}
		seen[k] = true
	}
	f, err := codec.ParseFamily(afi, safi)
	if err != nil {
		return m, fmt.Errorf("operational %s: %w", cmd[2], err)
	}
	m.Family = f
	var need []string
	switch m.Code.Category() {
	case "advisory":
		need = []string{"advisory"}
	case "query":
		need = []string{"sequence"}
	case "counter":
		need = []string{"sequence", "counter"}
	}
	for _, k := range need {
		if !seen[k] {
			return m, fmt.Errorf("invalid operational syntax, missing argument %s", k)
		}
	}
	return m, nil
}

// sendOperational runs "announce operational KIND ..." on the neighbors
// of the helper matching the command's neighbor prefix.
func (m *Manager) sendOperational(ctx context.Context, h *helper, line string, descs []description, cmd []string, r reply) {
	op, err := parseOperational(line, cmd)
	if err != nil {
		m.fail(r, h, line, err)
		return
	}
	ns := m.peers(m.state().cfg.Neighbors, descs)
	if len(ns) == 0 {
		m.fail(r, h, line, errNoNeighbor)
		return
	}
	s, ok := m.ctl.(OperationalSender)
	if !ok {
		m.fail(r, h, line, errNotSupported("operational"))
		return
	}
	if err := s.Operational(ctx, processName(h), selectorOf(ns), op); err != nil {
		m.fail(r, h, line, err)
		return
	}
	m.done(r)
}

// operationalJSON is the "operational" member of ExaBGP 4.2's JSON: the
// name, AFI and SAFI quoted twice (as 4.2 writes them), the advisory,
// or the router id, sequence and counter of a counter. A router id we
// did not set prints as "None", as ExaBGP's does for what it sends.
func operationalJSON(m codec.Operational) string {
	q := func(s string) string { return `""` + s + `""` }
	s := `"operational": { "name": ` + q(m.Code.String()) + `, "afi": ` + q(m.Family.AFI.String()) +
		`, "safi": ` + q(m.Family.SAFI.String())
	switch m.Code.Category() {
	case "advisory":
		s += `, "advisory": "` + m.Advisory + `"`
	case "counter":
		id := "None"
		if m.RouterID.IsValid() {
			id = m.RouterID.String()
		}
		s += `, "router-id": "` + id + `", "sequence": ` + strconv.FormatUint(uint64(m.Sequence), 10) +
			`, "counter": ` + strconv.FormatUint(uint64(m.Counter), 10)
	}
	return s + " }"
}

// operationalText is ExaBGP 4.2's text form after "neighbor IP DIR ".
func operationalText(m codec.Operational) string {
	s := "operational " + m.Code.String() + " afi " + m.Family.AFI.String() + " safi " + m.Family.SAFI.String()
	switch m.Code.Category() {
	case "advisory":
		s += ` advisory "` + m.Advisory + `"`
	case "counter":
		id := "None"
		if m.RouterID.IsValid() {
			id = m.RouterID.String()
		}
		s += " router-id " + id + " sequence " + strconv.FormatUint(uint64(m.Sequence), 10) +
			" counter " + strconv.FormatUint(uint64(m.Counter), 10)
	}
	return s
}
