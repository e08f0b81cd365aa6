package config

import (
	"testing"

	"github.com/exago/exago/codec"
)

// FuzzParseUpdateCommand checks that any API line either fails to parse or
// gives routes whose NLRI and attributes encode.
func FuzzParseUpdateCommand(f *testing.F) {
	for _, s := range []string{
		"route 1.1.0.0/24 next-hop 101.1.101.1 med 200 community [2:1]",
		"route 1.0.0.0/21 next-hop 101.1.101.1 split /23",
		"attribute route-distinguisher 63333:100 label [ 110 ] next-hop 10.0.99.12 as-path [100, 500] nlri 128.0.64.0/18",
		"flow route { match { source 0.0.0.0/32; destination-port =3128; protocol tcp; } then { rate-limit 0; } }",
		"flow route source ::1/128/120 next-header udp tcp-flags [SYN RST&FIN&!=push] redirect 65500:1",
		"vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1",
		"route 10.0.0.0/24 rd 1:1 next-hop cafe::1 label 3 bgp-prefix-sid-srv6 ( vpn 2001:1::10 )",
		"route 1.0.0.0/8 next-hop 1.1.1.1 bgp-prefix-sid [ 300, [ ( 800000,4096 ) ] ] aggregator (1:2.3.4.5)",
		"ipv4 mup mup-isd 10.0.1.0/24 rd 100:100 next-hop 2001::1 extended-community [ target:10:10 ] bgp-prefix-sid-srv6 ( l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] )",
		"ipv6 mup mup-t1st 2001:db8:1:1::2/128 rd 100:100 teid 12345 qfi 9 endpoint 2001::1 source 2002::2 next-hop 10.0.0.2",
		"ipv4 mup mup-t2st 10.0.0.1 rd 100:100 teid 12345/23 next-hop 10.0.0.2 extended-community [ target:10:10 mup:10:10 ]",
		"ipv6 mcast-vpn shared-join rp fd00::1 group ff0e::1 rd 65000:99999 source-as 65000 next-hop 10.10.6.3",
		"ipv4 mcast-vpn source-ad source 10.99.12.4 group 239.251.255.228 rd 65000:99999 next-hop 10.10.6.4",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		routes, err := ParseUpdateCommand(SplitWords(line))
		if err != nil {
			return
		}
		for _, r := range routes {
			if r.NLRI == nil {
				t.Fatalf("%q: route without nlri", line)
			}
			if _, err := r.NLRI.AppendNLRI(nil, true); err != nil {
				// flow routes can be too long or hold no term: a parse
				// should have refused them, but the encoder is the judge
				if r.NLRI.Family().SAFI != codec.SAFIFlow && r.NLRI.Family().SAFI != codec.SAFIFlowVPN {
					t.Fatalf("%q: nlri %s does not encode: %v", line, r.NLRI, err)
				}
			}
			for _, a := range r.Attributes {
				if _, err := codec.AppendAttribute(nil, a, codec.Options{ASN4: true}); err != nil {
					t.Fatalf("%q: attribute %s does not encode: %v", line, a.Code(), err)
				}
			}
		}
	})
}
