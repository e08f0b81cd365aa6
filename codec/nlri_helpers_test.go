package codec

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// unhex decodes hex with optional ':' and space separators.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	s = strings.NewReplacer(":", "", " ", "", "\n", "", "\t", "").Replace(s)
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// rawAttr is one path attribute split out of an UPDATE by the tests.
type rawAttr struct {
	flags AttrFlags
	code  AttrCode
	value []byte
}

// updateAttrs splits the path attributes of a whole UPDATE message (marker
// included) without relying on the attribute registry.
func updateAttrs(t testing.TB, msg []byte) []rawAttr {
	t.Helper()
	require.GreaterOrEqual(t, len(msg), HeaderLen+4)
	body := msg[HeaderLen:]
	wl := int(binary.BigEndian.Uint16(body))
	body = body[2+wl:]
	al := int(binary.BigEndian.Uint16(body))
	a := body[2 : 2+al]
	var out []rawAttr
	for len(a) > 0 {
		f, c := AttrFlags(a[0]), AttrCode(a[1])
		var n int
		if f&FlagExtLength != 0 {
			n = int(binary.BigEndian.Uint16(a[2:]))
			a = a[4:]
		} else {
			n = int(a[2])
			a = a[3:]
		}
		out = append(out, rawAttr{f, c, a[:n]})
		a = a[n:]
	}
	return out
}

// findAttr returns the attribute of code c in the UPDATE msg.
func findAttr(t testing.TB, msg []byte, c AttrCode) rawAttr {
	t.Helper()
	for _, a := range updateAttrs(t, msg) {
		if a.code == c {
			return a
		}
	}
	t.Fatalf("attribute %d not found", c)
	return rawAttr{}
}

// appendAttrHeader writes flags, code, and the length as ExaBGP does: the
// extended-length bit when asked or when the value is over 255 bytes.
func appendAttrHeader(b []byte, a Attribute, o Options) ([]byte, error) {
	v, err := a.AppendValue(nil, o)
	if err != nil {
		return b, err
	}
	f := a.Flags()
	if len(v) > 255 {
		f |= FlagExtLength
	}
	b = append(b, byte(f), byte(a.Code()))
	if f&FlagExtLength != 0 {
		b = binary.BigEndian.AppendUint16(b, uint16(len(v)))
	} else {
		b = append(b, byte(len(v)))
	}
	return append(b, v...), nil
}

// netipZero is the zero address: no next hop.
var netipZero netip.Addr
