package api

import (
	"strconv"

	"github.com/exago/exago/codec"
)

// appendMUPJSON writes a BGP-MUP route's JSON object as ExaBGP 5.0 prints
// it (nlri/mup/*.py), its whole NLRI in hex as "raw". Two departures keep
// the output valid JSON where 5.0's is not: a Type 1 ST route has the ","
// 5.0 forgets after "endpoint_ip", and an absent source prints as "" (5.0
// prints Python's "b”").
func appendMUPJSON(b []byte, m codec.MUP) []byte {
	raw, err := m.AppendNLRI(nil, false)
	if err != nil {
		raw = nil
	}
	num := func(b []byte, key string, v uint64) []byte {
		b = append(b, `"`+key+`": `...)
		return strconv.AppendUint(b, v, 10)
	}
	str := func(b []byte, key, v string) []byte {
		return append(b, `"`+key+`": "`+v+`"`...)
	}
	switch m.RouteType {
	case codec.MUPInterworkSegmentDiscovery, codec.MUPDirectSegmentDiscovery,
		codec.MUPType1SessionTransformed, codec.MUPType2SessionTransformed:
		if m.Arch == codec.MUPArch3GPP5G {
			break
		}
		fallthrough
	default:
		b = num(append(b, "{ "...), "arch", uint64(m.Arch))
		b = num(append(b, ", "...), "code", uint64(m.RouteType))
		b = append(b, `, "raw": "`...)
		b = appendHexUpper(b, raw)
		return append(b, `" }`...)
	}
	b = str(append(b, "{ "...), "name", m.RouteType.Name())
	b = append(b, ", "...)
	if m.RouteType == codec.MUPType2SessionTransformed {
		b = append(b, ' ') // sic: 5.0 writes two spaces here
	}
	b = num(b, "arch", uint64(m.Arch))
	b = num(append(b, ", "...), "code", uint64(m.RouteType))
	rd := `"rd": "` + m.RD.String() + `"`
	switch m.RouteType {
	case codec.MUPInterworkSegmentDiscovery:
		b = num(append(b, ", "...), "prefix_ip_len", uint64(m.Prefix.Bits()))
		b = str(append(b, ", "...), "prefix_ip", m.Prefix.Addr().String())
		b = append(b, ", "+rd...)
	case codec.MUPDirectSegmentDiscovery:
		b = str(append(b, ", "...), "ip", m.Addr.String())
		b = append(b, ", "+rd...)
	case codec.MUPType1SessionTransformed:
		b = num(append(b, ", "...), "prefix_ip_len", uint64(m.Prefix.Bits()))
		b = str(append(b, ", "...), "prefix_ip", m.Prefix.Addr().String())
		b = str(append(b, ", "...), "teid", strconv.FormatUint(uint64(m.TEID), 10))
		b = str(append(b, ", "...), "qfi", strconv.Itoa(int(m.QFI)))
		b = append(b, ", "+rd...)
		b = num(append(b, ", "...), "endpoint_ip_len", uint64(m.Endpoint.BitLen()))
		b = str(append(b, ", "...), "endpoint_ip", m.Endpoint.String())
		src, srcLen := "", 0
		if m.Source.IsValid() {
			src, srcLen = m.Source.String(), m.Source.BitLen()
		}
		b = num(append(b, ", "...), "source_ip_len", uint64(srcLen))
		b = str(append(b, ", "...), "source_ip", src)
	case codec.MUPType2SessionTransformed:
		b = num(append(b, ", "...), "endpoint_len", uint64(m.Addr.BitLen()+int(m.TEIDBits)))
		b = str(append(b, ", "...), "endpoint_ip", m.Addr.String())
		b = append(b, ", "+rd...)
		b = str(append(b, ", "...), "teid", strconv.FormatUint(uint64(m.TEID), 10))
	}
	b = append(b, `, "raw": "`...)
	b = appendHexUpper(b, raw)
	return append(b, `" }`...)
}

// appendMVPNJSON writes an MCAST-VPN route's JSON object as ExaBGP 5.0
// prints it (nlri/mvpn/*.py), spacing included.
func appendMVPNJSON(b []byte, m codec.MVPN) []byte {
	raw, err := m.AppendNLRI(nil, false)
	if err != nil {
		raw = nil
	}
	switch m.RouteType {
	case codec.MVPNSourceActiveAD, codec.MVPNSharedTreeJoin, codec.MVPNSourceTreeJoin:
	default:
		b = append(b, `{ "code": `...)
		b = strconv.AppendUint(b, uint64(m.RouteType), 10)
		b = append(b, `, "parsed": false, "raw": "`...)
		b = appendHexUpper(b, raw)
		return append(b, `" }`...)
	}
	b = append(b, `{ "code": `...)
	b = strconv.AppendUint(b, uint64(m.RouteType), 10)
	b = append(b, `, "parsed": true, "raw": "`...)
	b = appendHexUpper(b, raw)
	b = append(b, `", "name": "`+m.RouteType.Name()+`", "rd": "`+m.RD.String()+`", `...)
	if m.RouteType != codec.MVPNSourceActiveAD {
		b = append(b, `"source-as": "`...)
		b = strconv.AppendUint(b, uint64(m.SourceAS), 10)
		b = append(b, `", `...)
	}
	return append(b, `"source": "`+m.Source.String()+`", "group": "`+m.Group.String()+`"}`...)
}
