package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// String is ExaBGP's name of the attribute code ("as-path",
// "unknown-attribute-0x99").
func (c AttrCode) String() string {
	switch c {
	case AttrOrigin:
		return "origin"
	case AttrASPath:
		return "as-path"
	case AttrNextHop:
		return "next-hop"
	case AttrMED:
		return "med"
	case AttrLocalPref:
		return "local-preference"
	case AttrAtomicAggregate:
		return "atomic-aggregate"
	case AttrAggregator:
		return "aggregator"
	case AttrCommunities:
		return "community"
	case AttrOriginatorID:
		return "originator-id"
	case AttrClusterList:
		return "cluster-list"
	case AttrMPReach:
		return "mp-reach-nlri"
	case AttrMPUnreach:
		return "mp-unreach-nlri"
	case AttrExtCommunities:
		return "extended-community"
	case AttrAS4Path:
		return "as4-path"
	case AttrAS4Aggregator:
		return "as4-aggregator"
	case AttrPMSITunnel:
		return "pmsi-tunnel"
	case AttrTunnelEncap:
		return "tunnel-encaps"
	case AttrIPv6ExtCommunity:
		return "extended-community-ipv6"
	case AttrAIGP:
		return "aigp"
	case AttrBGPLS:
		return "bgp-ls"
	case AttrLargeCommunities:
		return "large-community"
	case AttrPrefixSID:
		return "bgp-prefix-sid"
	}
	return fmt.Sprintf("unknown-attribute-0x%x", uint8(c))
}

// errorAction is the RFC 7606 approach for a malformed attribute.
type errorAction uint8

const (
	actWithdraw errorAction = iota // treat-as-withdraw
	actDiscard                     // attribute discard
	actReset                       // session reset
)

// attrSpec is one entry of the attribute registry.
type attrSpec struct {
	// flags are the optional and transitive bits the attribute must carry.
	flags AttrFlags
	// decode parses the value.
	decode func(v []byte, o Options) (Attribute, error)
	// malformed is what RFC 7606 says to do when the value (or the flags,
	// section 3.c) is wrong.
	malformed errorAction
}

// attrSpecFor is the attribute registry: every attribute exago decodes,
// with the RFC 7606 action for a malformed one (section 7 unless told).
func attrSpecFor(c AttrCode) (attrSpec, bool) {
	const ot = FlagOptional | FlagTransitive
	switch c {
	case AttrOrigin: // 7.1
		return attrSpec{FlagTransitive, DecodeOrigin, actWithdraw}, true
	case AttrASPath: // 7.2
		return attrSpec{FlagTransitive, DecodeASPath, actWithdraw}, true
	case AttrNextHop: // 7.3
		return attrSpec{FlagTransitive, DecodeNextHop, actWithdraw}, true
	case AttrMED: // 7.4
		return attrSpec{FlagOptional, DecodeMED, actWithdraw}, true
	case AttrLocalPref: // 7.5
		return attrSpec{FlagTransitive, DecodeLocalPref, actWithdraw}, true
	case AttrAtomicAggregate: // 7.6
		return attrSpec{FlagTransitive, DecodeAtomicAggregate, actDiscard}, true
	case AttrAggregator: // 7.7
		return attrSpec{ot, DecodeAggregator, actDiscard}, true
	case AttrCommunities: // 7.8
		return attrSpec{ot, DecodeCommunities, actWithdraw}, true
	case AttrOriginatorID: // 7.9
		return attrSpec{FlagOptional, DecodeOriginatorID, actWithdraw}, true
	case AttrClusterList: // 7.10
		return attrSpec{FlagOptional, DecodeClusterList, actWithdraw}, true
	case AttrMPReach: // 7.11 (session reset or AFI/SAFI disable)
		return attrSpec{FlagOptional, DecodeMPReach, actReset}, true
	case AttrMPUnreach: // 7.11
		return attrSpec{FlagOptional, DecodeMPUnreach, actReset}, true
	case AttrExtCommunities: // 7.14
		return attrSpec{ot, DecodeExtendedCommunities, actWithdraw}, true
	case AttrAS4Path: // RFC 6793 section 6: discard
		return attrSpec{ot, DecodeAS4Path, actDiscard}, true
	case AttrAS4Aggregator: // RFC 6793 section 6: discard
		return attrSpec{ot, DecodeAS4Aggregator, actDiscard}, true
	case AttrLargeCommunities: // RFC 8092 section 6: treat-as-withdraw
		return attrSpec{ot, DecodeLargeCommunities, actWithdraw}, true
	case AttrPMSITunnel: // RFC 7606 section 2 default
		return attrSpec{ot, DecodePMSITunnel, actWithdraw}, true
	case AttrIPv6ExtCommunity: // 7.15
		return attrSpec{ot, DecodeIPv6ExtendedCommunities, actWithdraw}, true
	case AttrAIGP: // RFC 7311 section 3.2: discard
		return attrSpec{FlagOptional, DecodeAIGP, actDiscard}, true
	case AttrBGPLS: // RFC 7752 section 8.2.2: discard
		return attrSpec{FlagOptional, DecodeBGPLSAttribute, actDiscard}, true
	case AttrPrefixSID: // RFC 8669 section 6: discard
		return attrSpec{ot, DecodePrefixSID, actDiscard}, true
	}
	return attrSpec{}, false
}

