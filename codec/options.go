package codec

// Options are the negotiated session options that change how messages are
// encoded or decoded in one direction. The zero value is a plain RFC 4271
// session: 2-byte AS numbers, 4,096-byte messages, no path identifiers.
type Options struct {
	// ASN4 is set when both sides announced the 4-byte AS capability
	// (RFC 6793): AS_PATH and AGGREGATOR carry 4-byte AS numbers.
	ASN4 bool
	// ExtendedMessage allows messages up to 65,535 bytes (RFC 8654).
	ExtendedMessage bool
	// Operational is set when both sides announced the operational
	// capability: OPERATIONAL messages (type 6) are then read.
	Operational bool
	// AddPath lists the families whose NLRI carry a 4-byte path identifier
	// in this direction (RFC 7911).
	AddPath map[Family]bool
	// ExtNextHop lists the families whose NLRI may use an IPv6 next hop
	// (RFC 8950), mapped to the next-hop AFI.
	ExtNextHop map[Family]AFI
}

// MaxMessageSize is the largest message allowed under o.
func (o Options) MaxMessageSize() int {
	if o.ExtendedMessage {
		return 65535
	}
	return 4096
}

// HasAddPath reports whether NLRI of f carry a path identifier.
func (o Options) HasAddPath(f Family) bool { return o.AddPath[f] }
