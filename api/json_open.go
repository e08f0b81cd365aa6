package api

import (
	"slices"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// apiCapability is the capabilities of one code in an OPEN: ExaBGP merges
// them (multiprotocol families and add-path entries add up, the last one
// wins for the others).
type apiCapability struct {
	code codec.CapCode
	caps []codec.Capability
}

// multiprotocolFamily is the family of a multiprotocol capability; ExaBGP reads the
// first four bytes of a longer value, which codec keeps raw.
func multiprotocolFamily(c codec.Capability) (codec.Family, bool) {
	switch m := c.(type) {
	case codec.CapMultiprotocol:
		return codec.Family(m), true
	case codec.UnknownCapability:
		if len(m.Value) > 4 {
			if mp, ok := codec.DecodeCapability(codec.CapCodeMultiprotocol, m.Value[:4]).(codec.CapMultiprotocol); ok {
				return codec.Family(mp), true
			}
		}
	}
	return codec.Family{}, false
}

// last is the capability ExaBGP keeps for codes it does not merge.
func (c *apiCapability) last() codec.Capability { return c.caps[len(c.caps)-1] }

// openCapabilities groups the capabilities of op by code, in order of
// first appearance.
func openCapabilities(op codec.Open) []*apiCapability {
	var out []*apiCapability
	for _, cp := range op.Capabilities {
		var c *apiCapability
		for _, x := range out {
			if x.code == cp.Code() {
				c = x
			}
		}
		if c == nil {
			c = &apiCapability{code: cp.Code()}
			out = append(out, c)
		}
		c.caps = append(c.caps, lenientCapability(cp))
	}
	return out
}

// lenientCapability reads a capability codec found malformed the way
// ExaBGP 4.2 does, which ignores the bytes after the last whole entry
// (extended next hop tuples, graceful restart families, add-path
// families): codec decodes the whole entries.
func lenientCapability(c codec.Capability) codec.Capability {
	u, ok := c.(codec.UnknownCapability)
	if !ok {
		return c
	}
	v := u.Value
	n := len(v)
	switch u.CapCode {
	case codec.CapCodeExtendedNextHop:
		n -= len(v) % 6
	case codec.CapCodeGracefulRestart:
		if len(v) < 2 {
			return c
		}
		n -= (len(v) - 2) % 4
	case codec.CapCodeAddPath:
		n -= len(v) % 4
	}
	if n == len(v) {
		return c
	}
	return codec.DecodeCapability(u.CapCode, v[:n])
}

// exabgpHostnameCode is the code ExaBGP 4.2 uses for its hostname
// capability (0xB8, private use); the FQDN capability's IANA code 73 is
// unknown to it and printed as such.
const exabgpHostnameCode = codec.CapCodeHostname

// capabilityName is ExaBGP's name of a capability code (keys of a sent
// OPEN's capabilities).
func capabilityName(code codec.CapCode) string {
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

// hostname is the ExaBGP hostname capability of c, decoded by codec.
func (c *apiCapability) hostname() (codec.CapHostname, bool) {
	v := c.last().AppendValue(nil)
	h, ok := codec.DecodeCapability(codec.CapCodeHostname, v).(codec.CapHostname)
	if !ok && len(v) >= 1 && len(v) >= 1+int(v[0]) {
		// ExaBGP keeps the host name when the domain name is cut short.
		h, ok = codec.DecodeCapability(codec.CapCodeHostname, append(v[:1+int(v[0]):1+int(v[0])], 0)).(codec.CapHostname)
	}
	return h, ok
}

// familySlash is "ipv4/unicast".
func familySlash(f codec.Family) string { return f.AFI.String() + "/" + f.SAFI.String() }

// json is the capability's JSON object.
func (c *apiCapability) json() string {
	switch c.code {
	case codec.CapCodeMultiprotocol:
		var s []string
		for _, x := range c.caps {
			if f, ok := multiprotocolFamily(x); ok {
				s = append(s, ` "`+familySlash(f)+`"`)
			}
		}
		return `{ "name": "multiprotocol", "families": [` + strings.Join(s, ",") + ` ] }`
	case codec.CapCodeRouteRefresh:
		return `{ "name": "route-refresh", "variant": "RFC" }`
	case codec.CapCodeRouteRefreshCisco:
		return `{ "name": "route-refresh", "variant": "Cisco" }`
	case codec.CapCodeExtendedNextHop:
		if nh, ok := c.last().(codec.CapExtendedNextHop); ok {
			var s []string
			for _, t := range nh {
				s = append(s, ` "`+familySlash(t.Family)+"/"+t.NextHopAFI.String()+`"`)
			}
			return `{ "name": "nexthop", "conversion": [` + strings.Join(s, ",") + ` ] }`
		}
	case codec.CapCodeExtendedMessage:
		return `{ "name": "extended-message", "size": 65535 }`
	case codec.CapCodeGracefulRestart:
		if gr, ok := c.last().(codec.CapGracefulRestart); ok {
			var fs []string
			for _, f := range gr.Families {
				restart := ""
				if f.Flags&0x80 != 0 {
					restart = ` "restart"`
				}
				fs = append(fs, `"`+familySlash(f.Family)+`": [`+restart+` ] `)
			}
			flags := " "
			if gr.Flags&codec.GRRestartState != 0 {
				flags = ` "forwarding" `
			}
			return `{ "name": "graceful restart", "time": ` + strconv.Itoa(int(gr.Time)) +
				`, "address-family-flags": { ` + strings.Join(fs, ", ") + `}, "restart-flags": [` + flags + `] }`
		}
	case codec.CapCodeASN4:
		if a, ok := c.last().(codec.CapASN4); ok {
			return `{ "name": "asn4", "asn4": ` + strconv.FormatUint(uint64(a), 10) + ` }`
		}
	case codec.CapCodeAddPath:
		var fs []string
		for _, x := range c.caps {
			ap, _ := x.(codec.CapAddPath)
			for _, e := range ap {
				fs = append(fs, `"`+familySlash(e.Family)+`": "`+addPathModes[e.Mode&3]+`"`)
			}
		}
		sep := ""
		if len(fs) > 0 {
			sep = ", "
		}
		return `{ "name": "addpath"` + sep + strings.Join(fs, ",") + ` }`
	case codec.CapCodeEnhancedRouteRefresh:
		return `{ "name": "enhanced-route-refresh" }`
	case exabgpHostnameCode:
		h, _ := c.hostname()
		return `{ "host-name": "` + h.Host + `", "domain-name": "` + h.Domain + `" }`
	case codec.CapCodeOperational:
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
		`, "raw": "` + string(appendHexUpper(nil, c.last().AppendValue(nil))) + `" }`
}

// text is the capability in ExaBGP's text form (before lower-casing).
func (c *apiCapability) text() string {
	switch c.code {
	case codec.CapCodeMultiprotocol:
		var s []string
		for _, x := range c.caps {
			if f, ok := multiprotocolFamily(x); ok {
				s = append(s, f.String())
			}
		}
		return "Multiprotocol(" + strings.Join(s, ",") + ")"
	case codec.CapCodeRouteRefresh:
		return "Route Refresh"
	case codec.CapCodeRouteRefreshCisco:
		return "Cisco Route Refresh"
	case codec.CapCodeExtendedNextHop:
		if nh, ok := c.last().(codec.CapExtendedNextHop); ok {
			var s []string
			for _, t := range nh {
				s = append(s, t.Family.String()+" "+t.NextHopAFI.String())
			}
			return "NextHop(" + strings.Join(s, ",") + ")"
		}
	case codec.CapCodeExtendedMessage:
		return "Extended Message(65535)"
	case codec.CapCodeGracefulRestart:
		if gr, ok := c.last().(codec.CapGracefulRestart); ok {
			fs := make([]string, len(gr.Families))
			for i, f := range gr.Families {
				fs[i] = familySlash(f.Family) + "=0x" + strconv.FormatUint(uint64(f.Flags), 16)
			}
			return "Graceful Restart Flags 0x" + strconv.FormatUint(uint64(gr.Flags), 16) + " Time " +
				strconv.Itoa(int(gr.Time)) + " " + strings.Join(fs, " ")
		}
	case codec.CapCodeASN4:
		if a, ok := c.last().(codec.CapASN4); ok {
			return a.String()
		}
	case codec.CapCodeAddPath:
		var fs []string
		for _, x := range c.caps {
			ap, _ := x.(codec.CapAddPath)
			for _, e := range ap {
				fs = append(fs, addPathModes[e.Mode&3]+" "+e.Family.String())
			}
		}
		return "AddPath(" + strings.Join(fs, ",") + ")"
	case codec.CapCodeEnhancedRouteRefresh:
		return "Enhanced Route Refresh"
	case exabgpHostnameCode:
		h, _ := c.hostname()
		return h.String()
	case codec.CapCodeOperational:
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

// appendOpenJSON writes the "open" member; sent OPENs key capabilities by
// name, received ones by code, as ExaBGP 4.2 does.
func appendOpenJSON(b []byte, op codec.Open, sent bool) []byte {
	b = append(b, `"open": { "version": `...)
	b = strconv.AppendUint(b, uint64(op.Version), 10)
	b = append(b, `, "asn": `...)
	b = strconv.AppendUint(b, uint64(op.MyAS), 10)
	b = append(b, `, "hold_time": `...)
	b = strconv.AppendUint(b, uint64(op.HoldTime), 10)
	b = append(b, `, "router_id": "`...)
	b = op.RouterID.AppendTo(b)
	b = append(b, `", "capabilities": { `...)
	for i, c := range openCapabilities(op) {
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
func capabilitiesText(op codec.Open) string {
	cs := openCapabilities(op)
	slices.SortStableFunc(cs, func(a, b *apiCapability) int { return int(a.code) - int(b.code) })
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.text()
	}
	return strings.ToLower(strings.Join(s, ", "))
}
