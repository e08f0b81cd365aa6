package codec

// PathID is an add-path path identifier (RFC 7911); 0 when absent.
type PathID uint32

// NLRI is one entry of network layer reachability information of a family:
// a prefix, a labeled or VPN prefix, a flow specification, an EVPN route...
type NLRI interface {
	// Family is the (AFI, SAFI) the entry belongs to.
	Family() Family
	// AppendNLRI appends the wire encoding, led by the path identifier when
	// addPath is set.
	AppendNLRI(b []byte, addPath bool) ([]byte, error)
	// String is ExaBGP's text form of the entry (as in "announce route ...").
	String() string
}
