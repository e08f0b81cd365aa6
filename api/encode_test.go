package api

import (
	"encoding/hex"
	"net/netip"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// Messages daemon A sent in the captured session (testdata/encoder/README);
// received ones are read back from the header and body ExaBGP printed.
const (
	capOpenSent   = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00410104FDE9001E0101010124020601040001000102060104000200010206410400" + "00FDE9020202000202460002020600"
	capKeepalive  = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304"
	capUpdateSent = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002F02" + "0000" + "0014" + "40010100" + "4002060201" + "0000FDE9" + "4003047F000001" + "18C00002"
	capEORv4      = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000"
	capEORv6      = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001E0200000007900F0003000201"
)

var (
	capType    = regexp.MustCompile(`"type": "([a-z ]+)"`)
	capPacket  = regexp.MustCompile(`"message": \{ "category": \d+, "header": "0x([0-9A-F]+)", "body": "0x([0-9A-F]*)" \}`)
	capPID     = regexp.MustCompile(`"pid" : (\d+), "ppid" : (\d+)`)
	capDir     = regexp.MustCompile(`"direction": "([a-z]+)"`)
	capState   = regexp.MustCompile(`"state": "([a-z]+)"`)
	capCounter = regexp.MustCompile(`"counter": (\d+)`)
	capHeader  = regexp.MustCompile(`"header": "0x([0-9A-F]+)", (?:"body": "0x([0-9A-F]+)", )?`)
	capNotif   = regexp.MustCompile(`"notification": \{ "code": (\d+), "subcode": (\d+), "data": "0x([0-9A-F]*)" \}`)
	capTime    = regexp.MustCompile(`"time": [0-9.]+,`)
)

// capturedEvent is one event of the captured session with what both
// encoders printed for it.
type capturedEvent struct {
	json, text string
	kind       string // state, shutdown, or a message type
	dir        session.Direction
	state      session.State
	reason     string
	raw        []byte
	packets    bool
	counter    uint64
}

func loadCapturedSession(t *testing.T, name string) []capturedEvent {
	t.Helper()
	js, err := os.ReadFile("testdata/encoder/" + name + ".json.golden")
	require.NoError(t, err)
	tx, err := os.ReadFile("testdata/encoder/" + name + ".text.golden")
	require.NoError(t, err)
	jl := strings.SplitAfter(strings.TrimSuffix(string(js), "\n"), "\n")
	tl := strings.SplitAfter(string(tx), "\n\n")
	tl = tl[:len(tl)-1]
	require.Equal(t, len(jl), len(tl))
	var evs []capturedEvent
	var last []byte // the raw bytes of the previous packets line
	for i, l := range jl {
		ev := capturedEvent{json: l, text: tl[i], kind: capType.FindStringSubmatch(l)[1]}
		if !strings.HasSuffix(ev.json, "\n") {
			ev.json += "\n"
		}
		if m := capCounter.FindStringSubmatch(l); m != nil {
			ev.counter, _ = strconv.ParseUint(m[1], 10, 64)
		}
		if m := capDir.FindStringSubmatch(l); m != nil {
			ev.dir = session.Direction(m[1])
		}
		switch ev.kind {
		case "state":
			ev.state = session.State(capState.FindStringSubmatch(l)[1])
			if ev.state == session.StateDown {
				_, ev.reason, _ = strings.Cut(strings.TrimSuffix(ev.text, "\n\n"), " down - ")
			}
		case "notification":
			if ev.dir == "" {
				ev.kind = "shutdown"
				break
			}
			fallthrough
		default:
			var h string
			if m := capPacket.FindStringSubmatch(l); m != nil {
				ev.kind = "packets"
				ev.raw, err = hex.DecodeString(m[1] + m[2])
				require.NoError(t, err)
				last = ev.raw
				break
			}
			if m := capHeader.FindStringSubmatch(l); m != nil {
				h, ev.packets = m[1]+m[2], true
			} else {
				switch {
				case ev.dir == session.Received && last != nil:
					h = hex.EncodeToString(last)
				case ev.kind == "open":
					h = capOpenSent
				case ev.kind == "keepalive":
					h = capKeepalive
				case strings.Contains(l, `"afi" : "ipv4"`):
					h = capEORv4
				case strings.Contains(l, `"afi" : "ipv6"`):
					h = capEORv6
				case ev.kind == "update":
					h = capUpdateSent
				case ev.kind == "notification":
					m := capNotif.FindStringSubmatch(l)
					c, _ := strconv.Atoi(m[1])
					s, _ := strconv.Atoi(m[2])
					body := []byte{byte(c), byte(s)}
					d, _ := hex.DecodeString(m[3])
					body = append(body, d...)
					n := codec.HeaderLen + len(body)
					h = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" + hex.EncodeToString([]byte{byte(n >> 8), byte(n), 3, body[0], body[1]}) + m[3]
				}
			}
			ev.raw, err = hex.DecodeString(h)
			require.NoError(t, err)
		}
		evs = append(evs, ev)
	}
	return evs
}

// keepaliveMsg stands for the codec value the session passes along; the
// encoders read the wire bytes.
type keepaliveMsg struct{ t codec.MsgType }

func (k keepaliveMsg) Type() codec.MsgType { return k.t }
func (k keepaliveMsg) AppendBody(b []byte, _ codec.Options) ([]byte, error) {
	return b, nil
}

// TestEncodersCapturedSession replays the sessions captured from Debian's
// exabgp 4.2.21 (testdata/encoder/README) through both encoders and
// compares every line byte for byte; only the time field is normalised,
// and the shared counter is set to the value ExaBGP had reached.
func TestEncodersCapturedSession(t *testing.T) {
	for _, tc := range []struct {
		name string
		caps config.Capabilities
	}{
		{"session", config.Capabilities{ASN4: true}},
		{"packets-addpath", config.Capabilities{ASN4: true,
			AddPath: map[codec.Family]config.AddPathMode{codec.IPv4Unicast: config.AddPathBoth}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			replayCapture(t, tc.name, &config.Neighbor{Capabilities: tc.caps})
		})
	}
}

func replayCapture(t *testing.T, name string, n *config.Neighbor) {
	p := session.PeerInfo{
		LocalAddress: netip.MustParseAddr("127.0.0.1"),
		PeerAddress:  netip.MustParseAddr("127.0.0.2"),
		LocalAS:      65001,
		PeerAS:       65002,
	}
	evs := loadCapturedSession(t, name)
	pm := capPID.FindStringSubmatch(evs[len(evs)-1].json)
	require.NotNil(t, pm)
	pid, _ := strconv.Atoi(pm[1])
	ppid, _ := strconv.Atoi(pm[2])
	counter := NewCounter()
	eo := EncoderOptions{Hostname: "vm", PID: pid, PPID: ppid, Counter: counter,
		Now: func() time.Time { return time.Unix(0, 0) }}
	je, te := NewJSONEncoder(eo), NewTextEncoder(eo)
	for i, ev := range evs {
		t.Run(strconv.Itoa(i)+"-"+ev.kind+"-"+string(ev.dir)+string(ev.state), func(t *testing.T) {
			counter.m[n] = ev.counter - 1
			var gotJ, gotT []byte
			switch ev.kind {
			case "state":
				gotJ = je.State(n, p, ev.state, ev.reason)
				gotT = te.State(n, p, ev.state, ev.reason)
			case "shutdown":
				gotJ, gotT = je.Shutdown(), te.Shutdown()
			case "packets":
				gotJ = je.Packets(n, p, ev.dir, ev.raw)
				gotT = te.Packets(n, p, ev.dir, ev.raw)
			default:
				msg := keepaliveMsg{codec.MsgType(ev.raw[18])}
				if ev.packets {
					gotJ = je.Consolidated(n, p, ev.dir, msg, ev.raw)
					gotT = te.Consolidated(n, p, ev.dir, msg, ev.raw)
				} else {
					gotJ = je.Message(n, p, ev.dir, msg, ev.raw)
					gotT = te.Message(n, p, ev.dir, msg, ev.raw)
				}
			}
			want := ev.json
			if loc := capTime.FindStringIndex(want); loc != nil {
				want = want[:loc[0]] + `"time": 0.0,` + want[loc[1]:]
			}
			assert.Equal(t, want, string(gotJ))
			assert.Equal(t, ev.text, string(gotT))
		})
	}
}

// TestCounterShared checks that encoders sharing a Counter number the
// messages of a neighbor together, as ExaBGP's JSON class does.
func TestCounterShared(t *testing.T) {
	c := NewCounter()
	n1, n2 := &config.Neighbor{}, &config.Neighbor{}
	eo := EncoderOptions{Counter: c, Hostname: "h", PID: 1, PPID: 1}
	a, b := NewJSONEncoder(eo), NewJSONEncoder(eo)
	p := session.PeerInfo{}
	assert.Contains(t, string(a.State(n1, p, session.StateUp, "")), `"counter": 1,`)
	assert.Contains(t, string(b.State(n1, p, session.StateUp, "")), `"counter": 2,`)
	assert.Contains(t, string(b.State(n2, p, session.StateUp, "")), `"counter": 1,`)
}

// TestAppendPyFloat checks the time field against Python's repr.
func TestAppendPyFloat(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{1795498092.8107307, "1795498092.8107307"},
		{1795498092.816275, "1795498092.816275"},
		{1795498092.0, "1795498092.0"},
		{0.5, "0.5"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, string(appendPyFloat(nil, tc.in)))
		})
	}
}

