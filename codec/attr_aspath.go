package codec

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// SegmentType is the type of an AS_PATH segment.
type SegmentType uint8

// AS_PATH segment types (RFC 4271 section 4.3, RFC 5065 section 3).
const (
	ASSet            SegmentType = 1
	ASSequence       SegmentType = 2
	ASConfedSequence SegmentType = 3
	ASConfedSet      SegmentType = 4
)

// ASPathSegment is one segment of an AS_PATH: its type and AS numbers.
type ASPathSegment struct {
	Type SegmentType
	ASNs []uint32
}

// ASPath is the AS_PATH attribute (RFC 4271 section 5.1.2), segments in
// wire order. Each segment is written with 4-byte AS numbers when
// o.ASN4, else with 2-byte ones where a 4-byte AS becomes AS_TRANS and an
// AS4_PATH follows (RFC 6793). A segment over 255 AS numbers is split.
//
// ExaBGP builds paths in the order confederation sequence, confederation
// set, sequence, set; see NewASPath.
type ASPath []ASPathSegment

// NewASPath builds the AS_PATH ExaBGP sends for the given lists: confed
// sequence, confed set, sequence, set, each segment only when not empty.
func NewASPath(seq, set, confedSeq, confedSet []uint32) ASPath {
	p := ASPath{}
	for _, s := range []ASPathSegment{{ASConfedSequence, confedSeq}, {ASConfedSet, confedSet}, {ASSequence, seq}, {ASSet, set}} {
		if len(s.ASNs) > 0 {
			p = append(p, s)
		}
	}
	return p
}

// Code is AttrASPath.
func (ASPath) Code() AttrCode { return AttrASPath }

// Flags is well-known transitive.
func (ASPath) Flags() AttrFlags { return FlagTransitive }

// AppendValue appends the segments, 4-byte AS numbers when o.ASN4.
func (p ASPath) AppendValue(b []byte, o Options) ([]byte, error) {
	return appendSegments(b, p, o.ASN4), nil
}

// appendSegments writes segs with 4- or 2-byte AS numbers (AS_TRANS for
// the 4-byte ones), splitting segments over 255 AS numbers.
func appendSegments(b []byte, segs []ASPathSegment, asn4 bool) []byte {
	for _, s := range segs {
		asns := s.ASNs
		for first := true; first || len(asns) > 0; first = false {
			n := min(len(asns), 255)
			b = append(b, byte(s.Type), byte(n))
			for _, a := range asns[:n] {
				if asn4 {
					b = binary.BigEndian.AppendUint32(b, a)
				} else {
					b = binary.BigEndian.AppendUint16(b, as2(a))
				}
			}
			asns = asns[n:]
		}
	}
	return b
}

// as2 is a as a 2-byte AS: AS_TRANS when it does not fit.
func as2(a uint32) uint16 {
	if a > 0xffff {
		return ASTrans
	}
	return uint16(a)
}

// as4Companion is the AS4_PATH ExaBGP adds for a 2-byte peer: the whole
// path with 4-byte AS numbers, when the 2-byte path holds AS_TRANS.
func (p ASPath) as4Companion() (Attribute, bool) {
	for _, s := range p {
		for _, a := range s.ASNs {
			if as2(a) == ASTrans {
				return AS4Path(p), true
			}
		}
	}
	return nil, false
}

// Len is the path length for route selection: one per AS of a sequence,
// one per set, none for confederation segments (RFC 4271 9.1.2.2, RFC 5065).
func (p ASPath) Len() int {
	n := 0
	for _, s := range p {
		switch s.Type {
		case ASSequence:
			n += len(s.ASNs)
		case ASSet:
			n++
		}
	}
	return n
}

// lists returns the AS numbers of each segment type, in order.
func (p ASPath) lists() (seq, set, cseq, cset []uint32) {
	for _, s := range p {
		switch s.Type {
		case ASSequence:
			seq = append(seq, s.ASNs...)
		case ASSet:
			set = append(set, s.ASNs...)
		case ASConfedSequence:
			cseq = append(cseq, s.ASNs...)
		case ASConfedSet:
			cset = append(cset, s.ASNs...)
		}
	}
	return
}

// Sequence returns the AS numbers of the AS_SEQUENCE segments.
func (p ASPath) Sequence() []uint32 { s, _, _, _ := p.lists(); return s }

