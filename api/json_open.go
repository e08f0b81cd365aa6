package api

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// apiCapability is one capability of an OPEN, merged by code as ExaBGP
// does.
type apiCapability struct {
	code     byte
	families []string // multiprotocol "ipv4/unicast"
	mpText   []string // multiprotocol "ipv4 unicast"
	value    []byte   // last value seen
	addpath  [][4]byte
}

// apiOpen is a decoded OPEN.
type apiOpen struct {
	version  byte
	asn      uint16
	hold     uint16
	routerID netip.Addr
	caps     []*apiCapability
}

// decodeAPIOpen decodes an OPEN body.
func decodeAPIOpen(body []byte) (*apiOpen, error) {
	if len(body) < 10 {
		return nil, fmt.Errorf("decode open: %d bytes, need 10", len(body))
	}
	op := &apiOpen{
		version:  body[0],
		asn:      binary.BigEndian.Uint16(body[1:]),
		hold:     binary.BigEndian.Uint16(body[3:]),
		routerID: netip.AddrFrom4([4]byte(body[5:9])),
	}
	ol := int(body[9])
	if len(body) < 10+ol {
		return nil, fmt.Errorf("decode open: optional parameters length %d overflows", ol)
	}
	params := body[10 : 10+ol]
	for len(params) > 0 {
		if len(params) < 2 || len(params) < 2+int(params[1]) {
			return nil, fmt.Errorf("decode open: bad length for OPEN parameter")
		}
		pt, pv := params[0], params[2:2+int(params[1])]
		params = params[2+int(params[1]):]
		if pt != 2 {
			return nil, fmt.Errorf("decode open: unknown OPEN parameter 0x%x", pt)
		}
		for len(pv) > 0 {
			if len(pv) < 2 || len(pv) < 2+int(pv[1]) {
				return nil, fmt.Errorf("decode open: bad length for OPEN capability")
			}
			code, v := pv[0], pv[2:2+int(pv[1])]
			pv = pv[2+int(pv[1]):]
			var c *apiCapability
			for _, x := range op.caps {
				if x.code == code {
					c = x
				}
			}
			if c == nil {
				c = &apiCapability{code: code}
				op.caps = append(op.caps, c)
			}
			c.value = v
			switch code {
			case 1:
				if len(v) >= 4 {
					f := codec.Family{AFI: codec.AFI(binary.BigEndian.Uint16(v)), SAFI: codec.SAFI(v[3])}
					c.families = append(c.families, f.AFI.String()+"/"+f.SAFI.String())
					c.mpText = append(c.mpText, f.String())
				}
			case 69:
				for i := 0; i+4 <= len(v); i += 4 {
					c.addpath = append(c.addpath, [4]byte(v[i:i+4]))
				}
			}
		}
	}
	return op, nil
}

// capabilityName is ExaBGP's name of a capability code (keys of a sent
// OPEN's capabilities).
func capabilityName(code byte) string {
	switch code {
	case 0:
		return "reserved"
	case 1:
		return "multiprotocol"
	case 2:
		return "route-refresh"
	case 3:
		return "outbound-route-filtering"
	case 4:
		return "multiple-routes"
	case 5:
		return "nexthop"
	case 6:
		return "extended-message"
	case 64:
		return "graceful-restart"
	case 65:
		return "asn4"
	case 67:
		return "dynamic-capability"
	case 68:
		return "multi-session"
	case 69:
		return "add-path"
	case 70:
		return "enhanced-route-refresh"
	case 73:
		return "exabgp-experimental-hostname"
	case 128:
		return "cisco-route-refresh"
	case 131:
		return "cisco-multi-sesion"
	case 185:
		return "exabgp-experimental-operational"
	}
	return "unknown capability 0x" + strconv.FormatUint(uint64(code), 16)
}

var addPathModes = [4]string{"disabled", "receive", "send", "send/receive"}

// json is the capability's JSON object.
func (c *apiCapability) json() string {
	v := c.value
	fam := func(b []byte) string {
		return codec.AFI(binary.BigEndian.Uint16(b)).String() + "/" + codec.SAFI(b[2]).String()
	}
	switch c.code {
	case 1:
		s := make([]string, len(c.families))
		for i, f := range c.families {
			s[i] = ` "` + f + `"`
		}
		return `{ "name": "multiprotocol", "families": [` + strings.Join(s, ",") + ` ] }`
	case 2:
		return `{ "name": "route-refresh", "variant": "RFC" }`
	case 128:
		return `{ "name": "route-refresh", "variant": "Cisco" }`
	case 5:
		var s []string
		for i := 0; i+6 <= len(v); i += 6 {
			s = append(s, ` "`+codec.AFI(binary.BigEndian.Uint16(v[i:])).String()+"/"+codec.SAFI(v[i+3]).String()+"/"+
				codec.AFI(binary.BigEndian.Uint16(v[i+4:])).String()+`"`)
		}
		return `{ "name": "nexthop", "conversion": [` + strings.Join(s, ",") + ` ] }`
	case 6:
		return `{ "name": "extended-message", "size": 65535 }`
	case 64:
		if len(v) < 2 {
			break
		}
		r := binary.BigEndian.Uint16(v)
		var fs []string
		for i := 2; i+4 <= len(v); i += 4 {
			restart := ""
			if v[i+3]&0x80 != 0 {
				restart = ` "restart"`
			}
			fs = append(fs, `"`+fam(append(append([]byte(nil), v[i:i+2]...), v[i+2]))+`": [`+restart+` ] `)
		}
		flags := " "
		if (r>>12)&0x8 != 0 {
			flags = ` "forwarding" `
		}
		return `{ "name": "graceful restart", "time": ` + strconv.Itoa(int(r&0x0FFF)) +
			`, "address-family-flags": { ` + strings.Join(fs, ", ") + `}, "restart-flags": [` + flags + `] }`
	case 65:
		if len(v) == 4 {
			return `{ "name": "asn4", "asn4": ` + strconv.FormatUint(uint64(binary.BigEndian.Uint32(v)), 10) + ` }`
		}
	case 69:
		var fs []string
		for _, e := range c.addpath {
			fs = append(fs, `"`+fam(e[:3])+`": "`+addPathModes[e[3]&3]+`"`)
		}
		sep := ""
		if len(fs) > 0 {
			sep = ", "
		}
		return `{ "name": "addpath"` + sep + strings.Join(fs, ",") + ` }`
	case 70:
		return `{ "name": "enhanced-route-refresh" }`
	case 73:
		h, d := hostnameParts(v)
		return `{ "host-name": "` + h + `", "domain-name": "` + d + `" }`
	case 185:
		return `{ "name": "operational" }`
	}
	iana := "unknown"
	switch {
	case c.code >= 70 && c.code < 128:
		iana = "unassigned"
	case c.code >= 128:
		iana = "reserved"
	}
	return `{ "name": "unknown", "iana": "` + iana + `", "value": ` + strconv.Itoa(int(c.code)) +
		`, "raw": "` + string(appendHexUpper(nil, v)) + `" }`
}

