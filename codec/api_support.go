package codec

import "encoding/binary"

// DecodeUpdateSkippingFlows is DecodeUpdate with ExaBGP 4.2's leniency for
// flow routes, for printing what ExaBGP prints: when the UPDATE does not
// decode, each flow route of MP_REACH_NLRI and MP_UNREACH_NLRI that does
// not decode alone is left out (ExaBGP logs and skips it) and the rest is
// decoded again. It returns how many flow routes were left out.
func DecodeUpdateSkippingFlows(body []byte, o Options) (*Update, int, error) {
	u, err := DecodeUpdate(body, o)
	if u != nil {
		return u, 0, err
	}
	fixed, dropped := skipBadFlows(body)
	if dropped == 0 {
		return u, 0, err
	}
	u, err = DecodeUpdate(fixed, o)
	return u, dropped, err
}

// skipBadFlows rebuilds body without the flow routes that do not decode;
// it returns how many it dropped (0 when body is left as is).
func skipBadFlows(body []byte) ([]byte, int) {
	if len(body) < 4 {
		return nil, 0
	}
	wl := int(binary.BigEndian.Uint16(body))
	if 4+wl > len(body) {
		return nil, 0
	}
	al := int(binary.BigEndian.Uint16(body[2+wl:]))
	if 4+wl+al > len(body) {
		return nil, 0
	}
	attrs, nlri := body[4+wl:4+wl+al], body[4+wl+al:]
	out := append(make([]byte, 0, len(body)), body[:2+wl]...)
	out = append(out, 0, 0)
	dropped := 0
	for len(attrs) > 0 {
		if len(attrs) < 3 {
			return nil, 0
		}
		flags, code := AttrFlags(attrs[0]), AttrCode(attrs[1])
		hl, n := 3, int(attrs[2])
		if flags&FlagExtLength != 0 {
			if len(attrs) < 4 {
				return nil, 0
			}
			hl, n = 4, int(binary.BigEndian.Uint16(attrs[2:]))
		}
		if len(attrs) < hl+n {
			return nil, 0
		}
		raw, value := attrs[:hl+n], attrs[hl:hl+n]
		attrs = attrs[hl+n:]
		if code == AttrMPReach || code == AttrMPUnreach {
			if v, d := keepDecodableFlows(code, value); d > 0 {
				dropped += d
				out = append(out, byte(flags|FlagExtLength), byte(code))
				out = binary.BigEndian.AppendUint16(out, uint16(len(v)))
				out = append(out, v...)
				continue
			}
		}
		out = append(out, raw...)
	}
	binary.BigEndian.PutUint16(out[2+wl:], uint16(len(out)-4-wl))
	return append(out, nlri...), dropped
}

// keepDecodableFlows returns an MP_REACH_NLRI or MP_UNREACH_NLRI value of a
// flow family without its flow routes that do not decode, and how many it
// left out.
func keepDecodableFlows(code AttrCode, v []byte) ([]byte, int) {
	if len(v) < 3 {
		return nil, 0
	}
	f := Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[2])}
	if f.SAFI != SAFIFlow && f.SAFI != SAFIFlowVPN {
		return nil, 0
	}
	hl := 3
	if code == AttrMPReach {
		if len(v) < 4 || len(v) < 5+int(v[3]) {
			return nil, 0
		}
		hl = 5 + int(v[3])
	}
	out := append([]byte(nil), v[:hl]...)
	dropped := 0
	for b := v[hl:]; len(b) > 0; {
		n, ll := int(b[0]), 1
		if n&0xf0 == 0xf0 {
			if len(b) < 2 {
				return nil, 0
			}
			n, ll = (n&0x0f)<<8|int(b[1]), 2
		}
		if len(b) < ll+n {
			return nil, 0
		}
		entry := b[:ll+n]
		b = b[ll+n:]
		if _, rest, err := DecodeFlow(f, entry, false); err != nil || len(rest) != 0 {
			dropped++
			continue
		}
		out = append(out, entry...)
	}
	return out, dropped
}
