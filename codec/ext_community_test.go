package codec

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExtendedCommunityForms(t *testing.T) {
	ip := netip.MustParseAddr
	tests := []struct {
		name string
		c    ExtendedCommunity
		hex  string
		str  string
	}{
		{"target as2", NewRouteTargetAS2(65000, 100), "0002FDE800000064", "target:65000:100"},
		{"target ip", NewRouteTargetIP(ip("1.2.3.4"), 5), "0102010203040005", "target:1.2.3.4:5"},
		{"target as4", NewRouteTargetAS4(4200000000, 7), "0202FA56EA000007", "target:4200000000L:7"},
		{"origin as2", NewRouteOriginAS2(2345, 0x06070809), "0003092906070809", "origin:2345:6.7.8.9"},
		{"origin ip", NewRouteOriginIP(ip("2.3.4.5"), 6789), "0103020304051A85", "origin:2.3.4.5:6789"},
		{"origin as4", NewRouteOriginAS4(70000, 1), "0203000111700001", "origin:70000L:1"},
		{"rt record", NewRTRecord(NewRouteTargetAS2(1, 2)), "0013000100000002", "rtrecord:1:2"},
		{"rate-limit", NewTrafficRate(0, 9600), "8006000046160000", "rate-limit:9600"},
		{"discard", NewTrafficRate(0, 0), "8006000000000000", "rate-limit:0"},
		{"action sample terminal", NewTrafficAction(true, true), "8007000000000003", "action sample-terminal"},
		{"action none", NewTrafficAction(false, false), "8007000000000000", "action "},
		{"redirect as2", NewRedirectAS2(65500, 12345), "8008FFDC00003039", "redirect:65500:12345"},
		{"redirect as4", NewRedirectAS4(4200000000, 1), "8208FA56EA000001", "redirect:4200000000:1"},
		{"redirect ip", NewRedirectIP(ip("1.2.3.4"), 5678), "810801020304162E", "0x810801020304162E"},
		{"mark", NewTrafficMark(10), "800900000000000A", "mark 10"},
		{"redirect-to-nexthop", NewRedirectToNextHop(false), "0800000000000000", "redirect-to-nexthop"},
		{"copy-to-nexthop", NewRedirectToNextHop(true), "0800000000000001", "copy-to-nexthop"},
		{"redirect-to-nexthop-ietf", NewRedirectToNextHopIETF(ip("1.2.3.4"), false), "010C010203040000", "redirect-to-nexthop-ietf 1.2.3.4"},
		{"copy-to-nexthop-ietf", NewRedirectToNextHopIETF(ip("1.2.3.4"), true), "010C010203040001", "copy-to-nexthop-ietf 1.2.3.4 (with copy)"},
		{"bandwidth", NewBandwidth(65000, 125000), "4004FDE847F42400", "bandwith:65000:125000"},
		{"encapsulation vxlan", NewEncapsulation(EncapVXLAN), "030C000000000008", "encap:VXLAN"},
		{"encapsulation unknown", NewEncapsulation(99), "030C000000000063", "encap:encap:UNKNOWN-99"},
		{"l2info", NewL2Info(5, 2, 1500, 0), "800A050205DC0000", "l2info:5:2:1500:0"},
		{"mac mobility sticky", NewMACMobility(7, true), "0600010000000007", "mac-mobility:7:sticky"},
		{"mac mobility", NewMACMobility(7, false), "0600000000000007", "mac-mobility:7"},
		{"interface-set", NewInterfaceSet(true, 65000, 10, 1), "07020000FDE8400A", "interface-set:input:65000:10"},
		{"origin validation", NewOriginValidation(2), "4300000000000002", "0x4300000000000002"},
		{"esi label", NewESILabel(true, 100), "0601010000000640", "0x0601010000000640"},
		{"router mac", NewRouterMAC([6]byte{0, 1, 2, 3, 4, 5}), "0603000102030405", "0x0603000102030405"},
		{"unknown raw", ExtendedCommunity{0x8f, 0x99, 1, 2, 3, 4, 5, 6}, "8F99010203040506", "0x8F99010203040506"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, unhex(t, tt.hex), tt.c[:])
			assert.Equal(t, tt.str, tt.c.String())
		})
	}
	assert.Equal(t, uint64(0x0002FDE800000064), NewRouteTargetAS2(65000, 100).Value())
	assert.False(t, NewBandwidth(1, 1).Transitive())
	assert.True(t, NewRouteTargetAS2(1, 1).Transitive())
}
