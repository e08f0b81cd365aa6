package config

import (
	"fmt"
	"runtime"
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

// BenchmarkParseStatic parses a configuration of 100,000 static routes:
// ns/route, and B/route allocated (B/op over the routes) and held by the
// model once built (live B/route).
func BenchmarkParseStatic(b *testing.B) {
	const n = 100_000
	src := staticConf(n)
	live := liveBytes(func() any {
		c, _ := Parse("bench.conf", src)
		return c
	})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench.conf", src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/route")
	b.ReportMetric(float64(live)/n, "live-B/route")
}

// liveBytes is the heap still held, after a collection, by what build
// returns.
func liveBytes(build func() any) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}
