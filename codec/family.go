package codec

import "fmt"

// AFI is an Address Family Identifier (IANA registry).
type AFI uint16

// SAFI is a Subsequent Address Family Identifier (IANA registry).
type SAFI uint8

// Address families exago knows.
const (
	AFIIPv4  AFI = 1
	AFIIPv6  AFI = 2
	AFIL2VPN AFI = 25
	AFIBGPLS AFI = 16388
)

// Subsequent address families exago knows.
const (
	SAFIUnicast   SAFI = 1
	SAFIMulticast SAFI = 2
	SAFIMPLS      SAFI = 4 // labeled unicast, ExaBGP's "nlri-mpls"
	SAFIMVPN      SAFI = 5 // RFC 6514 MCAST-VPN, ExaBGP's "mcast-vpn"
	SAFIMUP       SAFI = 85
	SAFIVPLS      SAFI = 65
	SAFIEVPN      SAFI = 70
	SAFIBGPLS     SAFI = 71
	SAFIBGPLSVPN  SAFI = 72
	SAFISRPolicy  SAFI = 73
	SAFIMPLSVPN   SAFI = 128 // ExaBGP's "mpls-vpn"
	SAFIRTC       SAFI = 132
	SAFIFlow      SAFI = 133
	SAFIFlowVPN   SAFI = 134
)

// Family is an (AFI, SAFI) pair.
type Family struct {
	AFI  AFI
	SAFI SAFI
}

// Well-known families.
var (
	IPv4Unicast   = Family{AFIIPv4, SAFIUnicast}
	IPv6Unicast   = Family{AFIIPv6, SAFIUnicast}
	IPv4Multicast = Family{AFIIPv4, SAFIMulticast}
	IPv6Multicast = Family{AFIIPv6, SAFIMulticast}
	IPv4MPLS      = Family{AFIIPv4, SAFIMPLS}
	IPv6MPLS      = Family{AFIIPv6, SAFIMPLS}
	IPv4VPN       = Family{AFIIPv4, SAFIMPLSVPN}
	IPv6VPN       = Family{AFIIPv6, SAFIMPLSVPN}
	IPv4Flow      = Family{AFIIPv4, SAFIFlow}
	IPv6Flow      = Family{AFIIPv6, SAFIFlow}
	IPv4FlowVPN   = Family{AFIIPv4, SAFIFlowVPN}
	IPv6FlowVPN   = Family{AFIIPv6, SAFIFlowVPN}
	IPv4RTC       = Family{AFIIPv4, SAFIRTC}
	L2VPNVPLS     = Family{AFIL2VPN, SAFIVPLS}
	L2VPNEVPN     = Family{AFIL2VPN, SAFIEVPN}
	BGPLS         = Family{AFIBGPLS, SAFIBGPLS}
	BGPLSVPN      = Family{AFIBGPLS, SAFIBGPLSVPN}
	IPv4SRPolicy  = Family{AFIIPv4, SAFISRPolicy}
	IPv6SRPolicy  = Family{AFIIPv6, SAFISRPolicy}
	IPv4MUP       = Family{AFIIPv4, SAFIMUP}
	IPv6MUP       = Family{AFIIPv6, SAFIMUP}
	IPv4MVPN      = Family{AFIIPv4, SAFIMVPN}
	IPv6MVPN      = Family{AFIIPv6, SAFIMVPN}
)

// String returns ExaBGP's lower-case name of the AFI ("ipv4", "l2vpn"...).
func (a AFI) String() string {
	switch a {
	case AFIIPv4:
		return "ipv4"
	case AFIIPv6:
		return "ipv6"
	case AFIL2VPN:
		return "l2vpn"
	case AFIBGPLS:
		return "bgp-ls"
	}
	return fmt.Sprintf("unknown afi %d", uint16(a))
}

// String returns ExaBGP's name of the SAFI ("unicast", "mpls-vpn",
// "flow"...).
func (s SAFI) String() string {
	switch s {
	case SAFIUnicast:
		return "unicast"
	case SAFIMulticast:
		return "multicast"
	case SAFIMPLS:
		return "nlri-mpls"
	case SAFIMVPN:
		return "mcast-vpn"
	case SAFIMUP:
		return "mup"
	case SAFIVPLS:
		return "vpls"
	case SAFIEVPN:
		return "evpn"
	case SAFIBGPLS:
		return "bgp-ls"
	case SAFIBGPLSVPN:
		return "bgp-ls-vpn"
	case SAFISRPolicy:
		return "sr-policy"
	case SAFIMPLSVPN:
		return "mpls-vpn"
	case SAFIRTC:
		return "rtc"
	case SAFIFlow:
		return "flow"
	case SAFIFlowVPN:
		return "flow-vpn"
	}
	return fmt.Sprintf("unknown safi %d", uint8(s))
}

// String returns "AFI SAFI" the way ExaBGP prints a family ("ipv4 unicast").
func (f Family) String() string { return f.AFI.String() + " " + f.SAFI.String() }

// ParseAFI returns the AFI named as in ExaBGP's configuration.
func ParseAFI(s string) (AFI, bool) {
	switch s {
	case "ipv4":
		return AFIIPv4, true
	case "ipv6":
		return AFIIPv6, true
	case "l2vpn":
		return AFIL2VPN, true
	case "bgp-ls", "bgpls":
		return AFIBGPLS, true
	}
	return 0, false
}

// ParseSAFI returns the SAFI named as in ExaBGP's configuration.
func ParseSAFI(s string) (SAFI, bool) {
	switch s {
	case "unicast":
		return SAFIUnicast, true
	case "multicast":
		return SAFIMulticast, true
	case "nlri-mpls", "labeled-unicast", "mpls":
		return SAFIMPLS, true
	case "mup":
		return SAFIMUP, true
	case "mcast-vpn":
		return SAFIMVPN, true
	case "vpls":
		return SAFIVPLS, true
	case "evpn":
		return SAFIEVPN, true
	case "bgp-ls":
		return SAFIBGPLS, true
	case "bgp-ls-vpn":
		return SAFIBGPLSVPN, true
	case "sr-policy":
		return SAFISRPolicy, true
	case "mpls-vpn", "vpn":
		return SAFIMPLSVPN, true
	case "rtc":
		return SAFIRTC, true
	case "flow":
		return SAFIFlow, true
	case "flow-vpn":
		return SAFIFlowVPN, true
	}
	return 0, false
}

// ParseFamily reads a family written as ExaBGP's "AFI SAFI" words
// ("ipv4", "unicast").
func ParseFamily(afiName, safiName string) (Family, error) {
	afi, ok := ParseAFI(afiName)
	if !ok {
		return Family{}, fmt.Errorf("unknown afi %q", afiName)
	}
	safi, ok := ParseSAFI(safiName)
	if !ok {
		return Family{}, fmt.Errorf("unknown safi %q", safiName)
	}
	return Family{AFI: afi, SAFI: safi}, nil
}