// Set returns the AS numbers of the AS_SET segments.
func (p ASPath) Set() []uint32 { _, s, _, _ := p.lists(); return s }

// ConfedSequence returns the AS numbers of the AS_CONFED_SEQUENCE segments.
func (p ASPath) ConfedSequence() []uint32 { _, _, s, _ := p.lists(); return s }

// ConfedSet returns the AS numbers of the AS_CONFED_SET segments.
func (p ASPath) ConfedSet() []uint32 { _, _, _, s := p.lists(); return s }

// String is ExaBGP's text form: "[ 1 2 ( 3 4 ) ]", then the confederation
// part in the same form.
func (p ASPath) String() string {
	seq, set, cseq, cset := p.lists()
	s := asPathString(seq, set)
	if len(cseq) > 0 || len(cset) > 0 {
		s += asPathString(cseq, cset)
	}
	return s
}

// asPathString is ExaBGP's ASPath.string.
func asPathString(seq, set []uint32) string {
	j := func(l []uint32) string {
		parts := make([]string, len(l))
		for i, a := range l {
			parts[i] = strconv.FormatUint(uint64(a), 10)
		}
		return strings.Join(parts, " ")
	}
	switch {
	case len(seq) == 0 && len(set) == 0:
		return "[ ]"
	case len(seq) == 0:
		return "[ ( " + j(set) + " )]"
	case len(set) == 0:
		return "[ " + j(seq) + " ]"
	}
	return "[ " + j(seq) + " ( " + j(set) + " ) ]"
}

// decodeSegments parses AS_PATH segments with 4- or 2-byte AS numbers.
func decodeSegments(v []byte, asn4 bool) ([]ASPathSegment, error) {
	size := 2
	if asn4 {
		size = 4
	}
	var segs []ASPathSegment
	for len(v) > 0 {
		// RFC 7606 section 7.2: "An AS_PATH is considered malformed if an
		// unrecognized segment type is encountered or if it contains a
		// malformed segment. A segment is considered malformed if any of
		// the following are true: o There is an overrun where the Path
		// Segment Length field of the last segment encountered would cause
		// the Attribute Length to be exceeded. o There is an underrun where
		// after the last successfully parsed segment there is only a single
		// octet remaining (that is, there is not enough unconsumed data to
		// provide even an empty segment header). o It has a Path Segment
		// Length field of zero."
		if len(v) < 2 {
			return nil, fmt.Errorf("segment header underrun, %d byte left", len(v))
		}
		t, n := SegmentType(v[0]), int(v[1])
		if t < ASSet || t > ASConfedSet {
			return nil, fmt.Errorf("unknown segment type %d", t)
		}
		if n == 0 {
			return nil, fmt.Errorf("segment of length zero")
		}
		if len(v) < 2+n*size {
			return nil, fmt.Errorf("segment of %d AS numbers overruns %d bytes", n, len(v)-2)
		}
		s := ASPathSegment{Type: t, ASNs: make([]uint32, n)}
		for i := range n {
			if asn4 {
				s.ASNs[i] = binary.BigEndian.Uint32(v[2+4*i:])
			} else {
				s.ASNs[i] = uint32(binary.BigEndian.Uint16(v[2+2*i:]))
			}
		}
		segs = append(segs, s)
		v = v[2+n*size:]
	}
	return segs, nil
}

// DecodeASPath decodes an AS_PATH value, 4-byte AS numbers when o.ASN4.
func DecodeASPath(v []byte, o Options) (Attribute, error) {
	segs, err := decodeSegments(v, o.ASN4)
	if err != nil {
		return nil, fmt.Errorf("decode as-path: %w", err)
	}
	if segs == nil {
		return ASPath{}, nil
	}
	return ASPath(segs), nil
}

// AS4Path is the AS4_PATH attribute (RFC 6793): always 4-byte AS numbers.
// It is generated by AppendAttribute after an ASPath for a 2-byte AS peer,
// and merged into AS_PATH by DecodeAttributes.
type AS4Path []ASPathSegment

// Code is AttrAS4Path.
func (AS4Path) Code() AttrCode { return AttrAS4Path }

