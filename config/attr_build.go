package config

import (
	"encoding/binary"
	"slices"

	"github.com/exago/exago/codec"
)

// build returns the codec attributes of a, in type-code order. The
// routes of one statement share the returned slice: treat it as read-only.
func (a *attrValues) build() ([]codec.Attribute, error) {
	if a.empty() {
		return nil, nil
	}
	out := make([]codec.Attribute, 0, 4)
	if a.want(codec.AttrOrigin) {
		out = append(out, codec.Origin(a.origin))
	}
	if a.want(codec.AttrASPath) {
		out = append(out, codec.NewASPath(a.asPath.Seq, a.asPath.Set, nil, nil))
	}
	if a.want(codec.AttrMED) {
		out = append(out, codec.MED(a.med))
	}
	if a.want(codec.AttrLocalPref) {
		out = append(out, codec.LocalPref(a.localPref))
	}
	if a.want(codec.AttrAtomicAggregate) {
		out = append(out, codec.AtomicAggregate{})
	}
	if a.want(codec.AttrAggregator) {
		out = append(out, codec.Aggregator{AS: a.aggASN, Address: a.aggIP})
	}
	if a.want(codec.AttrCommunities) && a.communities != nil {
		out = append(out, a.communities)
	}
	if a.want(codec.AttrOriginatorID) && a.originatorID.IsValid() {
		out = append(out, codec.OriginatorID(a.originatorID))
	}
	if a.want(codec.AttrClusterList) && a.clusterList != nil {
		out = append(out, codec.ClusterList(a.clusterList))
	}
	if len(a.ext) > 0 {
		es := make(codec.ExtendedCommunities, len(a.ext))
		for i, e := range a.ext {
			es[i] = codec.ExtendedCommunity(e)
		}
		out = append(out, es)
	}
	if len(a.ext6) > 0 {
		v := make([]byte, 0, 20*len(a.ext6))
		for _, e := range a.ext6 {
			v = append(v, e[:]...)
		}
		out = append(out, codec.Generic{AttrCode: codec.AttrIPv6ExtCommunity, AttrFlags: codec.FlagOptional | codec.FlagTransitive, Value: v})
	}
	if a.want(codec.AttrAIGP) {
		// one AIGP TLV (RFC 7311 section 3): type 1, length 11, metric
		v := []byte{1, 0, 11}
		v = binary.BigEndian.AppendUint64(v, a.aigp)
		out = append(out, codec.Generic{AttrCode: codec.AttrAIGP, AttrFlags: codec.FlagOptional, Value: v})
	}
	if a.want(codec.AttrLargeCommunities) && a.large != nil {
		out = append(out, a.large)
	}
	if a.want(codec.AttrPrefixSID) {
		out = append(out, codec.Generic{AttrCode: codec.AttrPrefixSID, AttrFlags: codec.FlagOptional | codec.FlagTransitive, Value: a.prefixSID.appendTLVs(nil)})
	}
	for _, g := range a.generic {
		out = append(out, codec.Generic{AttrCode: codec.AttrCode(g.Code), AttrFlags: codec.AttrFlags(g.Flags), Value: g.Data})
	}
	slices.SortStableFunc(out, func(x, y codec.Attribute) int { return int(x.Code()) - int(y.Code()) })
	// routes of a split or of "attributes ... nlri" share the slice: clip
	// it so that a caller appending to one route copies it first
	return slices.Clip(out), nil
}

// want reports whether the typed attribute code was set (and not given
// as a generic attribute, which then takes its place).
func (a *attrValues) want(code codec.AttrCode) bool {
	return a.has(code) && !a.genericHas(code)
}

// genericHas reports whether code was given as a generic attribute.
func (a *attrValues) genericHas(code codec.AttrCode) bool {
	for _, g := range a.generic {
		if codec.AttrCode(g.Code) == code {
			return true
		}
	}
	return false
}

// appendSRv6Service appends an SRv6 L3 (type 5) or L2 (type 6) Service
// TLV as ExaBGP 5.0 writes it (RFC 9252 section 2): one SRv6 SID
// Information sub-TLV, with the SID Structure when one is given.
func (v prefixSIDValue) appendSRv6Service(b []byte) []byte {
	svc := codec.SIDSRv6Service{Type: 5}
	if v.SRv6Kind == "l2-service" {
		svc.Type = 6
	}
	info := codec.SRv6SIDInformation{SID: v.SRv6SID, Behavior: v.SRv6Behavior}
	if v.SRv6Structure != nil {
		st := codec.SRv6SIDStructure(*v.SRv6Structure)
		info.Structure = &st
	}
	svc.Infos = []codec.SRv6SIDInformation{info}
	b, _ = codec.PrefixSID{svc}.AppendValue(b, codec.Options{}) // one short TLV: no error
	return b
}

// appendTLVs appends the BGP Prefix-SID TLVs as ExaBGP 4.2 writes them:
// label index (type 1), originator SRGB (type 3), or one SRv6 SID (type 2
// ipv6, 4 vpn, 5 l3vpn), or an ExaBGP 5.0 SRv6 service (types 5 and 6).
func (v prefixSIDValue) appendTLVs(b []byte) []byte {
	if v.SRv6Kind != "" {
		sid := v.SRv6SID.As16()
		switch v.SRv6Kind {
		case "ipv6":
			b = append(b, 2, 0, 19, 0, 0, 0)
			b = append(b, sid[:]...)
		case "vpn":
			b = append(b, 4, 0, 19, 0, 0, 0)
			b = append(b, sid[:]...)
		case "l3vpn":
			b = append(b, 5, 0, 21, 0)
			b = append(b, sid[:]...)
			b = append(b, 0, 0xff, 0xff, 0)
		case "l3-service", "l2-service":
			b = v.appendSRv6Service(b)
		}
		return b
	}
	if v.HasLabelIndex {
		b = append(b, 1, 0, 7, 0, 0, 0)
		b = binary.BigEndian.AppendUint32(b, v.LabelIndex)
	}
	if len(v.SRGB) > 0 {
		n := 2 + 6*len(v.SRGB)
		b = append(b, 3, byte(n>>8), byte(n), 0, 0)
		for _, r := range v.SRGB {
			b = append(b, byte(r[0]>>16), byte(r[0]>>8), byte(r[0]), byte(r[1]>>16), byte(r[1]>>8), byte(r[1]))
		}
	}
	return b
}
