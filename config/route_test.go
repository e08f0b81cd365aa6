package config

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
)

// parseBlock parses src and returns the routes of its first statement.
func parseBlock(t *testing.T, src string) ([]Route, error) {
	t.Helper()
	tree, err := parseTree("test.conf", []byte(src))
	require.NoError(t, err)
	require.NotEmpty(t, tree)
	return routesFromBlock(tree[0])
}

func TestRoutesFromBlock(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []wantRoute
	}{
		{"static line", "static { route 10.0.0.0/24 next-hop 192.0.2.1; }",
			[]wantRoute{{fam: codec.IPv4Unicast, nlri: "180A0000", nextHop: "192.0.2.1"}}},
		{"static block", "static { route 10.0.1.0/24 {\n next-hop 192.0.2.1;\n med 10;\n split /25;\n } }",
			[]wantRoute{
				{fam: codec.IPv4Unicast, nlri: "190A000100", nextHop: "192.0.2.1"},
				{fam: codec.IPv4Unicast, nlri: "190A000180", nextHop: "192.0.2.1"},
			}},
		{"announce ipv6 unicast", "announce { ipv6 { unicast 2001:db8::/32 next-hop 2001::1; } }",
			[]wantRoute{{fam: codec.IPv6Unicast, nlri: "2020010DB8", nextHop: "2001::1"}}},
		{"announce ipv4 nlri-mpls", "announce { ipv4 { nlri-mpls 10.0.0.0/8 label 16 next-hop 1.1.1.1; } }",
			[]wantRoute{{fam: codec.IPv4MPLS, nlri: "200001010A", nextHop: "1.1.1.1"}}},
		{"announce ipv4 flow", "announce { ipv4 { flow destination 10.0.0.0/8 rate-limit 9600; } }",
			[]wantRoute{{fam: codec.IPv4Flow, nlri: "0301080A"}}},
		{"flow block", "flow { route x { rd 1:1; next-hop 5.6.7.8; match { source 10.0.0.3/32; protocol [ =tcp ]; } then { redirect-to-nexthop; } } }",
			[]wantRoute{{fam: codec.IPv4FlowVPN, nlri: "11000000010000000102200A000003038106", nextHop: "5.6.7.8"}}},
		{"l2vpn block", "l2vpn { vpls site5 { endpoint 5; base 10732; offset 1; size 8; rd 192.168.201.1:124; next-hop 192.168.201.1; } }",
			[]wantRoute{{fam: codec.L2VPNVPLS, nlri: "00110001C0A8C901007C000500010008029EC1", nextHop: "192.168.201.1"}}},
		{"watchdog withdraw", "static { route 77.77.77.77 next-hop 1.2.3.4 watchdog dnsr withdraw; }",
			[]wantRoute{{fam: codec.IPv4Unicast, nlri: "204D4D4D4D", nextHop: "1.2.3.4", watchdog: "dnsr", withdraw: true}}},
		{"operational", "operational { asm afi ipv4 safi unicast advisory \"x\"; }", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseBlock(t, tt.src)
			require.NoError(t, err)
			checkRoutes(t, got, tt.want)
		})
	}
}

func TestRoutesFromBlockErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"bad med", "static {\n  route 10.0.0.0/24 next-hop 1.1.1.1 med x;\n}", "test.conf:2:42: invalid med"},
		{"missing next hop", "static {\n route 10.0.0.0/24 med 1;\n}", "test.conf:2:8: invalid route (missing next-hop"},
		{"unknown keyword", "static { route 10.0.0.0/24 next-hop 1.1.1.1 colour red; }", "test.conf:1:45: unknown route attribute"},
		{"unclosed list", "static { route 10.0.0.0/24 next-hop 1.1.1.1 community [ 1:1 ]; route 1.0.0.0/8 next-hop 1.1.1.1 community [ 99999:1 ]; }",
			"test.conf:1:109: invalid community"},
		{"flow bad section", "flow { route x { matches { source 1.0.0.0/8; } } }", "test.conf:1:18: unknown flow section"},
		{"flow bad value", "flow {\n route x {\n  match {\n   destination-port >htttp;\n  }\n }\n}", "test.conf:4:21: invalid port"},
		{"vpls missing next hop", "l2vpn { vpls { endpoint 5; } }", "missing next-hop"},
		{"vpls missing offset", "l2vpn { vpls { endpoint 5; next-hop 1.1.1.1; } }", "missing offset"},
		{"announce mpls-vpn without rd", "announce { ipv4 { mpls-vpn 10.0.0.0/8 label 16 next-hop 1.1.1.1; } }", "test.conf:1:28: invalid announcement (missing next-hop, label or rd ?)"},
		{"announce ipv6 without next hop", "announce { ipv6 { unicast ::/0; } }", "missing next-hop"},
		{"announce bad afi", "announce { ipv5 { unicast 1.0.0.0/8 next-hop 1.1.1.1; } }", "test.conf:1:12: unknown address family"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseBlock(t, tt.src)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var pe *PosError
			assert.True(t, errors.As(err, &pe), "a *PosError")
		})
	}
}
