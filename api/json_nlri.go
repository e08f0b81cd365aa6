package api

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/exago/exago/codec"
)

// decodeAPINLRI decodes the first NLRI of family f in b the way ExaBGP 4.2
// does and returns it (JSON rendered without next hop) with the bytes left.
func decodeAPINLRI(f codec.Family, b []byte, addPath, announced bool) (apiNLRI, []byte, error) {
	n := apiNLRI{fam: f, announced: announced, nexthop: "no-nexthop"}
	switch f.SAFI {
	case codec.SAFIUnicast, codec.SAFIMulticast, codec.SAFIMPLS, codec.SAFIMPLSVPN:
		if f.AFI != codec.AFIIPv4 && f.AFI != codec.AFIIPv6 {
			break
		}
		j, pre, post, rest, err := decodeInetNLRI(f, b, addPath, announced)
		n.json, n.pre, n.post = j, pre, post
		// Only a prefix without path id, labels or RD has a compact form.
		if err == nil && !addPath && (f.SAFI == codec.SAFIUnicast || f.SAFI == codec.SAFIMulticast) {
			n.compact = []byte(`"` + pre + `"`)
		}
		return n, rest, err
	case codec.SAFIFlow, codec.SAFIFlowVPN:
		if f.AFI != codec.AFIIPv4 && f.AFI != codec.AFIIPv6 {
			break
		}
		fl, rest, err := decodeFlow(f, b)
		if err != nil {
			return n, nil, err
		}
		if fl == nil {
			n.dropped = true
			return n, rest, nil
		}
		n.flow = fl
		n.json = fl.appendJSON(nil, "")
		return n, rest, nil
	case codec.SAFIEVPN:
		if f.AFI != codec.AFIL2VPN {
			break
		}
		j, text, rest, err := decodeEVPN(b)
		n.json, n.pre, n.evpn = j, text, true
		return n, rest, err
	case codec.SAFIVPLS:
		if f.AFI != codec.AFIL2VPN {
			break
		}
		j, pre, rest, err := decodeVPLS(b)
		n.json, n.pre, n.vpls = j, pre, true
		return n, rest, err
	}
	return n, nil, fmt.Errorf("decode nlri: unsupported family %s", f)
}

// decodeInetNLRI reads an IP prefix, with labels for labeled families and a
// route distinguisher for VPN families, led by a path id under add-path.
func decodeInetNLRI(f codec.Family, b []byte, addPath, announced bool) (j []byte, pre, post string, rest []byte, err error) {
	var pathInfo []byte
	if addPath {
		if len(b) <= 4 {
			return nil, "", "", nil, fmt.Errorf("decode %s nlri: not enough data for path-information", f)
		}
		pathInfo = b[:4]
		b = b[4:]
	}
	if len(b) < 1 {
		return nil, "", "", nil, fmt.Errorf("decode %s nlri: empty", f)
	}
	mask := int(b[0])
	b = b[1:]
	rdMask := 0
	if f.SAFI == codec.SAFIMPLSVPN {
		rdMask = 64
	}
	var labels []uint32
	if f.SAFI == codec.SAFIMPLS || f.SAFI == codec.SAFIMPLSVPN {
		for mask-rdMask >= 24 {
			if len(b) < 3 {
				return nil, "", "", nil, fmt.Errorf("decode %s nlri: truncated label", f)
			}
			l := uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
			b = b[3:]
			mask -= 24
			labels = append(labels, l>>4)
			if l == 0x800000 && !announced {
				break
			}
			if l == 0 || l&1 != 0 {
				break
			}
		}
	}
	var rd codec.RD
	hasRD := false
	if rdMask > 0 {
		mask -= rdMask
		if len(b) < 8 {
			return nil, "", "", nil, fmt.Errorf("decode %s nlri: truncated route distinguisher", f)
		}
		copy(rd[:], b[:8])
		b = b[8:]
		hasRD = true
	}
	if mask < 0 {
		return nil, "", "", nil, fmt.Errorf("decode %s nlri: invalid length in NLRI prefix", f)
	}
	alen := 4
	if f.AFI == codec.AFIIPv6 {
		alen = 16
	}
	if mask > alen*8 {
		return nil, "", "", nil, fmt.Errorf("decode %s nlri: prefix length %d too long", f, mask)
	}
	size := (mask + 7) / 8
	if len(b) < size {
		return nil, "", "", nil, fmt.Errorf("decode %s nlri: could not decode route", f)
	}
	var raw [16]byte
	copy(raw[:], b[:size])
	b = b[size:]
	var a netip.Addr
	if alen == 4 {
		a = netip.AddrFrom4([4]byte(raw[:4]))
	} else {
		a = netip.AddrFrom16(raw)
	}
	pfx := a.String() + "/" + strconv.Itoa(mask)
	pre = pfx
	if pathInfo != nil {
		pre += " path-information " + netip.AddrFrom4([4]byte(pathInfo)).String()
	}
	switch {
	case len(labels) == 1:
		pre += " label " + strconv.FormatUint(uint64(labels[0]), 10)
	case len(labels) > 1:
		pre += " label [ "
		for i, l := range labels {
			if i > 0 {
				pre += " "
			}
			pre += strconv.FormatUint(uint64(l), 10)
		}
		pre += " ]"
	}
	if hasRD {
		post = " rd " + rd.String()
	}
	j = append([]byte(nil), `{ "nlri": "`...)
	j = a.AppendTo(j)
	j = append(j, '/')
	j = strconv.AppendInt(j, int64(mask), 10)
	j = append(j, '"')
	if pathInfo != nil {
		j = append(j, `, "path-information": "`...)
		j = netip.AddrFrom4([4]byte(pathInfo)).AppendTo(j)
		j = append(j, '"')
	}
	if len(labels) > 0 {
		j = append(j, `, "label": [ `...)
		for i, l := range labels {
			if i > 0 {
				j = append(j, ", "...)
			}
			j = append(j, '[')
			j = strconv.AppendUint(j, uint64(l), 10)
			j = append(j, ']')
		}
		j = append(j, " ]"...)
	}
	if hasRD {
		j = append(j, `, "rd": "`...)
		j = append(j, rd.String()...)
		j = append(j, '"')
	}
	j = append(j, " }"...)
	return j, pre, post, b, nil
}

