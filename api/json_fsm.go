package api

import (
	"strconv"
	"strings"

	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// The JSON messages of api blocks with "negotiated", "fsm" and "signal",
// as ExaBGP 4.2 writes them. Its text encoder writes none of them.

// FSM reports an FSM state change ("type": "fsm").
func (e *jsonEncoder) FSM(n *config.Neighbor, p session.PeerInfo, state string) []byte {
	b := e.appendHeader(nil, n, "fsm", nil)
	b = appendNeighbor(b, p, "", []byte(`"state": "`+state+`"`))
	return append(b, " }\n"...)
}

// Negotiated reports what the OPENs agreed on ("type": "negotiated"). It
// returns nil when add-path send was negotiated: ExaBGP 4.2 fails to
// format that list and sends nothing.
func (e *jsonEncoder) Negotiated(n *config.Neighbor, p session.PeerInfo, ng session.Negotiated) []byte {
	if len(ng.AddPathSend) > 0 {
		return nil
	}
	var c strings.Builder
	c.WriteString(`"negotiated": { "message_size": `)
	c.WriteString(strconv.Itoa(ng.MessageSize))
	c.WriteString(`, "hold_time": `)
	c.WriteString(strconv.Itoa(int(ng.HoldTime)))
	c.WriteString(`, "asn4": ` + strconv.FormatBool(ng.ASN4))
	c.WriteString(`, "multisession": ` + strconv.FormatBool(ng.MultiSession))
	c.WriteString(`, "operational": ` + strconv.FormatBool(ng.Operational))
	c.WriteString(`, "refresh": "` + ng.Refresh + `"`)
	var fams []string
	for _, f := range ng.Families {
		fams = append(fams, `"`+f.String()+`"`)
	}
	c.WriteString(`, "families": [ ` + strings.Join(fams, " ,") + ` ]`)
	var nhs []string
	for _, t := range ng.NextHop {
		nhs = append(nhs, `"`+t.Family.String()+" "+t.NextHopAFI.String()+`"`)
	}
	c.WriteString(`, "nexthop": [ ` + strings.Join(nhs, " ,") + ` ]`)
	var recv []string
	for _, f := range ng.AddPathReceive {
		recv = append(recv, `"`+f.String()+`"`)
	}
	c.WriteString(`, "add_path": { "send": [  ], "receive": [ ` + strings.Join(recv, ", ") + ` ] } } `)
	b := e.appendHeader(nil, n, "negotiated", nil)
	b = appendNeighbor(b, p, "", []byte(c.String()))
	return append(b, " }\n"...)
}

// signalNames are ExaBGP's names of the signals it reports.
var signalNames = map[int]string{1: "SIGHUP", 2: "SIGINT", 10: "SIGUSR1", 12: "SIGUSR2", 14: "SIGALRM", 15: "SIGTERM"}

// Signal reports a signal the daemon received ("type": "signal").
func (e *jsonEncoder) Signal(n *config.Neighbor, p session.PeerInfo, sig int) []byte {
	name, ok := signalNames[sig]
	if !ok {
		name = "UNKNOWN"
	}
	b := e.appendHeader(nil, n, "signal", nil)
	b = appendNeighbor(b, p, "", []byte(`"code": "`+strconv.Itoa(sig)+`", "name": "`+name+`"`))
	return append(b, " }\n"...)
}
