package api

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// TestDecodeMUPMVPNJSON decodes UPDATEs of ExaBGP 5.0's functional suite
// (conf-srv6-mup, conf-srv6-mup-v3, conf-mvpn) and checks the NLRI objects
// as 5.0 prints them, and that each message is valid JSON.
func TestDecodeMUPMVPNJSON(t *testing.T) {
	tests := []struct {
		name, msg string
		want      []string
	}{
		{
			name: "ipv4 mup isd with srv6 l3 service",
			msg: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF008002000000694001010040020040050400000064C010080002000A0000000A" +
				"C028250500220001001E0020010DB800010001000000000000000000004800010006401810000000" +
				"800E250001551020010000000000000000000000000001000100010C0000006400000064180A0001",
			want: []string{
				`"announce": { "ipv4 mup": { "2001::1": [ { "name": "InterworkSegmentDiscoveryRoute", "arch": 1, "code": 1, "prefix_ip_len": 24, "prefix_ip": "10.0.1.0", "rd": "100:100", "raw": "0100010C0000006400000064180A0001" } ] } }`,
				`"extended-community": [ { "value": 562992903094282, "string": "target:10:10" } ]`,
				`"bgp-prefix-sid": { "l3-service": [ { "sid": "2001:db8:1:1::", "flags": 0, "endpoint_behavior": 72, "structure": {"locator-block-length": 64, "locator-node-length": 24, "function-length": 16, "argument-length": 0, "transposition-length": 0, "transposition-offset": 0} } ] }`,
			},
		},
		{
			name: "ipv4 mup t1st with source",
			msg: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0063020000004C400101004002004003040A00000240050400000064C010080002000A0000000A" +
				"800E29000155040A000002000100031C000000640000006420C0A800020000303909200A000001200A000101",
			want: []string{
				`"ipv4 mup": { "10.0.0.2": [ { "name": "Type1SessionTransformedRoute", "arch": 1, "code": 3, "prefix_ip_len": 32, "prefix_ip": "192.168.0.2", "teid": "12345", "qfi": "9", "rd": "100:100", "endpoint_ip_len": 32, "endpoint_ip": "10.0.0.1", "source_ip_len": 32, "source_ip": "10.0.1.1", "raw": "0100031C000000640000006420C0A800020000303909200A000001200A000101" } ] }`,
			},
		},
		{
			name: "ipv4 mup t2st teid 12345/23 and a mup extended community",
			msg: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005F0200000048400101004002004003040A00000240050400000064C010100002000A0000000A0C00000A0000000A" +
				"800E1D000155040A00000200010004100000006400000064370A000001003039",
			want: []string{
				`[ { "name": "Type2SessionTransformedRoute",  "arch": 1, "code": 4, "endpoint_len": 55, "endpoint_ip": "10.0.0.1", "rd": "100:100", "teid": "12345", "raw": "010004100000006400000064370A000001003039" } ]`,
				`"string": "mup:10:10"`,
			},
		},
		{
			name: "ipv4 mcast-vpn shared and source joins",
			msg: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0073020000005C400101004002004003040A0A060340050400000064C010080102C0A85E0C0005" +
				"800E39000105040A0A06030006160000FDE80001869F0000FDE8200A63C70120EFFBFFE407160000FDE80001869F0000FDE8200A630C0220EFFBFFE4",
			want: []string{
				`"ipv4 mcast-vpn": { "10.10.6.3": [ { "code": 6, "parsed": true, "raw": "06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4", "name": "C-Multicast Shared Tree Join route", "rd": "65000:99999", "source-as": "65000", "source": "10.99.199.1", "group": "239.251.255.228"}, ` +
					`{ "code": 7, "parsed": true, "raw": "07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4", "name": "C-Multicast Source Tree Join route", "rd": "65000:99999", "source-as": "65000", "source": "10.99.12.2", "group": "239.251.255.228"} ] }`,
			},
		},
		{
			name: "ipv6 mcast-vpn source ad withdrawn",
			msg: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0069020000005240010100400200400304" + "0A0A060440050400000064C010080002FDE80001869F" +
				"800F2F000205052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001",
			want: []string{
				`"withdraw": { "ipv6 mcast-vpn": [ { "code": 5, "parsed": true, "raw": "052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001", "name": "Source Active A-D Route", "rd": "65000:99999", "source": "fd12::4", "group": "ff0e::1"} ] }`,
			},
		},
	}
	eo := EncoderOptions{Hostname: "h", PID: 1, PPID: 2, Now: func() time.Time { return time.Unix(0, 0) }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := hex.DecodeString(tt.msg)
			require.NoError(t, err)
			got, err := DecodeJSONFor(raw, codec.Options{ASN4: true}, DecodePeer(), eo)
			require.NoError(t, err)
			assert.True(t, json.Valid(got), "invalid JSON: %s", got)
			for _, w := range tt.want {
				assert.Contains(t, string(got), w)
			}
			txt, err := DecodeText(raw, codec.Options{ASN4: true})
			require.NoError(t, err)
			assert.True(t, strings.Contains(string(txt), "mup:") || strings.Contains(string(txt), "mvpn:"), "text %s", txt)
		})
	}
}
