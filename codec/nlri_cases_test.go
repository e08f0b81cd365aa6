package codec

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"testing"
)

// builtCase is an MP_REACH_NLRI built in Go; its UPDATE was given to
// ExaBGP 4.2 (`exabgp --decode`) to get the golden text stored in
// testdata/nlri_exabgp_decode.txt (set EXAGO_NLRI_GEN=1 to print the hex).
type builtCase struct {
	name string
	m    MPReach
}

func builtCases() []builtCase {
	a := netip.MustParseAddr
	p := netip.MustParsePrefix
	rd1 := NewRD1(a("1.2.3.4"), 1)
	esi := ESI{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	mac := MAC{0x00, 0x11, 0x22, 0xaa, 0xbb, 0xcc}
	big := []FlowRule{
		NewFlowPrefixRule(FlowDestination, p("10.0.0.0/8"), 0),
		NewFlowPrefixRule(FlowSource, p("192.168.0.0/16"), 0),
	}
	var ports []FlowOp
	for i := range 80 {
		ports = append(ports, FlowOp{Op: FlowEQ, Value: uint64(1000 + i)})
	}
	big = append(big, NewFlowOpsRule(FlowDestPort, ports...))
	return []builtCase{
		{"evpn ethernet-ad", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: EVPNEthernetAD, RD: rd1, ESI: esi, EthernetTag: 7, Labels: NewLabelStack(100)}}}},
		{"evpn mac ipv4", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: EVPNMACAdvertise, RD: rd1, EthernetTag: 0, MACLen: 48, MAC: mac, IP: a("10.1.1.1"), Labels: NewLabelStack(200)}}}},
		{"evpn mac no ip", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: EVPNMACAdvertise, RD: NewRD0(65000, 1), ESI: esi, MACLen: 48, MAC: mac, Labels: NewLabelStack(300)}}}},
		{"evpn mac ipv6 two labels", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: EVPNMACAdvertise, RD: NewRD2(4200000000, 5), MACLen: 48, MAC: mac, IP: a("2001:db8::1"), Labels: NewLabelStack(10, 20)}}}},
		{"evpn multicast", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: EVPNMulticast, RD: rd1, EthernetTag: 3, IP: a("10.0.0.1")}}}},
		{"evpn segment ipv6", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: EVPNEthernetSegment, RD: rd1, ESI: esi, IP: a("2001:db8::2")}}}},
		{"evpn prefix ipv4", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: EVPNIPPrefix, RD: rd1, ESI: esi, EthernetTag: 1, IP: a("10.2.0.0"), PrefixLen: 16, Gateway: a("10.0.0.254"), Labels: NewLabelStack(500)}}}},
		{"evpn prefix ipv6", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: EVPNIPPrefix, RD: rd1, IP: a("2001:db8:1::"), PrefixLen: 48, Gateway: a("2001:db8::fe"), Labels: NewLabelStack(600)}}}},
		{"evpn unknown type", MPReach{Family: L2VPNEVPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			EVPN{RouteType: 9, Raw: []byte{1, 2, 3, 4, 0xab}}}}},
		{"labeled stack", MPReach{Family: IPv4MPLS, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			LabeledPrefix{Fam: IPv4MPLS, Prefix: p("10.9.0.0/16"), Labels: NewLabelStack(100, 200, 300)}}}},
		{"labeled ipv6 link-local", MPReach{Family: IPv6MPLS, NextHop: a("2001:db8::1"), LinkLocal: a("fe80::1"), NLRI: []NLRI{
			LabeledPrefix{Fam: IPv6MPLS, Prefix: p("2001:db8:9::/48"), Labels: NewLabelStack(16)}}}},
		{"vpnv4 rd type 2", MPReach{Family: IPv4VPN, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			VPNPrefix{Fam: IPv4VPN, Prefix: p("172.16.0.0/12"), Labels: NewLabelStack(42), RD: NewRD2(4200000000, 7)},
			VPNPrefix{Fam: IPv4VPN, Prefix: p("172.17.1.0/24"), Labels: NewLabelStack(43), RD: rd1}}}},
		{"vpnv6", MPReach{Family: IPv6VPN, NextHop: a("2001:db8::1"), NLRI: []NLRI{
			VPNPrefix{Fam: IPv6VPN, Prefix: p("2001:db8:aa::/64"), Labels: NewLabelStack(44), RD: NewRD0(1, 2)}}}},
		{"ipv4 multicast", MPReach{Family: IPv4Multicast, NextHop: a("10.0.0.1"), NLRI: []NLRI{
			Prefix{Fam: IPv4Multicast, Prefix: p("224.1.0.0/16")}, Prefix{Fam: IPv4Multicast, Prefix: p("0.0.0.0/0")}}}},
		{"ipv6 link-local", MPReach{Family: IPv6Unicast, NextHop: a("2001:db8::1"), LinkLocal: a("fe80::2"), NLRI: []NLRI{
			Prefix{Fam: IPv6Unicast, Prefix: p("2001:db8:5::/48")}}}},
		{"flow ipv4 all", MPReach{Family: IPv4Flow, NLRI: []NLRI{NewFlow(IPv4Flow,
			NewFlowOpsRule(FlowFragment, FlowOp{Op: FlowMatch, Value: 2}, FlowOp{Op: FlowNot, Value: 1}),
			NewFlowPrefixRule(FlowDestination, p("10.0.0.0/24"), 0),
			NewFlowOpsRule(FlowProtocol, FlowOp{Op: FlowEQ, Value: 1}),
			NewFlowOpsRule(FlowICMPType, FlowOp{Op: FlowEQ, Value: 8}, FlowOp{Op: FlowEQ, Value: 77}),
			NewFlowOpsRule(FlowICMPCode, FlowOp{Op: FlowGT | FlowEQ, Value: 3}),
			NewFlowOpsRule(FlowTCPFlags, FlowOp{Op: FlowMatch, Value: 0x12}, FlowOp{Op: FlowAnd | FlowNot, Value: 0x104}),
			NewFlowOpsRule(FlowPacketLength, FlowOp{Op: FlowLT | FlowGT, Value: 1500}, FlowOp{Op: FlowLT | FlowGT | FlowEQ}),
			NewFlowOpsRule(FlowDSCP, FlowOp{Op: FlowEQ, Value: 46}),
			NewFlowOpsRule(FlowSourcePort, FlowOp{Op: FlowGT, Value: 1023}, FlowOp{Op: FlowAnd | FlowLT, Value: 65535}),
		)}}},
		{"flow ipv6", MPReach{Family: IPv6Flow, NLRI: []NLRI{NewFlow(IPv6Flow,
			NewFlowPrefixRule(FlowDestination, p("2001:db8::/32"), 0),
			NewFlowPrefixRule(FlowSource, p("2001:db8:1::/64"), 16),
			NewFlowOpsRule(FlowProtocol, FlowOp{Op: FlowEQ, Value: 6}),
			NewFlowOpsRule(FlowLabel, FlowOp{Op: FlowEQ, Value: 0xfffff}, FlowOp{Op: FlowEQ, Value: 300}),
		)}}},
		{"flow-vpn ipv6", MPReach{Family: IPv6FlowVPN, NLRI: []NLRI{Flow{Fam: IPv6FlowVPN, RD: NewRD0(65000, 9), Rules: []FlowRule{
			NewFlowPrefixRule(FlowDestination, p("2001:db8::1/128"), 0),
			NewFlowOpsRule(FlowDSCP, FlowOp{Op: FlowEQ, Value: 10}),
		}}}}},
		{"flow two-byte length", MPReach{Family: IPv4Flow, NLRI: []NLRI{NewFlow(IPv4Flow, big...)}}},
	}
}

