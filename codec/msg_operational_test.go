package codec

import (
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOperationalRoundTrip: each kind of OPERATIONAL message, annotated
// hex, decodes to its value and encodes back to the same bytes; it is
// a Bad Message Type unless the capability was negotiated.
func TestOperationalRoundTrip(t *testing.T) {
	id := netip.MustParseAddr("127.0.0.1")
	tests := []struct {
		name string
		hex  string // body: type, length, afi, safi, value
		want Operational
	}{
		{"rpcq", "0003 000B 0001 01 7F000001 00000007", Operational{Code: OpRPCQ, Family: IPv4Unicast, RouterID: id, Sequence: 7}},
		{"apcp", "0006 000F 0002 01 7F000001 00000008 00000003", Operational{Code: OpAPCP, Family: IPv6Unicast, RouterID: id, Sequence: 8, Counter: 3}},
		{"adm", "0001 0008 0001 01 68656C6C6F", Operational{Code: OpADM, Family: IPv4Unicast, Advisory: "hello"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := hex.DecodeString(strings.ReplaceAll(tt.hex, " ", ""))
			require.NoError(t, err)
			got, err := DecodeOperational(body)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			raw, err := AppendMessage(nil, got, Options{})
			require.NoError(t, err)
			assert.Equal(t, body, raw[HeaderLen:])

			m, err := DecodeMessage(raw, Options{Operational: true})
			require.NoError(t, err)
			assert.Equal(t, tt.want, m)
			_, err = DecodeMessage(raw, Options{})
			var nt *Notification
			require.ErrorAs(t, err, &nt, "not negotiated")
			assert.Equal(t, []byte{1, 3}, []byte{nt.Code, nt.Subcode})
		})
	}
	_, err := DecodeOperational([]byte{0, 3, 0, 11, 0, 1, 1, 127})
	assert.Error(t, err, "truncated")
}
