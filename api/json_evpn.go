package api

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/exago/exago/codec"
)

// evpnLabels reads an MPLS label stack the way ExaBGP's Labels.unpack does
// (up to the bottom-of-stack bit) and returns its JSON and text forms.
func evpnLabels(b []byte) (json, text string) {
	var labels, raws []uint32
	for len(b) > 0 {
		if len(b) < 3 {
			b = append(append([]byte(nil), b...), make([]byte, 3-len(b))...)
		}
		raw := uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
		b = b[3:]
		labels = append(labels, raw>>4)
		raws = append(raws, raw)
		if raw&1 != 0 {
			break
		}
	}
	if len(labels) == 0 {
		return "", ""
	}
	js := make([]string, len(labels))
	ts := make([]string, len(labels))
	for i, l := range labels {
		js[i] = "[" + strconv.FormatUint(uint64(l), 10)
		ts[i] = strconv.FormatUint(uint64(l), 10)
		if raws[i] != 0 {
			js[i] += ", " + strconv.FormatUint(uint64(raws[i]), 10)
			ts[i] += " (" + strconv.FormatUint(uint64(raws[i]), 10) + ")"
		}
		js[i] += "]"
	}
	json = `"label": [ ` + strings.Join(js, ", ") + " ]"
	if len(ts) == 1 {
		return json, " label " + ts[0]
	}
	return json, " label [ " + strings.Join(ts, " ") + " ]"
}

// evpnESI is ExaBGP's text of an Ethernet Segment Identifier.
func evpnESI(b []byte) string {
	zero := true
	for _, c := range b {
		zero = zero && c == 0
	}
	if zero {
		return "-"
	}
	s := make([]string, len(b))
	for i, c := range b {
		s[i] = fmt.Sprintf("%02x", c)
	}
	return strings.Join(s, ":")
}

// evpnIP reads an address of n bytes (4 or 16).
func evpnIP(b []byte) netip.Addr {
	if len(b) == 4 {
		return netip.AddrFrom4([4]byte(b))
	}
	return netip.AddrFrom16([16]byte(b))
}