// decodeVPLS reads an L2VPN VPLS NLRI (RFC 4761).
func decodeVPLS(b []byte) ([]byte, string, []byte, error) {
	if len(b) < 19 {
		return nil, "", nil, fmt.Errorf("decode l2vpn vpls nlri: %d bytes, need 19", len(b))
	}
	if int(binary.BigEndian.Uint16(b)) != 17 {
		return nil, "", nil, fmt.Errorf("decode l2vpn vpls nlri: length %d, need 17", binary.BigEndian.Uint16(b))
	}
	var rd codec.RD
	copy(rd[:], b[2:10])
	endpoint := binary.BigEndian.Uint16(b[10:])
	offset := binary.BigEndian.Uint16(b[12:])
	size := binary.BigEndian.Uint16(b[14:])
	base := (uint32(b[16])<<16 | uint32(b[17])<<8 | uint32(b[18])) >> 4
	j := fmt.Appendf(nil, `{ "rd": "%s", "endpoint": %d, "base": %d, "offset": %d, "size": %d }`, rd, endpoint, base, offset, size)
	pre := fmt.Sprintf("vpls rd %s endpoint %d base %d offset %d size %d ", rd, endpoint, base, offset, size)
	return j, pre, b[19:], nil
}

// nextHopLengths are the MP_REACH_NLRI next-hop lengths ExaBGP accepts per
// family, and whether the next hop is led by a route distinguisher.
func nextHopLengths(f codec.Family) ([]int, int, bool) {
	switch f {
	case codec.IPv4Unicast, codec.IPv4Multicast, codec.IPv4MPLS, codec.L2VPNVPLS, codec.L2VPNEVPN, codec.BGPLS:
		return []int{4}, 0, true
	case codec.IPv4VPN:
		return []int{12}, 8, true
	case codec.IPv4Flow, codec.IPv4FlowVPN:
		return []int{0, 4}, 0, true
	case codec.IPv4RTC:
		return []int{4, 16}, 0, true
	case codec.IPv6Unicast, codec.IPv6MPLS:
		return []int{16, 32}, 0, true
	case codec.IPv6VPN:
		return []int{24, 40}, 8, true
	case codec.IPv6Flow, codec.IPv6FlowVPN:
		return []int{0, 16, 32}, 0, true
	}
	return nil, 0, false
}