// AppendAttribute appends one path attribute: flags, code, length (the
// extended-length form when a.Flags() asks for it or the value is over 255
// bytes, ExaBGP's rule) and value. As ExaBGP, an optional attribute with an
// empty value is not written (Generic excepted). When o.ASN4 is false, an
// AS_PATH or AGGREGATOR holding 4-byte AS numbers is followed by its
// AS4_PATH or AS4_AGGREGATOR (RFC 6793 section 4.2.2).
func AppendAttribute(b []byte, a Attribute, o Options) ([]byte, error) {
	start := len(b)
	f := a.Flags()
	_, generic := a.(Generic)
	ext := f&FlagExtLength != 0
	b = append(b, byte(f), byte(a.Code()), 0)
	if ext {
		b = append(b, 0)
	}
	vs := len(b)
	b, err := a.AppendValue(b, o)
	if err != nil {
		return b[:start], fmt.Errorf("encode %s: %w", a.Code(), err)
	}
	n := len(b) - vs
	switch {
	case n == 0 && f&FlagOptional != 0 && !generic:
		return b[:start], nil
	case n > 0xffff:
		return b[:start], fmt.Errorf("encode %s: value of %d bytes over 65535", a.Code(), n)
	case ext:
		binary.BigEndian.PutUint16(b[vs-2:], uint16(n))
	case n > 255:
		b = append(b, 0)
		copy(b[vs+1:], b[vs:vs+n])
		b[start] |= byte(FlagExtLength)
		binary.BigEndian.PutUint16(b[vs-1:], uint16(n))
	default:
		b[vs-1] = byte(n)
	}
	if c, ok := a.(as4Companion); ok && !o.ASN4 {
		if extra, ok := c.as4Companion(); ok {
			return AppendAttribute(b, extra, o)
		}
	}
	return b, nil
}

// as4Companion is implemented by AS_PATH and AGGREGATOR: the AS4_PATH or
// AS4_AGGREGATOR to send after them to a 2-byte AS speaker, if needed.
type as4Companion interface {
	as4Companion() (Attribute, bool)
}

// attrOrder is ExaBGP's sending position of an attribute: by code, but
// MP_UNREACH_NLRI then MP_REACH_NLRI come last (ExaBGP appends them after
// the sorted attributes).
func attrOrder(c AttrCode) int {
	switch c {
	case AttrMPUnreach:
		return 256
	case AttrMPReach:
		return 257
	}
	return int(c)
}