// decodeEVPN reads one EVPN NLRI (RFC 7432, RFC 9136) and returns its JSON
// and its text, as ExaBGP 4.2 prints them.
func decodeEVPN(b []byte) ([]byte, string, []byte, error) {
	if len(b) < 2 || len(b) < 2+int(b[1]) {
		return nil, "", nil, fmt.Errorf("decode l2vpn evpn nlri: truncated")
	}
	code, d := b[0], b[2:2+int(b[1])]
	rest := b[2+int(b[1]):]
	raw := string(appendHexUpper(nil, b[:2+int(b[1])]))
	head := func(name string) string {
		return ` "code": ` + strconv.Itoa(int(code)) + `, "parsed": true, "raw": "` + raw + `", "name": "` + name + `", `
	}
	var rd codec.RD
	if len(d) >= 8 {
		copy(rd[:], d[:8])
	}
	bad := func(what string) ([]byte, string, []byte, error) {
		return nil, "", nil, fmt.Errorf("decode l2vpn evpn nlri: %s", what)
	}
	switch code {
	case 1:
		if len(d) < 22 {
			return bad("ethernet auto-discovery route too short")
		}
		esi := evpnESI(d[8:18])
		etag := binary.BigEndian.Uint32(d[18:])
		lj, lt := evpnLabels(d[22:min(len(d), 25)])
		j := head("Ethernet Auto-Discovery") + `"rd": "` + rd.String() + `", "esi": "` + esi + `", "ethernet-tag": ` +
			strconv.FormatUint(uint64(etag), 10) + ", " + lj + " "
		t := "evpn:ethernetad::" + rd.String() + ":" + esi + ":" + strconv.FormatUint(uint64(etag), 10) + ":" + lt
		return []byte("{" + j + "}"), t, rest, nil
	case 2:
		if len(d) < 30 {
			return bad("mac/ip advertisement route too short")
		}
		if d[22] > 48 {
			return bad("invalid MAC Address length")
		}
		esi := evpnESI(d[8:18])
		etag := binary.BigEndian.Uint32(d[18:])
		macs := make([]string, 6)
		for i, c := range d[23:29] {
			macs[i] = fmt.Sprintf("%02X", c)
		}
		mac := strings.Join(macs, ":")
		iplen := int(d[29])
		n := 0
		switch len(d) {
		case 33, 36:
			if iplen != 0 {
				return bad("ip length given but the route has no ip")
			}
		case 37, 40:
			n = 4
		case 49, 52:
			n = 16
		default:
			return bad("data field length does not match one of the expected lengths")
		}
		var ip string
		if n > 0 {
			ip = evpnIP(d[30 : 30+n]).String()
		}
		lj, lt := evpnLabels(d[30+n : min(len(d), 33+n)])
		j := head("MAC/IP advertisement") + `"rd": "` + rd.String() + `", "esi": "` + esi + `", "ethernet-tag": ` +
			strconv.FormatUint(uint64(etag), 10) + `, "mac": "` + mac + `", ` + lj
		if ip != "" {
			j += `, "ip": "` + ip + `"`
		}
		t := "evpn:macadv::" + rd.String() + ":" + esi + ":" + strconv.FormatUint(uint64(etag), 10) + ":" + mac +
			"/" + strconv.Itoa(int(d[22])) + ":" + ip + ":" + lt
		return []byte("{" + j + " }"), t, rest, nil
	case 3:
		if len(d) < 13 {
			return bad("inclusive multicast route too short")
		}
		etag := binary.BigEndian.Uint32(d[8:])
		iplen := int(d[12])
		if (iplen != 32 && iplen != 128) || len(d) < 13+iplen/8 {
			return bad("ip length " + strconv.Itoa(iplen) + " not supported")
		}
		ip := evpnIP(d[13 : 13+iplen/8]).String()
		j := head("Inclusive Multicast Ethernet Tag") + `"rd": "` + rd.String() + `", "ethernet-tag": ` +
			strconv.FormatUint(uint64(etag), 10) + `, "ip": "` + ip + `"`
		t := "evpn:multicast::" + rd.String() + ":" + strconv.FormatUint(uint64(etag), 10) + ":" + ip
		return []byte("{" + j + " }"), t, rest, nil
	case 4:
		if len(d) < 19 {
			return bad("ethernet segment route too short")
		}
		esi := evpnESI(d[8:18])
		iplen := int(d[18])
		if (iplen != 32 && iplen != 128) || len(d) < 19+iplen/8 {
			return bad("ip length " + strconv.Itoa(iplen) + " not supported")
		}
		ip := evpnIP(d[19 : 19+iplen/8]).String()
		j := head("Ethernet Segment") + `"rd": "` + rd.String() + `", "esi": "` + esi + `", "ip": "` + ip + `"`
		t := "evpn:segment::" + rd.String() + ":" + esi + ":" + ip
		return []byte("{" + j + " }"), t, rest, nil
	case 5:
		n := 0
		switch len(d) {
		case 34:
			n = 4
		case 58:
			n = 16
		default:
			return bad("ip prefix route length " + strconv.Itoa(len(d)) + " not supported")
		}
		esi := evpnESI(d[8:18])
		etag := binary.BigEndian.Uint32(d[18:])
		iplen := int(d[22])
		ip := evpnIP(d[23 : 23+n]).String()
		gw := evpnIP(d[23+n : 23+2*n]).String()
		lj, lt := evpnLabels(d[23+2*n : 26+2*n])
		j := head("IP Prefix Advertisement") + `"rd": "` + rd.String() + `", "esi": "` + esi + `", "ethernet-tag": ` +
			strconv.FormatUint(uint64(etag), 10) + ", " + lj + `, "ip": "` + ip + `", "iplen": ` + strconv.Itoa(iplen) +
			`, "gateway": "` + gw + `" `
		t := "evpn:prfxadv::" + rd.String() + ":" + esi + ":" + strconv.FormatUint(uint64(etag), 10) + ":" + ip +
			"/" + strconv.Itoa(iplen) + ":" + gw + ":" + lt
		return []byte("{" + j + "}"), t, rest, nil
	}
	j := `{ "code": ` + strconv.Itoa(int(code)) + `, "parsed": false, "raw": "` + raw + `" }`
	t := "evpn:unknown:0x" + string(appendHexLower(nil, d))
	return []byte(j), t, rest, nil
}
