package codec

// AttrCode is a path attribute type code (IANA "BGP Path Attributes").
type AttrCode uint8

// AttrFlags are the flag bits of a path attribute header.
type AttrFlags uint8

// Path attribute flag bits (RFC 4271 section 4.3).
const (
	FlagOptional   AttrFlags = 0x80
	FlagTransitive AttrFlags = 0x40
	FlagPartial    AttrFlags = 0x20
	FlagExtLength  AttrFlags = 0x10
)

// Path attribute type codes.
const (
	AttrOrigin           AttrCode = 1
	AttrASPath           AttrCode = 2
	AttrNextHop          AttrCode = 3
	AttrMED              AttrCode = 4
	AttrLocalPref        AttrCode = 5
	AttrAtomicAggregate  AttrCode = 6
	AttrAggregator       AttrCode = 7
	AttrCommunities      AttrCode = 8
	AttrOriginatorID     AttrCode = 9
	AttrClusterList      AttrCode = 10
	AttrMPReach          AttrCode = 14
	AttrMPUnreach        AttrCode = 15
	AttrExtCommunities   AttrCode = 16
	AttrAS4Path          AttrCode = 17
	AttrAS4Aggregator    AttrCode = 18
	AttrPMSITunnel       AttrCode = 22
	AttrTunnelEncap      AttrCode = 23
	AttrTrafficEng       AttrCode = 24
	AttrIPv6ExtCommunity AttrCode = 25
	AttrAIGP             AttrCode = 26
	AttrBGPLS            AttrCode = 29
	AttrLargeCommunities AttrCode = 32
	AttrBGPsec           AttrCode = 33
	AttrOTC              AttrCode = 35
	AttrPrefixSID        AttrCode = 40
	AttrAttrSet          AttrCode = 128
)

// Attribute is one decoded path attribute.
type Attribute interface {
	// Code is the attribute type code.
	Code() AttrCode
	// Flags are the optional/transitive/partial bits to send; the
	// extended-length bit is chosen by the encoder from the value length.
	Flags() AttrFlags
	// AppendValue appends the attribute value (without the header).
	AppendValue(b []byte, o Options) ([]byte, error)
}
