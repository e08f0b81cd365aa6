package api

import (
	"encoding/hex"
	"path/filepath"
	"testing"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
	"github.com/exago/exago/session"
)

// FuzzDecodeJSON checks that no UPDATE, however malformed, makes the
// decoder or the encoders panic, under every option set of the goldens.
func FuzzDecodeJSON(f *testing.F) {
	files, _ := filepath.Glob("testdata/decode/*.golden")
	for _, path := range files {
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
			eo := EncoderOptions{Hostname: "h", PID: 1, PPID: 1,
				Negotiated: func(*config.Neighbor, session.PeerInfo, session.Direction) codec.Options { return o }}
			for _, e := range []Encoder{NewJSONEncoder(eo), NewTextEncoder(eo)} {
				_ = e.Message(nil, session.PeerInfo{}, session.Received, keepaliveMsg{codec.MsgType(raw[18])}, raw)
				_ = e.Consolidated(nil, session.PeerInfo{}, session.Sent, keepaliveMsg{codec.MsgType(raw[18])}, raw)
				_ = e.Packets(nil, session.PeerInfo{}, session.Sent, raw)
			}
		}
	})
}