// AppendAttributes appends attrs in ExaBGP's order: ascending code, then
// MP_UNREACH_NLRI, then MP_REACH_NLRI (an AS4_PATH or AS4_AGGREGATOR
// generated for a 2-byte AS peer follows right after its AS_PATH or
// AGGREGATOR). attrs is not modified.
func AppendAttributes(b []byte, attrs []Attribute, o Options) ([]byte, error) {
	var stack [24]int
	idx := stack[:0]
	for i := range attrs {
		idx = append(idx, i)
	}
	// Insertion sort: short lists, stable.
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && attrOrder(attrs[idx[j]].Code()) < attrOrder(attrs[idx[j-1]].Code()); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	var err error
	for _, i := range idx {
		if b, err = AppendAttribute(b, attrs[i], o); err != nil {
			return b, err
		}
	}
	return b, nil
}

// attrData is the Data of an UPDATE error notification: the attribute
// (type, length and value) as received (RFC 4271 section 6.3).
func attrData(raw []byte) []byte { return append([]byte(nil), raw...) }

// DecodeAttributes decodes the path attributes field of an UPDATE. It
// returns the attributes it could decode and the strongest RFC 7606
// outcome met (nil, *AttributeDiscard, *TreatAsWithdraw or *Notification).
// Unknown transitive attributes are kept as Generic; unknown
// non-transitive ones are quietly ignored (RFC 4271 section 5). When
// !o.ASN4, AS4_PATH and AS4_AGGREGATOR are merged into AS_PATH and
// AGGREGATOR (RFC 6793 section 4.2.3).
func DecodeAttributes(b []byte, o Options) ([]Attribute, error) {
	attrs := make([]Attribute, 0, 8)
	var seen [256 / 64]uint64
	var worst error
	note := func(err error) {
		if severity(err) > severity(worst) {
			worst = err
		}
	}
	for len(b) > 0 {
		// RFC 7606 section 4: "if the Attribute Length field of an
		// attribute [...] would be inconsistent with the Total Attribute
		// Length [...] the "treat-as-withdraw" approach MUST be used
		// (unless some other, more severe error is encountered dictating
		// a stronger approach)". With MP_REACH_NLRI or MP_UNREACH_NLRI
		// still unparsed we cannot know which routes to withdraw, so
		// section 5.2 asks for the session reset; we reset only when one
		// of them follows unread is unknowable, hence the withdraw here.
		if len(b) < 3 {
			note(&TreatAsWithdraw{Err: errors.New("truncated attribute header")})
			break
		}
		flags, code := AttrFlags(b[0]), AttrCode(b[1])
		hl, n := 3, int(b[2])
		if flags&FlagExtLength != 0 {
			if len(b) < 4 {
				note(&TreatAsWithdraw{Code: code, Err: errors.New("truncated attribute header")})
				break
			}
			hl, n = 4, int(binary.BigEndian.Uint16(b[2:]))
		}
		if len(b) < hl+n {
			note(&TreatAsWithdraw{Code: code, Err: fmt.Errorf("attribute length %d overruns the %d bytes left", n, len(b)-hl)})
			break
		}
		raw, value := b[:hl+n], b[hl:hl+n]
		b = b[hl+n:]

		// RFC 7606 section 3.g: "If the MP_REACH_NLRI attribute or the
		// MP_UNREACH_NLRI [RFC4760] attribute appears more than once in the
		// UPDATE message, then a NOTIFICATION message MUST be sent with the
		// Error Subcode "Malformed Attribute List". If any other attribute
		// (whether recognized or unrecognized) appears more than once in an
		// UPDATE message, then all the occurrences of the attribute other
		// than the first one SHALL be discarded and the UPDATE message will
		// continue to be processed."
		if seen[code/64]&(1<<(code%64)) != 0 {
			if code == AttrMPReach || code == AttrMPUnreach {
				note(notify(NotifyUpdate, SubMalformedAttrList, nil))
			}
			continue
		}
		seen[code/64] |= 1 << (code % 64)

		spec, known := attrSpecFor(code)
		if !known {
			// RFC 4271 section 5: "If an optional non-transitive attribute
			// is unrecognized, it is quietly ignored." Transitive ones are
			// passed on; like ExaBGP, we keep any unknown attribute with
			// the transitive bit, optional or not.
			if flags&FlagTransitive != 0 {
				attrs = append(attrs, Generic{AttrCode: code, AttrFlags: flags, Value: append([]byte(nil), value...)})
			}
			continue
		}
		var err error
		var a Attribute
		// RFC 7606 section 3.c: "If the value of either the Optional or
		// Transitive bits in the Attribute Flags is in conflict with their
		// specified values, then the attribute MUST be treated as
		// malformed".
		switch {
		case flags&(FlagOptional|FlagTransitive) != spec.flags:
			err = fmt.Errorf("flags 0x%02x, want 0x%02x", uint8(flags), uint8(spec.flags))
		case len(value) == 0 && code != AttrASPath && code != AttrAtomicAggregate:
			// Only AS_PATH and ATOMIC_AGGREGATE may be empty (ExaBGP's
			// VALID_ZERO); an empty optional attribute could not even be
			// sent back, as ExaBGP writes none.
			err = errors.New("empty value")
		default:
			a, err = spec.decode(value, o)
		}
		if err != nil {
			switch spec.malformed {
			case actDiscard:
				note(&AttributeDiscard{Code: code, Err: err})
			case actWithdraw:
				note(&TreatAsWithdraw{Code: code, Err: err})
			default:
				// RFC 7606 section 7.11 / RFC 4760 section 7: session reset
				// with "Optional Attribute Error".
				note(fmt.Errorf("decode %s: %w", code, notify(NotifyUpdate, SubOptionalAttrError, attrData(raw))))
			}
			continue
		}
		attrs = append(attrs, a)
	}
	if !o.ASN4 {
		attrs = mergeAS4(attrs)
	}
	if len(attrs) == 0 {
		return nil, worst
	}
	return attrs, worst
}

