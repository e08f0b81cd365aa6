package api

import (
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// FuzzDecodeJSON checks that no UPDATE, however malformed, makes the
// decoder or the encoders panic, under every option set of the goldens,
// and that a message codec decodes prints the same whether the encoder is
// handed codec's value or only the wire bytes.
func FuzzDecodeJSON(f *testing.F) {
	files, _ := filepath.Glob("testdata/decode/*.golden")
	ls, _ := filepath.Glob("../codec/testdata/bgpls/*.golden")
	for _, path := range append(files, ls...) {
		g := readDecodeGolden(&testing.T{}, path)
		if raw, err := hex.DecodeString(g.hex); err == nil {
			f.Add(raw, g.asn4, g.addPath, g.extNH)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, asn4, addPath, extNH bool) {
		o := goldenOptions(decodeGolden{asn4: asn4, addPath: addPath, extNH: extNH})
		_, _ = DecodeJSON(raw, o, nil)
		_, _ = DecodeText(raw, o)
		if len(raw) >= codec.HeaderLen {
			eo := EncoderOptions{Hostname: "h", PID: 1, PPID: 1, Now: func() time.Time { return time.Unix(0, 0) },
				Negotiated: func(*config.Neighbor, session.PeerInfo, session.Direction) codec.Options { return o }}
			m, _ := codec.DecodeMessage(raw, o)
			for _, mk := range []func(EncoderOptions) Encoder{NewJSONEncoder, NewTextEncoder} {
				e := mk(eo)
				fromRaw := e.Message(nil, session.PeerInfo{}, session.Received, keepaliveMsg{codec.MsgType(raw[18])}, raw)
				_ = e.Consolidated(nil, session.PeerInfo{}, session.Sent, keepaliveMsg{codec.MsgType(raw[18])}, raw)
				_ = e.Packets(nil, session.PeerInfo{}, session.Sent, raw)
				if m != nil {
					// The session's decoded value prints as the raw bytes do.
					fromMsg := mk(eo).Message(nil, session.PeerInfo{}, session.Received, m, raw)
					if string(fromMsg) != string(fromRaw) {
						t.Fatalf("decoded message printed\n%s\nraw bytes printed\n%s", fromMsg, fromRaw)
					}
				}
			}
		}
	})
}