// decodeAPIMPReach decodes MP_REACH_NLRI: every NLRI is reported once per
// next hop (global and link-local), as ExaBGP does.
func decodeAPIMPReach(v []byte, o codec.Options) (*apiMP, error) {
	if len(v) < 5 {
		return nil, fmt.Errorf("decode mp_reach_nlri: %d bytes", len(v))
	}
	f := codec.Family{AFI: codec.AFI(binary.BigEndian.Uint16(v)), SAFI: codec.SAFI(v[2])}
	lnh := int(v[3])
	lengths, rd, ok := nextHopLengths(f)
	if !ok {
		return nil, fmt.Errorf("decode mp_reach_nlri: unsupported %s", f)
	}
	if len(o.ExtNextHop) > 0 {
		nh := codec.AFIIPv4
		switch lnh {
		case 16, 32, 24:
			nh = codec.AFIIPv6
		case 4, 12:
		default:
			return nil, fmt.Errorf("decode mp_reach_nlri: unsupported family %s with extended next-hop capability enabled", f)
		}
		if l, r, ok := nextHopLengths(codec.Family{AFI: nh, SAFI: f.SAFI}); ok {
			lengths, rd = l, r
		}
	}
	valid := false
	for _, l := range lengths {
		valid = valid || l == lnh
	}
	if !valid {
		return nil, fmt.Errorf("decode mp_reach_nlri: invalid %s next-hop length %d", f, lnh)
	}
	if len(v) < 4+lnh+1 {
		return nil, fmt.Errorf("decode mp_reach_nlri: truncated next hop")
	}
	nhs := v[4+rd : 4+lnh]
	var nexthops []string
	for len(nhs) > 0 {
		c := nhs
		if len(c) > 16 {
			c = c[:16]
		}
		nhs = nhs[len(c):]
		switch len(c) {
		case 4:
			nexthops = append(nexthops, netip.AddrFrom4([4]byte(c)).String())
		case 16:
			nexthops = append(nexthops, netip.AddrFrom16([16]byte(c)).String())
		default:
			return nil, fmt.Errorf("decode mp_reach_nlri: invalid next hop length %d", len(c))
		}
	}
	if v[4+lnh] != 0 {
		return nil, fmt.Errorf("decode mp_reach_nlri: the reserved bit of MP_REACH_NLRI is not zero")
	}
	data := v[4+lnh+1:]
	if len(data) == 0 {
		return nil, fmt.Errorf("decode mp_reach_nlri: no data to decode in an MPREACHNLRI but it is not an EOR %d/%d", f.AFI, f.SAFI)
	}
	mp := &apiMP{fam: f}
	addPath := o.HasAddPath(f)
	for len(data) > 0 {
		var left []byte
		if len(nexthops) == 0 {
			n, rest, err := decodeAPINLRI(f, data, addPath, true)
			if err != nil {
				return nil, err
			}
			if !n.dropped {
				mp.nlris = append(mp.nlris, n)
			}
			left = rest
		}
		for _, nh := range nexthops {
			n, rest, err := decodeAPINLRI(f, data, addPath, true)
			if err != nil {
				return nil, err
			}
			n.nexthop = nh
			if n.flow != nil {
				n.json = n.flow.appendJSON(nil, nh)
			}
			if !n.dropped {
				mp.nlris = append(mp.nlris, n)
			}
			left = rest
		}
		data = left
	}
	return mp, nil
}

// decodeAPIMPUnreach decodes MP_UNREACH_NLRI.
func decodeAPIMPUnreach(v []byte, o codec.Options) (*apiMP, error) {
	if len(v) < 3 {
		return nil, fmt.Errorf("decode mp_unreach_nlri: %d bytes", len(v))
	}
	f := codec.Family{AFI: codec.AFI(binary.BigEndian.Uint16(v)), SAFI: codec.SAFI(v[2])}
	mp := &apiMP{fam: f}
	data := v[3:]
	addPath := o.HasAddPath(f)
	for len(data) > 0 {
		n, rest, err := decodeAPINLRI(f, data, addPath, false)
		if err != nil {
			return nil, err
		}
		if !n.dropped {
			mp.nlris = append(mp.nlris, n)
		}
		data = rest
	}
	return mp, nil
}