// FindAttribute returns the first attribute of code c in attrs.
func FindAttribute(attrs []Attribute, c AttrCode) (Attribute, bool) {
	for _, a := range attrs {
		if a.Code() == c {
			return a, true
		}
	}
	return nil, false
}

// WithDefaults returns attrs completed as ExaBGP completes the attributes
// of a route before sending it (Attributes.pack with defaults): ORIGIN IGP
// when absent; AS_PATH empty on an internal session (localAS == peerAS),
// else the sequence [localAS], when absent (a configured AS_PATH is sent
// as is, without prepending); LOCAL_PREF 100 on an internal session when
// absent, and no LOCAL_PREF at all on an external one; no NEXT_HOP
// attribute unless it holds an IPv4 address. attrs is not modified.
func WithDefaults(attrs []Attribute, localAS, peerAS uint32) []Attribute {
	ibgp := localAS == peerAS
	out := make([]Attribute, 0, len(attrs)+3)
	var hasOrigin, hasPath, hasLP bool
	for _, a := range attrs {
		switch x := a.(type) {
		case Origin:
			hasOrigin = true
		case ASPath:
			hasPath = true
		case LocalPref:
			hasLP = true
			if !ibgp {
				continue
			}
		case NextHop:
			if !x.Addr().Is4() {
				continue
			}
		}
		out = append(out, a)
	}
	if !hasOrigin {
		out = append(out, OriginIGP)
	}
	if !hasPath {
		if ibgp {
			out = append(out, ASPath{})
		} else {
			out = append(out, ASPath{{ASSequence, []uint32{localAS}}})
		}
	}
	if !hasLP && ibgp {
		out = append(out, LocalPref(100))
	}
	return out
}
