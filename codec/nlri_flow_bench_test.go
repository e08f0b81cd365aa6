package codec

import (
	"net/netip"
	"testing"
)

// flowTable is a 100-route flowspec table of typical DDoS-mitigation rules.
func flowTable() MPReach {
	m := MPReach{Family: IPv4Flow}
	for i := range 100 {
		dst := netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 1})
		m.NLRI = append(m.NLRI, NewFlow(IPv4Flow,
			NewFlowPrefixRule(FlowDestination, netip.PrefixFrom(dst, 32), 0),
			NewFlowPrefixRule(FlowSource, netip.MustParsePrefix("192.168.0.0/16"), 0),
			NewFlowOpsRule(FlowProtocol, FlowOp{Op: FlowEQ, Value: 6}, FlowOp{Op: FlowEQ, Value: 17}),
			NewFlowOpsRule(FlowDestPort, FlowOp{Op: FlowGT | FlowEQ, Value: 1024}, FlowOp{Op: FlowAnd | FlowLT | FlowEQ, Value: 2048}),
			NewFlowOpsRule(FlowTCPFlags, FlowOp{Op: FlowMatch, Value: 0x02}),
			NewFlowOpsRule(FlowPacketLength, FlowOp{Op: FlowGT, Value: uint64(100 + i)}),
			NewFlowOpsRule(FlowFragment, FlowOp{Op: FlowMatch, Value: 2}),
		))
	}
	return m
}

func BenchmarkFlowTableEncode(b *testing.B) {
	m := flowTable()
	buf := make([]byte, 0, 8192)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = m.AppendValue(buf[:0], Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkFlowTableDecode(b *testing.B) {
	v, err := flowTable().AppendValue(nil, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(v)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeMPReach(v, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFlowTableString(b *testing.B) {
	m := flowTable()
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range m.NLRI {
			_ = n.String()
		}
	}
}