// Flags is optional transitive.
func (AS4Path) Flags() AttrFlags { return FlagOptional | FlagTransitive }

// AppendValue appends the segments with 4-byte AS numbers.
func (p AS4Path) AppendValue(b []byte, _ Options) ([]byte, error) {
	return appendSegments(b, p, true), nil
}

// String is as ASPath's.
func (p AS4Path) String() string { return ASPath(p).String() }

// DecodeAS4Path decodes an AS4_PATH value.
func DecodeAS4Path(v []byte, _ Options) (Attribute, error) {
	segs, err := decodeSegments(v, true)
	if err != nil {
		return nil, fmt.Errorf("decode as4-path: %w", err)
	}
	if segs == nil {
		return AS4Path{}, nil
	}
	return AS4Path(segs), nil
}

// mergeAS4 folds AS4_PATH and AS4_AGGREGATOR into AS_PATH and AGGREGATOR
// for a 2-byte AS session (RFC 6793 section 4.2.3) and drops them.
func mergeAS4(attrs []Attribute) []Attribute {
	var pi, p4i, ai, a4i = -1, -1, -1, -1
	for i, a := range attrs {
		switch a.Code() {
		case AttrASPath:
			pi = i
		case AttrAS4Path:
			p4i = i
		case AttrAggregator:
			ai = i
		case AttrAS4Aggregator:
			a4i = i
		}
	}
	if p4i < 0 && a4i < 0 {
		return attrs
	}
	useAS4Path := true
	if a4i >= 0 {
		// "If the AS number in the AGGREGATOR attribute is not AS_TRANS,
		// then: - the AS4_AGGREGATOR attribute and the AS4_PATH attribute
		// SHALL be ignored, - the AGGREGATOR attribute SHALL be taken as the
		// information about the aggregating node, and - the AS_PATH
		// attribute SHALL be taken as the AS path information. Otherwise,
		// [...] the AS4_AGGREGATOR attribute SHALL be taken as the
		// information about the aggregating node".
		if ai >= 0 {
			if ag := attrs[ai].(Aggregator); ag.AS != ASTrans {
				useAS4Path = false
			} else {
				attrs[ai] = Aggregator(attrs[a4i].(AS4Aggregator))
			}
		}
	}
	if p4i >= 0 && pi >= 0 && useAS4Path {
		attrs[pi] = mergeASPath(attrs[pi].(ASPath), attrs[p4i].(AS4Path))
	}
	// The AS4 attributes are dropped once folded in (or ignored); alone,
	// without their 2-byte counterpart, they are kept as received.
	out := attrs[:0]
	for _, a := range attrs {
		switch a.Code() {
		case AttrAS4Path:
			if pi >= 0 {
				continue
			}
		case AttrAS4Aggregator:
			if ai >= 0 {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// mergeASPath rebuilds the path from AS_PATH and AS4_PATH: "if the number
// of AS numbers in the AS_PATH attribute is less than the number of AS
// numbers in the AS4_PATH attribute, then the AS4_PATH attribute SHALL be
// ignored, and the AS_PATH attribute SHALL be taken as the AS path
// information. [...] the AS path information SHALL be constructed by
// taking as many AS numbers and path segments as necessary from the
// leading part of the AS_PATH attribute, and then prepending them to the
// AS4_PATH attribute so that the AS path information has a number of AS
// numbers identical to that of the AS_PATH attribute." Confederation
// segments are counted like the others here, so a path ExaBGP sent (its
// AS4_PATH repeats every segment) comes back whole.
func mergeASPath(p ASPath, p4 AS4Path) ASPath {
	count := func(segs []ASPathSegment) int {
		n := 0
		for _, s := range segs {
			n += len(s.ASNs)
		}
		return n
	}
	n2, n4 := count(p), count(p4)
	if n2 < n4 {
		return p
	}
	keep := n2 - n4
	out := make(ASPath, 0, len(p)+len(p4))
	for _, s := range p {
		if keep == 0 {
			break
		}
		k := min(keep, len(s.ASNs))
		out = append(out, ASPathSegment{s.Type, append([]uint32(nil), s.ASNs[:k]...)})
		keep -= k
	}
	for _, s := range p4 {
		out = append(out, ASPathSegment{s.Type, append([]uint32(nil), s.ASNs...)})
	}
	return out
}
