package api

import (
	"strconv"

	"github.com/exago/exago/codec"
)

// appendEVPNLabel writes ExaBGP's JSON of the first label of an EVPN
// route ("label": [ [value, raw] ]; the raw entry only when not zero).
func appendEVPNLabel(b []byte, ls codec.LabelStack) []byte {
	b = append(b, `"label": [ `...)
	if len(ls) > 0 {
		l := ls[0]
		b = append(b, '[')
		b = strconv.AppendUint(b, uint64(l.Value()), 10)
		if l.Raw() != 0 {
			b = append(b, ", "...)
			b = strconv.AppendUint(b, uint64(l.Raw()), 10)
		}
		b = append(b, ']')
	}
	return append(b, " ]"...)
}

// appendEVPNJSON writes an EVPN route's JSON object (RFC 7432, RFC 9136)
// as ExaBGP 4.2 prints it, with the route in hex as "raw".
func appendEVPNJSON(b []byte, e codec.EVPN) []byte {
	raw, err := e.AppendNLRI(nil, false)
	if err != nil {
		raw = nil
	}
	b = append(b, `{ "code": `...)
	b = strconv.AppendUint(b, uint64(e.RouteType), 10)
	switch e.RouteType {
	case codec.EVPNEthernetAD, codec.EVPNMACAdvertise, codec.EVPNMulticast, codec.EVPNEthernetSegment, codec.EVPNIPPrefix:
	default:
		b = append(b, `, "parsed": false, "raw": "`...)
		b = appendHexUpper(b, raw)
		return append(b, `" }`...)
	}
	b = append(b, `, "parsed": true, "raw": "`...)
	b = appendHexUpper(b, raw)
	b = append(b, `", "name": "`...)
	b = append(b, e.RouteType.Name()...)
	b = append(b, `", "rd": "`...)
	b = append(b, e.RD.String()...)
	b = append(b, '"')
	if e.RouteType != codec.EVPNMulticast {
		b = append(b, `, "esi": "`...)
		b = append(b, e.ESI.String()...)
		b = append(b, '"')
	}
	if e.RouteType != codec.EVPNEthernetSegment {
		b = append(b, `, "ethernet-tag": `...)
		b = strconv.AppendUint(b, uint64(e.EthernetTag), 10)
	}
	switch e.RouteType {
	case codec.EVPNEthernetAD:
		b = append(b, ", "...)
		b = appendEVPNLabel(b, e.Labels)
		return append(b, " }"...)
	case codec.EVPNMACAdvertise:
		b = append(b, `, "mac": "`...)
		b = append(b, e.MAC.String()...)
		b = append(b, `", `...)
		b = appendEVPNLabel(b, e.Labels)
		if e.IP.IsValid() {
			b = append(b, `, "ip": "`...)
			b = e.IP.AppendTo(b)
			b = append(b, '"')
		}
	case codec.EVPNMulticast, codec.EVPNEthernetSegment:
		b = append(b, `, "ip": "`...)
		b = e.IP.AppendTo(b)
		b = append(b, '"')
	case codec.EVPNIPPrefix:
		b = append(b, ", "...)
		b = appendEVPNLabel(b, e.Labels)
		b = append(b, `, "ip": "`...)
		b = e.IP.AppendTo(b)
		b = append(b, `", "iplen": `...)
		b = strconv.AppendUint(b, uint64(e.PrefixLen), 10)
		b = append(b, `, "gateway": "`...)
		b = e.Gateway.AppendTo(b)
		return append(b, `" }`...)
	}
	return append(b, " }"...)
}
