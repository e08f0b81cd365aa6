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
	out := append(make([]byte, 0, len(body)), body[:2+wl]...)
	out = append(out, 0, 0)
	dropped := 0
	ok := eachRawAttribute(body[4+wl:4+wl+al], func(flags AttrFlags, code AttrCode, raw, value []byte) {
		if code == AttrMPReach || code == AttrMPUnreach {
			if v, d := keepDecodableFlows(code, value); d > 0 {
				dropped += d
				out = append(out, byte(flags|FlagExtLength), byte(code))
				out = binary.BigEndian.AppendUint16(out, uint16(len(v)))
				out = append(out, v...)
				return
			}
		}
		out = append(out, raw...)
	})
	if !ok {
		return nil, 0
	}
	binary.BigEndian.PutUint16(out[2+wl:], uint16(len(out)-4-wl))
	return append(out, body[4+wl+al:]...), dropped
}

// eachRawAttribute calls fn with every attribute of a path attributes
// field, as framed on the wire; false when the framing breaks.
func eachRawAttribute(attrs []byte, fn func(flags AttrFlags, code AttrCode, raw, value []byte)) bool {
	for len(attrs) > 0 {
		if len(attrs) < 3 {
			return false
		}
		flags, code := AttrFlags(attrs[0]), AttrCode(attrs[1])
		hl, n := 3, int(attrs[2])
		if flags&FlagExtLength != 0 {
			if len(attrs) < 4 {
				return false
			}
			hl, n = 4, int(binary.BigEndian.Uint16(attrs[2:]))
		}
		if len(attrs) < hl+n {
			return false
		}
		fn(flags, code, attrs[:hl+n], attrs[hl:hl+n])
		attrs = attrs[hl+n:]
	}
	return true
}

// AS4Received are the AS_PATH, AGGREGATOR, AS4_PATH and AS4_AGGREGATOR of
// an UPDATE as received on a 2-byte AS session, before DecodeUpdate folds
// the AS4 ones in (RFC 6793 section 4.2.3). Each is the first of its code
// with the right optional and transitive bits that decodes; the zero value
// (nil) otherwise. ExaBGP 4.2 reports them unfolded.
type AS4Received struct {
	ASPath        ASPath
	Aggregator    *Aggregator
	AS4Path       AS4Path
	AS4Aggregator *AS4Aggregator
}

// DecodeAS4Received decodes the AS attributes of an UPDATE body as
// received, for a session without 4-byte AS numbers (o.ASN4 false).
func DecodeAS4Received(body []byte, o Options) AS4Received {
	var r AS4Received
	if len(body) < 4 {
		return r
	}
	wl := int(binary.BigEndian.Uint16(body))
	if 4+wl > len(body) {
		return r
	}
	al := int(binary.BigEndian.Uint16(body[2+wl:]))
	if 4+wl+al > len(body) {
		return r
	}
	var seen [256]bool
	eachRawAttribute(body[4+wl:4+wl+al], func(flags AttrFlags, code AttrCode, _, value []byte) {
		if seen[code] {
			return
		}
		seen[code] = true
		spec, ok := attrSpecFor(code)
		if !ok || flags&(FlagOptional|FlagTransitive) != spec.flags {
			return
		}
		switch code {
		case AttrASPath, AttrAggregator, AttrAS4Path, AttrAS4Aggregator:
		default:
			return
		}
		a, err := spec.decode(value, o)
		if err != nil {
			return
		}
		switch v := a.(type) {
		case ASPath:
			r.ASPath = v
		case Aggregator:
			r.Aggregator = &v
		case AS4Path:
			r.AS4Path = v
		case AS4Aggregator:
			r.AS4Aggregator = &v
		}
	})
	return r
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

// MPReachReserved returns the reserved byte (RFC 4760: number of SNPAs)
// of the MP_REACH_NLRI attribute of an UPDATE body, which DecodeMPReach
// ignores and ExaBGP 4.2 refuses when not zero; false when there is none.
func MPReachReserved(body []byte) (byte, bool) {
	if len(body) < 4 {
		return 0, false
	}
	wl := int(binary.BigEndian.Uint16(body))
	if 4+wl > len(body) {
		return 0, false
	}
	al := int(binary.BigEndian.Uint16(body[2+wl:]))
	if 4+wl+al > len(body) {
		return 0, false
	}
	var r byte
	found := false
	eachRawAttribute(body[4+wl:4+wl+al], func(_ AttrFlags, code AttrCode, _, v []byte) {
		if code != AttrMPReach || found || len(v) < 4 || len(v) < 5+int(v[3]) {
			return
		}
		r, found = v[4+int(v[3])], true
	})
	return r, found
}
