package config

import (
	"fmt"
	"strings"
	"testing"
)

// staticConf is a configuration with one neighbor and n routes in static.
func staticConf(n int) []byte {
	var b strings.Builder
	b.WriteString("neighbor 127.0.0.1 {\n router-id 1.1.1.1;\n local-address 127.0.0.1;\n local-as 1;\n peer-as 1;\n static {\n")
	for i := range n {
		fmt.Fprintf(&b, "  route 10.%d.%d.%d/32 next-hop 192.0.2.1;\n", i>>16&255, i>>8&255, i&255)
	}
	b.WriteString(" }\n}\n")
	return []byte(b.String())
}

// BenchmarkParseStatic parses a configuration of 100,000 static routes;
// B/op over 100,000 is the memory per configured route.
func BenchmarkParseStatic(b *testing.B) {
	src := staticConf(100000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench.conf", src); err != nil {
			b.Fatal(err)
		}
	}
}
