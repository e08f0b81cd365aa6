package config

import (
	"net/netip"

	"github.com/exago/exago/codec"
)

// genericValue is an attribute given as "attribute [ code flags data ]".
type genericValue struct {
	Code  uint8
	Flags uint8
	Data  []byte
}

// attrValues collects the path attributes of one route as read. The first
// value of an attribute wins, as in ExaBGP, except extended communities,
// which accumulate (flow actions add to them).
type attrValues struct {
	seen         [4]uint64
	origin       uint8
	asPath       asPathValue
	med          uint32
	localPref    uint32
	aggASN       uint32
	aggIP        netip.Addr
	communities  codec.Communities
	large        codec.LargeCommunities
	ext          [][8]byte
	ext6         [][20]byte
	originatorID netip.Addr
	clusterList  []netip.Addr
	aigp         uint64
	prefixSID    prefixSIDValue
	generic      []genericValue
}

// has reports whether attribute code was set.
func (a *attrValues) has(code codec.AttrCode) bool {
	return a.seen[code>>6]&(1<<(code&63)) != 0
}

// mark records that code is set and reports whether it was new.
func (a *attrValues) mark(code codec.AttrCode) bool {
	if a.has(code) {
		return false
	}
	a.seen[code>>6] |= 1 << (code & 63)
	return true
}

// empty reports whether no attribute was set.
func (a *attrValues) empty() bool {
	return a.seen == [4]uint64{}
}

// readAttrKeyword reads the value of path attribute keyword w (already
// consumed) and reports whether w was one.
func readAttrKeyword(c *cursor, w string, a *attrValues) (bool, error) {
	switch w {
	case "origin":
		v, err := c.need("origin")
		if err != nil {
			return true, err
		}
		o, err := parseOriginWord(v)
		if err != nil {
			return true, c.wrap(err)
		}
		if a.mark(codec.AttrOrigin) {
			a.origin = o
		}
	case "as-path":
		p, err := readASPath(c)
		if err != nil {
			return true, err
		}
		if a.mark(codec.AttrASPath) {
			a.asPath = p
		}
	case "med":
		v, err := c.need("med")
		if err != nil {
			return true, err
		}
		n, err := parseUint(v, 32)
		if err != nil {
			return true, c.errf("invalid med")
		}
		if a.mark(codec.AttrMED) {
			a.med = uint32(n)
		}
	case "local-preference":
		v, err := c.need("local-preference")
		if err != nil {
			return true, err
		}
		n, err := parseUint(v, 32)
		if err != nil {
			return true, c.errf("invalid local-preference")
		}
		if a.mark(codec.AttrLocalPref) {
			a.localPref = uint32(n)
		}
	case "atomic-aggregate":
		a.mark(codec.AttrAtomicAggregate)
	case "aggregator":
		asn, ip, err := readAggregator(c)
		if err != nil {
			return true, err
		}
		if a.mark(codec.AttrAggregator) {
			a.aggASN, a.aggIP = asn, ip
		}
	case "originator-id":
		v, err := c.need("originator-id")
		if err != nil {
			return true, err
		}
		ip, err := parseIPv4(v)
		if err != nil {
			return true, c.errf("invalid originator-id")
		}
		if a.mark(codec.AttrOriginatorID) {
			a.originatorID = ip
		}
	case "cluster-list":
		ids, err := readClusterList(c)
		if err != nil {
			return true, err
		}
		if a.mark(codec.AttrClusterList) {
			a.clusterList = ids
		}
	case "community":
		cs, err := readCommunities(c)
		if err != nil {
			return true, err
		}
		if a.mark(codec.AttrCommunities) {
			a.communities = cs
		}
	case "large-community":
		ls, err := readLargeCommunities(c)
		if err != nil {
			return true, err
		}
		if a.mark(codec.AttrLargeCommunities) {
			a.large = ls
		}
	case "extended-community":
		es, err := readExtCommunities(c)
		if err != nil {
			return true, err
		}
		a.addExt(es...)
	case "aigp":
		v, err := c.need("aigp")
		if err != nil {
			return true, err
		}
		n, err := parseAIGP(v)
		if err != nil {
			return true, c.wrap(err)
		}
		if a.mark(codec.AttrAIGP) {
			a.aigp = n
		}
	case "attribute":
		code, flags, data, err := readGeneric(c)
		if err != nil {
			return true, err
		}
		if a.mark(codec.AttrCode(code)) {
			a.generic = append(a.generic, genericValue{Code: code, Flags: flags, Data: data})
		}
	case "bgp-prefix-sid":
		v, err := readPrefixSID(c)
		if err != nil {
			return true, err
		}
		if a.mark(codec.AttrPrefixSID) {
			a.prefixSID = v
		}
	case "bgp-prefix-sid-srv6":
		v, err := readPrefixSIDSRv6(c)
		if err != nil {
			return true, err
		}
		if a.mark(codec.AttrPrefixSID) {
			a.prefixSID = v
		}
	default:
		return false, nil
	}
	return true, nil
}

// addExt adds extended communities.
func (a *attrValues) addExt(es ...[8]byte) {
	a.mark(codec.AttrExtCommunities)
	a.ext = append(a.ext, es...)
}

// addExt6 adds IPv6 extended communities.
func (a *attrValues) addExt6(es ...[20]byte) {
	a.mark(codec.AttrIPv6ExtCommunity)
	a.ext6 = append(a.ext6, es...)
}
