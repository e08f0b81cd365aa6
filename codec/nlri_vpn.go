package codec

import "net/netip"

// VPNPrefix is an ipv4/ipv6 mpls-vpn NLRI (SAFI 128, RFC 4364 / RFC 4659):
// label stack, route distinguisher, prefix.
type VPNPrefix struct {
	// Fam is ipv4 or ipv6 mpls-vpn.
	Fam Family
	// Prefix is the network, masked.
	Prefix netip.Prefix
	// Labels is the label stack.
	Labels LabelStack
	// RD is the route distinguisher.
	RD RD
	// PathID is the add-path identifier; 0 when absent.
	PathID PathID
}

// Family is the (AFI, SAFI) of the entry.
func (p VPNPrefix) Family() Family { return p.Fam }

// AppendNLRI appends [path id] length labels rd prefix-bytes.
func (p VPNPrefix) AppendNLRI(b []byte, addPath bool) ([]byte, error) {
	return appendLabeled(b, p.Fam, p.Prefix, p.Labels, &p.RD, p.PathID, addPath)
}

// String is ExaBGP's form without the next hop:
// "10.0.0.0/24 label 100 rd 65000:1".
func (p VPNPrefix) String() string {
	return p.Prefix.String() + p.PathID.suffix() + p.Labels.String() + " rd " + p.RD.String()
}

// DecodeVPNPrefix decodes one mpls-vpn NLRI of f from b.
func DecodeVPNPrefix(f Family, b []byte, addPath bool) (VPNPrefix, []byte, error) {
	p := VPNPrefix{Fam: f}
	var err error
	p.PathID, p.Labels, p.RD, p.Prefix, b, err = decodeLabeled(f, b, addPath, true)
	return p, b, err
}