// BenchmarkJSONEncoderUpdate measures the JSON line of a received UPDATE
// with communities and an extended community (a helper's hot path).
func BenchmarkJSONEncoderUpdate(b *testing.B) {
	raw, err := hex.DecodeString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004002000000264001010040020602010000FDEA4003047F00000280040400000005C00808FDEA0001FFFFFF01100A09")
	require.NoError(b, err)
	n := &config.Neighbor{Capabilities: config.Capabilities{ASN4: true}}
	e := NewJSONEncoder(EncoderOptions{Hostname: "h", PID: 1, PPID: 1})
	for _, bc := range []struct {
		name string
		msg  codec.Message
	}{
		// decoded: the session passes codec's UPDATE (the daemon's path).
		{"decoded", mustDecode(b, raw, codec.Options{ASN4: true})},
		// raw: the encoder decodes the wire bytes with codec itself.
		{"raw", keepaliveMsg{codec.MsgUpdate}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if e.Message(n, session.PeerInfo{}, session.Received, bc.msg, raw) == nil {
					b.Fatal("no line")
				}
			}
		})
	}
}

// BenchmarkJSONEncoderUpdateLarge measures the JSON line of an UPDATE
// packing 1,000 IPv4 prefixes (a full-table dump).
func BenchmarkJSONEncoderUpdateLarge(b *testing.B) {
	u := codec.Update{Attributes: []codec.Attribute{codec.OriginIGP, codec.ASPath{{Type: codec.ASSequence, ASNs: []uint32{65002}}},
		codec.NextHop(netip.MustParseAddr("192.0.2.1"))}}
	for i := range 1000 {
		u.NLRI = append(u.NLRI, codec.NewPrefix(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)))
	}
	o := codec.Options{ASN4: true, ExtendedMessage: true}
	raw, err := codec.AppendMessage(nil, u, o)
	require.NoError(b, err)
	n := &config.Neighbor{Capabilities: config.Capabilities{ASN4: true}}
	e := NewJSONEncoder(EncoderOptions{Hostname: "h", PID: 1, PPID: 1})
	msg := mustDecode(b, raw, o)
	b.ReportAllocs()
	for b.Loop() {
		if e.Message(n, session.PeerInfo{}, session.Received, msg, raw) == nil {
			b.Fatal("no line")
		}
	}
}

// mustDecode decodes a whole message with codec.
func mustDecode(tb testing.TB, raw []byte, o codec.Options) codec.Message {
	tb.Helper()
	m, err := codec.DecodeMessage(raw, o)
	require.NoError(tb, err)
	return m
}
