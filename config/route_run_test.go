package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunTokens(t *testing.T) {
	src := "static {\n\troute 10.0.0.0/24 next-hop 1.1.1.1;\n  # a comment\n\troute 10.0.1.0/24 next-hop 1.1.1.1 community [ 1:1 2:2 ];\n\troute 10.0.2.0/24 {\n next-hop 1.1.1.1;\n }\n}"
	tree, err := parseTree("t.conf", []byte(src))
	require.NoError(t, err)
	require.Len(t, tree, 1)
	ch := tree[0].Children
	require.Len(t, ch, 2, "the two one-line routes are one run, the block route a node")
	assert.Equal(t, "route 10.0.0.0/24 next-hop 1.1.1.1;\n  # a comment\n\troute 10.0.1.0/24 next-hop 1.1.1.1 community [ 1:1 2:2 ];", ch[0].Run)
	assert.Equal(t, Position{File: "t.conf", Line: 2, Column: 2}, ch[0].Pos)
	assert.Empty(t, ch[1].Run)
	routes, err := routesFromBlock(tree[0])
	require.NoError(t, err)
	assert.Len(t, routes, 3)
}

func TestRunErrorPositions(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"static third route", "static {\n route 10.0.0.0/24 next-hop 1.1.1.1;\n # x\n route 10.0.1.0/24 next-hop 1.1.1.1;\n\troute 10.0.2.0/24 next-hop 1.1.1.999;\n}",
			"t.conf:5:29: invalid ip address"},
		{"unknown attribute", "static { route 10.0.0.0/24 next-hop 1.1.1.1; route 10.0.0.0/24 next-hop 1.1.1.1 colour red; }",
			"t.conf:1:81: unknown route attribute"},
		{"missing next hop at end", "static {\n route 10.0.0.0/24 next-hop 1.1.1.1;\n route 10.0.0.0/24 med 1;\n}",
			"t.conf:3:8: invalid route (missing next-hop"},
		{"announce mpls-vpn without rd", "announce { ipv4 { unicast 10.0.0.0/8 next-hop 1.1.1.1; } ipv6 { mpls-vpn ::/0 next-hop ::1; } }",
			"t.conf:1:74: invalid announcement"},
		{"announce l2vpn unicast", "announce { l2vpn { unicast 10.0.0.0/8 next-hop 1.1.1.1; } }",
			"t.conf:1:20: family l2vpn unicast is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := parseTree("t.conf", []byte(tt.src))
			require.NoError(t, err)
			_, err = routesFromBlock(tree[0])
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestRunOutsideRouteBlocks checks that a run where no route parser reads
// it is split back into statements: the builder reports them as usual.
func TestRunOutsideRouteBlocks(t *testing.T) {
	_, err := Parse("t.conf", []byte("process p {\n run /bin/true;\n encoder text;\n route 1.0.0.0/8 next-hop 1.1.1.1;\n}\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.conf:4:2: unknown process keyword \"route\"")
}

// TestRunLargeStaticError plants an error deep in a large static block:
// it is reported at its exact line and column, with the caret.
func TestRunLargeStaticError(t *testing.T) {
	const n, bad = 50000, 45000
	var b strings.Builder
	b.WriteString("neighbor 127.0.0.1 {\n router-id 1.1.1.1;\n local-address 127.0.0.1;\n local-as 1;\n peer-as 1;\n static {\n")
	for i := range n {
		hop := "10.0.0.1"
		if i == bad {
			hop = "10.0.0.300"
		}
		fmt.Fprintf(&b, "  route 10.%d.%d.0/24 next-hop %s;\n", i>>8&255, i&255, hop)
	}
	b.WriteString(" }\n}\n")
	_, err := Parse("big.conf", []byte(b.String()))
	require.Error(t, err)
	line := 7 + bad
	assert.Contains(t, err.Error(), fmt.Sprintf("big.conf:%d:", line))
	var pe *PosError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, line, pe.Pos.Line)
	assert.Equal(t, 1+len("  route 10.175.200.0/24 next-hop "), pe.Pos.Column)
	assert.Contains(t, pe.Detail(), "^")
}

// TestSharedTemplateRoutes checks that neighbors inheriting the same
// static block share its routes, and that one adding its own copies them.
func TestSharedTemplateRoutes(t *testing.T) {
	src := `template {
	neighbor t {
		local-as 1;
		peer-as 1;
		router-id 1.1.1.1;
		static {
			route 10.0.0.0/24 next-hop 1.1.1.1;
			route 10.0.1.0/24 next-hop 1.1.1.1;
		}
	}
}
neighbor 127.0.0.1 { local-address 127.0.0.2; inherit t; }
neighbor 127.0.0.3 { local-address 127.0.0.2; inherit t; }
neighbor 127.0.0.4 { local-address 127.0.0.2; static { route 10.9.0.0/24 next-hop 1.1.1.1; } inherit t; }
`
	cfg, err := Parse("t.conf", []byte(src))
	require.NoError(t, err)
	require.Len(t, cfg.Neighbors, 3)
	a, b, c := cfg.Neighbors[0].Routes, cfg.Neighbors[1].Routes, cfg.Neighbors[2].Routes
	require.Len(t, a, 2)
	require.Len(t, c, 3)
	assert.Same(t, &a[0], &b[0], "one slice for both neighbors")
	assert.NotSame(t, &a[0], &c[1], "the neighbor with its own routes holds a copy")
	assert.Equal(t, a[0].NLRI.String(), c[1].NLRI.String())
}

// TestRunSameRoutes checks that statements read as a run give the routes
// the statement-by-statement path gives (a backslash continuation keeps a
// statement out of runs).
func TestRunSameRoutes(t *testing.T) {
	tests := []struct{ name, run, plain string }{
		{"static", "static { route 10.0.0.0/24 next-hop 1.1.1.1 med 10 community [ 1:1 2:2 ]; route 10.0.1.0/24 next-hop self as-path [ 1 2 ]; }",
			"static { route 10.0.0.0/24 next-hop 1.1.1.1 med 10 \\\n community [ 1:1 2:2 ]; route 10.0.1.0/24 \\\n next-hop self as-path [ 1 2 ]; }"},
		{"announce flow", "announce { ipv4 { flow destination 10.0.0.0/8 rate-limit 9600; flow source 10.1.0.0/16 discard; } }",
			"announce { ipv4 { flow destination 10.0.0.0/8 \\\n rate-limit 9600; flow source 10.1.0.0/16 \\\n discard; } }"},
		{"announce ipv6", "announce { ipv6 { unicast 2001:db8::/32 next-hop 2001::1; multicast 2001:db8:1::/48 next-hop 2001::1; } }",
			"announce { ipv6 { unicast 2001:db8::/32 \\\n next-hop 2001::1; multicast 2001:db8:1::/48 \\\n next-hop 2001::1; } }"},
		{"l2vpn vpls", "l2vpn { vpls endpoint 5 base 10702 offset 1 size 8 rd 1.1.1.1:1 next-hop 1.1.1.1; vpls endpoint 6 base 10702 offset 1 size 8 rd 1.1.1.1:2 next-hop 1.1.1.1; }",
			"l2vpn { vpls endpoint 5 base 10702 offset 1 size 8 \\\n rd 1.1.1.1:1 next-hop 1.1.1.1; vpls endpoint 6 base 10702 \\\n offset 1 size 8 rd 1.1.1.1:2 next-hop 1.1.1.1; }"},
		{"announce l2vpn vpls", "announce { l2vpn { vpls endpoint 5 base 10702 offset 1 size 8 rd 1.1.1.1:1 next-hop 1.1.1.1; } }",
			"announce { l2vpn { vpls endpoint 5 base 10702 \\\n offset 1 size 8 rd 1.1.1.1:1 next-hop 1.1.1.1; } }"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runTree, err := parseTree("t.conf", []byte(tt.run))
			require.NoError(t, err)
			require.True(t, hasRun(runTree), "the statements form a run")
			plainTree, err := parseTree("t.conf", []byte(tt.plain))
			require.NoError(t, err)
			require.False(t, hasRun(plainTree))
			got, err := routesFromBlock(runTree[0])
			require.NoError(t, err)
			want, err := routesFromBlock(plainTree[0])
			require.NoError(t, err)
			require.NotEmpty(t, want)
			assert.Equal(t, want, got)
		})
	}
}

func hasRun(nodes []*Node) bool {
	for _, n := range nodes {
		if n.Run != "" || hasRun(n.Children) {
			return true
		}
	}
	return false
}
