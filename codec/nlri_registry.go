package codec

import (
	"fmt"
	"net/netip"
)

// DecodeNLRI decodes the first NLRI of family f from b (led by a path
// identifier when addPath is set) and returns it with the bytes left.
// Unknown families are an error.
func DecodeNLRI(f Family, b []byte, addPath bool) (NLRI, []byte, error) {
	switch f {
	case IPv4Unicast, IPv6Unicast, IPv4Multicast, IPv6Multicast:
		return DecodePrefix(f, b, addPath)
	case IPv4MPLS, IPv6MPLS:
		return DecodeLabeledPrefix(f, b, addPath)
	case IPv4VPN, IPv6VPN:
		return DecodeVPNPrefix(f, b, addPath)
	case IPv4Flow, IPv6Flow, IPv4FlowVPN, IPv6FlowVPN:
		return DecodeFlow(f, b, addPath)
	case L2VPNVPLS:
		return DecodeVPLS(b, addPath)
	case L2VPNEVPN:
		return DecodeEVPN(b, addPath)
	case IPv4RTC:
		return DecodeRTC(b, addPath)
	}
	switch f.SAFI {
	case SAFIBGPLS, SAFIBGPLSVPN:
		return DecodeBGPLS(f, b, addPath)
	case SAFISRPolicy:
		if f.AFI == AFIIPv4 || f.AFI == AFIIPv6 {
			return DecodeSRPolicy(f, b, addPath)
		}
		return DecodeRawNLRI(f, b, addPath)
	case SAFIMUP, SAFIMVPN:
		if f.AFI != AFIIPv4 && f.AFI != AFIIPv6 {
			return DecodeRawNLRI(f, b, addPath)
		}
		if f.SAFI == SAFIMUP {
			return DecodeMUP(f.AFI, b, addPath)
		}
		return DecodeMVPN(f.AFI, b, addPath)
	}
	return nil, nil, fmt.Errorf("decode nlri: unsupported family %s", f)
}

// DecodeNLRIs decodes every NLRI of family f packed in b, as found in the
// UPDATE's withdrawn routes and NLRI fields and in MP_REACH_NLRI and
// MP_UNREACH_NLRI.
func DecodeNLRIs(f Family, b []byte, addPath bool) ([]NLRI, error) {
	var out []NLRI
	for len(b) > 0 {
		n, rest, err := DecodeNLRI(f, b, addPath)
		if err != nil {
			return out, err
		}
		out = append(out, n)
		b = rest
	}
	return out, nil
}

// AppendNLRIs appends the wire form of every NLRI of ns.
func AppendNLRIs(b []byte, ns []NLRI, addPath bool) ([]byte, error) {
	var err error
	for _, n := range ns {
		if b, err = n.AppendNLRI(b, addPath); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendFamilyNLRIs appends the NLRI of an MP_REACH_NLRI or
// MP_UNREACH_NLRI attribute (what names it in errors), each of which must
// be of the attribute's family f.
func appendFamilyNLRIs(b []byte, f Family, ns []NLRI, addPath bool, what string) ([]byte, error) {
	var err error
	for _, n := range ns {
		if n.Family() != f {
			return b, fmt.Errorf("encode %s %s: nlri %s of family %s", what, f, n, n.Family())
		}
		if b, err = n.AppendNLRI(b, addPath); err != nil {
			return b, fmt.Errorf("encode %s: %w", what, err)
		}
	}
	return b, nil
}

// NLRIText is ExaBGP's "extensive" text of an NLRI with its next hop, as in
// its logs and text API: the next hop goes after the labels and before the
// RD of mpls-vpn routes, last otherwise; nh may be the zero Addr (withdrawn
// routes, flowspec without next hop).
func NLRIText(n NLRI, nh netip.Addr) string {
	hop := ""
	if nh.IsValid() {
		hop = " next-hop " + nh.String()
	}
	switch v := n.(type) {
	case VPNPrefix:
		return v.Prefix.String() + v.PathID.suffix() + v.Labels.String() + hop + " rd " + v.RD.String()
	case VPLS:
		// ExaBGP: "... size %s %s" with an empty next hop leaves a space.
		if hop == "" {
			return v.String() + " "
		}
		return v.String() + hop
	case EVPN:
		return v.String()
	}
	return n.String() + hop
}