// hostnameParts reads the FQDN capability.
func hostnameParts(v []byte) (string, string) {
	if len(v) < 1 || len(v) < 1+int(v[0]) {
		return "", ""
	}
	h := string(v[1 : 1+int(v[0])])
	v = v[1+int(v[0]):]
	if len(v) < 1 || len(v) < 1+int(v[0]) {
		return h, ""
	}
	return h, string(v[1 : 1+int(v[0])])
}

// text is the capability in ExaBGP's text form (before lower-casing).
func (c *apiCapability) text() string {
	v := c.value
	switch c.code {
	case 1:
		return "Multiprotocol(" + strings.Join(c.mpText, ",") + ")"
	case 2:
		return "Route Refresh"
	case 128:
		return "Cisco Route Refresh"
	case 5:
		var s []string
		for i := 0; i+6 <= len(v); i += 6 {
			s = append(s, codec.AFI(binary.BigEndian.Uint16(v[i:])).String()+" "+codec.SAFI(v[i+3]).String()+" "+
				codec.AFI(binary.BigEndian.Uint16(v[i+4:])).String())
		}
		return "NextHop(" + strings.Join(s, ",") + ")"
	case 6:
		return "Extended Message(65535)"
	case 64:
		if len(v) < 2 {
			break
		}
		r := binary.BigEndian.Uint16(v)
		var fs []string
		for i := 2; i+4 <= len(v); i += 4 {
			fs = append(fs, codec.AFI(binary.BigEndian.Uint16(v[i:])).String()+"/"+codec.SAFI(v[i+2]).String()+"=0x"+strconv.FormatUint(uint64(v[i+3]), 16))
		}
		return "Graceful Restart Flags 0x" + strconv.FormatUint(uint64(r>>12), 16) + " Time " + strconv.Itoa(int(r&0x0FFF)) + " " + strings.Join(fs, " ")
	case 65:
		if len(v) == 4 {
			return "ASN4(" + strconv.FormatUint(uint64(binary.BigEndian.Uint32(v)), 10) + ")"
		}
	case 69:
		var fs []string
		for _, e := range c.addpath {
			fs = append(fs, addPathModes[e[3]&3]+" "+codec.AFI(binary.BigEndian.Uint16(e[:])).String()+" "+codec.SAFI(e[2]).String())
		}
		return "AddPath(" + strings.Join(fs, ",") + ")"
	case 70:
		return "Enhanced Route Refresh"
	case 73:
		h, d := hostnameParts(v)
		return "Hostname(" + h + " " + d + ")"
	case 185:
		return "Operational"
	}
	switch {
	case c.code >= 128:
		return "Reserved " + strconv.Itoa(int(c.code))
	case c.code >= 70:
		return "Unassigned " + strconv.Itoa(int(c.code))
	}
	return "Unknown " + strconv.Itoa(int(c.code))
}

// appendJSON writes the "open" member; sent OPENs key capabilities by
// name, received ones by code, as ExaBGP 4.2 does.
func (op *apiOpen) appendJSON(b []byte, sent bool) []byte {
	b = append(b, `"open": { "version": `...)
	b = strconv.AppendUint(b, uint64(op.version), 10)
	b = append(b, `, "asn": `...)
	b = strconv.AppendUint(b, uint64(op.asn), 10)
	b = append(b, `, "hold_time": `...)
	b = strconv.AppendUint(b, uint64(op.hold), 10)
	b = append(b, `, "router_id": "`...)
	b = op.routerID.AppendTo(b)
	b = append(b, `", "capabilities": { `...)
	for i, c := range op.caps {
		if i > 0 {
			b = append(b, ", "...)
		}
		key := strconv.Itoa(int(c.code))
		if sent {
			key = capabilityName(c.code)
		}
		b = appendQuoted(b, key)
		b = append(b, ": "...)
		b = append(b, c.json()...)
	}
	return append(b, " } }"...)
}

// capabilitiesText is ExaBGP's text of the capabilities: sorted by code,
// joined, lower-cased.
func (op *apiOpen) capabilitiesText() string {
	cs := append([]*apiCapability(nil), op.caps...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].code < cs[j].code })
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.text()
	}
	return strings.ToLower(strings.Join(s, ", "))
}
