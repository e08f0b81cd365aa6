package config

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// TestMUPMVPNRoutes parses ExaBGP 5.0's mup and mcast-vpn route
// statements (api-ipv4, api-mvpn, conf-srv6-mup*) as the API sends them
// and checks the NLRI, next hop and attributes byte for byte against the
// suite's expected UPDATEs.
func TestMUPMVPNRoutes(t *testing.T) {
	tests := []struct {
		name, line string
		nlri       string // the NLRI as in MP_REACH_NLRI
		nextHop    string
		attrs      []string // wire hex of attributes that must be present
	}{
		{
			name:    "ipv4 isd with srv6 l3 service (api-ipv4)",
			line:    "ipv4 mup mup-isd 10.0.1.0/24 rd 100:100 next-hop 2001::1 extended-community [ target:10:10 ] bgp-prefix-sid-srv6 ( l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] )",
			nlri:    "0100010C0000006400000064180A0001",
			nextHop: "2001::1",
			attrs: []string{
				"C010080002000A0000000A",
				"C028250500220001001E0020010DB800010001000000000000000000004800010006401810000000",
			},
		},
		{
			name:    "ipv4 dsd with a mup extended community",
			line:    "ipv4 mup mup-dsd 10.0.0.1 rd 100:100 next-hop 2001::2 extended-community [ target:10:10 mup:10:10 ] bgp-prefix-sid-srv6 ( l3-service 2001:db8:1:1:: 0x13 [64,24,16,0,0,0] )",
			nlri:    "0100020C00000064000000640A000001",
			nextHop: "2001::2",
			attrs:   []string{"C010100002000A0000000A0C00000A0000000A"},
		},
		{
			name:    "ipv4 t1st",
			line:    "ipv4 mup mup-t1st 192.168.0.1/32 rd 100:100 teid 12345 qfi 9 endpoint 10.0.0.1 next-hop 10.0.0.2 extended-community [ target:10:10 ]",
			nlri:    "01000317000000640000006420C0A800010000303909200A000001",
			nextHop: "10.0.0.2",
		},
		{
			name:    "ipv6 t1st with source, ipv4 next hop mapped (conf-srv6-mup-v3)",
			line:    "ipv6 mup mup-t1st 2001:db8:1:1::2/128 rd 100:100 teid 12345 qfi 9 endpoint 2001::1 source 2002::2 next-hop 10.0.0.2",
			nlri:    "0100034000000064000000648020010DB8000100010000000000000002000030390980200100000000000000000000000000018020020000000000000000000000000002",
			nextHop: "::ffff:10.0.0.2",
		},
		{
			name:    "ipv4 t2st teid 0/0",
			line:    "ipv4 mup mup-t2st 10.0.0.1 rd 100:100 teid 0/0 next-hop 10.0.0.2",
			nlri:    "0100040D0000006400000064200A000001",
			nextHop: "10.0.0.2",
		},
		{
			name:    "ipv6 t2st teid 12345/32",
			line:    "ipv6 mup mup-t2st 2001::1 rd 100:100 teid 12345/32 next-hop 10.0.0.2",
			nlri:    "0100041D0000006400000064A02001000000000000000000000000000100003039",
			nextHop: "::ffff:10.0.0.2",
		},
		{
			name:    "ipv4 shared join (api-mvpn)",
			line:    "ipv4 mcast-vpn shared-join rp 10.99.199.1 group 239.251.255.228 rd 65000:99999 source-as 65000 next-hop 10.10.6.3 extended-community [ target:65000:99999 ]",
			nlri:    "06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4",
			nextHop: "10.10.6.3",
		},
		{
			name:    "ipv6 source join, ipv4 next hop kept",
			line:    "ipv6 mcast-vpn source-join source fd12::2 group ff0e::1 rd 65000:99999 source-as 65000 next-hop 10.10.6.3",
			nlri:    "072E0000FDE80001869F0000FDE880FD12000000000000000000000000000280FF0E0000000000000000000000000001",
			nextHop: "10.10.6.3",
		},
		{
			name:    "ipv4 source ad",
			line:    "ipv4 mcast-vpn source-ad source 10.99.12.4 group 239.251.255.228 rd 65000:99999 next-hop 10.10.6.4",
			nlri:    "05120000FDE80001869F200A630C0420EFFBFFE4",
			nextHop: "10.10.6.4",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			routes, err := ParseUpdateCommand(SplitWords(tt.line))
			require.NoError(t, err)
			require.Len(t, routes, 1)
			r := routes[0]
			require.NoError(t, CheckAnnounce(r))
			b, err := r.NLRI.AppendNLRI(nil, false)
			require.NoError(t, err)
			assert.Equal(t, tt.nlri, strings.ToUpper(hex.EncodeToString(b)))
			assert.Equal(t, tt.nextHop, r.NextHop.String())
			var attrs []string
			for _, a := range r.Attributes {
				w, err := codec.AppendAttribute(nil, a, codec.Options{ASN4: true})
				require.NoError(t, err)
				attrs = append(attrs, strings.ToUpper(hex.EncodeToString(w)))
			}
			for _, a := range tt.attrs {
				assert.Contains(t, attrs, a)
			}
		})
	}
}

// TestMUPMVPNRouteErrors checks the errors name the offending word.
func TestMUPMVPNRouteErrors(t *testing.T) {
	tests := []struct{ line, want string }{
		{"ipv4 mup mup-xyz 10.0.0.0/24 rd 1:1", "mup-xyz"},
		{"ipv4 mup mup-isd 2001::/64 rd 1:1 next-hop 1.1.1.1", "2001::/64"},
		{"ipv4 mup mup-t2st 10.0.0.1 rd 1:1 teid 300/8 next-hop 1.1.1.1", "300/8"},
		{"ipv4 mup mup-t2st 10.0.0.1 rd 1:1 teid 1/33 next-hop 1.1.1.1", "1/33"},
		{"ipv4 mup mup-t1st 10.0.0.1/32 rd 1:1 teid 1 qfi 256 endpoint 10.0.0.2", "256"},
		{"ipv4 mcast-vpn shared-join source 10.0.0.1 group 239.0.0.1 rd 1:1 source-as 1", "source"},
		{"ipv6 mcast-vpn source-ad source 10.0.0.1 group ff0e::1 rd 1:1", "10.0.0.1"},
		{"ipv4 mcast-vpn source-join source 10.0.0.1 group 239.0.0.1 rd 1:1", "source-as"},
		{"ipv4 mcast-vpn source-ad source 10.0.0.1 group 239.0.0.1 rd 1:1 label 10", "label"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			_, err := ParseUpdateCommand(SplitWords(tt.line))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
