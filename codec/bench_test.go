package codec

import (
	"net/netip"
	"testing"
)

// benchUpdate is an UPDATE announcing 1,000 IPv4 /24 prefixes with the
// usual attributes (4 KB of NLRI: it needs the extended message size).
func benchUpdate() (Update, Options) {
	u := Update{Attributes: []Attribute{
		OriginIGP,
		NewASPath([]uint32{65000, 65001, 4200000000}, nil, nil, nil),
		NextHop(netip.MustParseAddr("192.0.2.1")),
		MED(100),
		LocalPref(100),
		Communities{NewCommunity(65000, 1), NewCommunity(65000, 2)},
		ExtendedCommunities{NewRouteTargetAS2(65000, 1)},
	}}
	for i := range 1000 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
		u.NLRI = append(u.NLRI, NewPrefix(p))
	}
	return u, Options{ASN4: true, ExtendedMessage: true}
}

func BenchmarkEncodeUpdate1000(b *testing.B) {
	u, o := benchUpdate()
	buf := make([]byte, 0, 8192)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendMessage(buf[:0], u, o); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkDecodeUpdate1000(b *testing.B) {
	u, o := benchUpdate()
	raw, err := AppendMessage(nil, u, o)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeMessage(raw, o); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchUpdateRoundTrip(t *testing.T) {
	u, o := benchUpdate()
	raw, err := AppendMessage(nil, u, o)
	if err != nil {
		t.Fatal(err)
	}
	m, err := DecodeMessage(raw, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.(Update); len(got.NLRI) != 1000 || got.NLRI[999].String() != "10.3.231.0/24" {
		t.Fatalf("decoded %d prefixes, last %v", len(got.NLRI), got.NLRI[len(got.NLRI)-1])
	}
}
