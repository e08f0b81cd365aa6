package session

import (
	"encoding/binary"
	"net/netip"
	"runtime"
	"testing"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// routes32 returns n IPv4 /32 routes sharing one next hop.
func routes32(n int) []config.Route {
	rs := make([]config.Route, n)
	nh := netip.MustParseAddr("192.0.2.1")
	for i := range rs {
		var a [4]byte
		binary.BigEndian.PutUint32(a[:], 0x0a000000+uint32(i))
		rs[i] = config.Route{NLRI: codec.NewPrefix(netip.PrefixFrom(netip.AddrFrom4(a), 32)), NextHop: nh}
	}
	return rs
}

// BenchmarkPack100k packs 100,000 IPv4 /32 routes with one attribute set
// into UPDATEs, as a session coming up does (RIB insert, then packing).
func BenchmarkPack100k(b *testing.B) {
	const n = 100_000
	rs := routes32(n)
	env := &sessionEnv{opts: codec.Options{ASN4: true}, localAS: 65000, peerAS: 65000, local: netip.MustParseAddr("192.0.2.254")}
	var msgs, bytes int
	for b.Loop() {
		rib := newAdjRIBOut()
		for i := range rs {
			if err := rib.update(&rs[i], false, true); err != nil {
				b.Fatal(err)
			}
		}
		msgs, bytes = 0, 0
		p := &packer{env: env, attrs: rib.attrs, grouped: true,
			flush: func(out []byte) error {
				for len(out) > 0 {
					l := int(binary.BigEndian.Uint16(out[16:]))
					msgs++
					bytes += l
					out = out[l:]
				}
				return nil
			}}
		gs := rib.takePending()
		if err := p.pack(gs, true); err != nil {
			b.Fatal(err)
		}
		rib.release(gs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/route")
	b.ReportMetric(float64(msgs), "updates")
	b.ReportMetric(float64(bytes)/float64(msgs*4096), "fill")
}

// TestRIBMemory reports the heap the adj-RIB-out holds per route for
// 100,000 IPv4 /32 routes with one attribute set.
func TestRIBMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("memory measurement")
	}
	const n = 100_000
	rs := routes32(n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rib := newAdjRIBOut()
	for i := range rs {
		if err := rib.update(&rs[i], false, false); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
	t.Logf("adj-RIB-out: %.1f bytes/route for %d routes", per, rib.len())
	runtime.KeepAlive(rib)
	runtime.KeepAlive(rs)
	if per > 150 {
		t.Errorf("adj-RIB-out uses %.1f bytes/route, want at most 150", per)
	}
}

// BenchmarkRIBUpdate announces 100,000 IPv4 /32 routes with one attribute
// set into an empty adj-RIB-out (changes tracked, as routes from a helper):
// ns/route and the heap the RIB holds per route once the changes are sent
// (live-B/route).
func BenchmarkRIBUpdate(b *testing.B) {
	const n = 100_000
	rs := routes32(n)
	fill := func() *adjRIBOut {
		rib := newAdjRIBOut()
		for i := range rs {
			if err := rib.update(&rs[i], false, true); err != nil {
				b.Fatal(err)
			}
		}
		rib.release(rib.takePending())
		return rib
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rib := fill()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(rib)
	rib = nil
	b.ReportAllocs()
	for b.Loop() {
		fill()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/route")
	b.ReportMetric((float64(after.HeapAlloc)-float64(before.HeapAlloc))/n, "live-B/route")
}
