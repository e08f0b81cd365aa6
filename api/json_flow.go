package api

import (
	"bytes"
	"net/netip"

	"github.com/exago/exago/codec"
)

// appendFlowJSON writes a flow route's JSON object as ExaBGP 4.2 prints
// it: one list per component type (codec's Flow.Groups, terms joined by
// "and" already concatenated), the RD of flow-vpn routes, the next hop
// when there is one, and the text form.
func appendFlowJSON(b []byte, f codec.Flow, nh netip.Addr) []byte {
	b = append(b, '{')
	for i, g := range f.Groups() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, ` "`...)
		b = append(b, g.Name...)
		b = append(b, `": [ `...)
		// ExaBGP joins the quoted terms and then removes every pair of
		// double quotes: "and" terms join their predecessor (codec's
		// Groups did that already) and empty terms lose their quotes.
		start := len(b)
		for k, t := range g.Terms {
			if k > 0 {
				b = append(b, ", "...)
			}
			b = appendQuoted(b, t)
		}
		if bytes.Contains(b[start:], []byte(`""`)) {
			fixed := bytes.ReplaceAll(b[start:], []byte(`""`), nil)
			b = append(b[:start], fixed...)
		}
		b = append(b, " ]"...)
	}
	if f.Fam.SAFI == codec.SAFIFlowVPN {
		b = append(b, `, "rd": "`...)
		b = append(b, f.RD.String()...)
		b = append(b, '"')
	}
	if nh.IsValid() {
		b = append(b, `, "next-hop": "`...)
		b = nh.AppendTo(b)
		b = append(b, '"')
	}
	b = append(b, `, "string": "`...)
	b = append(b, codec.NLRIText(f, nh)...)
	return append(b, `" }`...)
}