// updateWith wraps attribute bytes in an UPDATE with ORIGIN, AS_PATH and
// LOCAL_PREF first, as ExaBGP's golden messages have.
func updateWith(attr []byte) []byte {
	attrs := append([]byte{0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 5, 4, 0, 0, 0, 100}, attr...)
	body := []byte{0, 0}
	body = binary.BigEndian.AppendUint16(body, uint16(len(attrs)))
	body = append(body, attrs...)
	msg := []byte(strings.Repeat("\xff", 16))
	msg = binary.BigEndian.AppendUint16(msg, uint16(HeaderLen+len(body)))
	msg = append(msg, byte(MsgUpdate))
	return append(msg, body...)
}

// TestGenerateExaBGPCases prints the UPDATEs of builtCases for ExaBGP.
func TestGenerateExaBGPCases(t *testing.T) {
	if os.Getenv("EXAGO_NLRI_GEN") == "" {
		t.Skip("set EXAGO_NLRI_GEN=1 to print the hex of the built cases")
	}
	for _, c := range builtCases() {
		b, err := appendAttrHeader(nil, c.m, Options{})
		if err != nil {
			t.Fatal(c.name, err)
		}
		fmt.Printf("HEX %s\n", strings.ToUpper(hex.EncodeToString(updateWith(b))))
	}
}
