package peer

import (
	"bytes"
	"context"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSink(t *testing.T) {
	lns, _, err := Listen(0)
	require.NoError(t, err)
	defer lns[0].Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out strings.Builder
	type result struct {
		s   Stats
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := Sink(ctx, SinkConfig{Out: &out, PerUpdate: true, Target: 3}, lns...)
		done <- result{s, err}
	}()
	d := dial(t, lns[0].Addr())
	d.handshake()
	d.send(mustHex(t, eorIPv4))
	d.send(mustHex(t, update45))
	d.send(updateOf(t, []string{"10.0.4.0/24"}, []string{"10.0.6.0/24"}))
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, 1, r.s.Sessions)
	assert.Equal(t, 3, r.s.Updates)
	assert.Equal(t, 3, r.s.Announced)
	assert.Equal(t, 1, r.s.Withdrawn)
	assert.Equal(t, 1, r.s.EORs)
	assert.Equal(t, 23+52+len(updateOf(t, []string{"10.0.4.0/24"}, []string{"10.0.6.0/24"})), r.s.UpdateBytes)
	assert.Contains(t, out.String(), "announce [10.0.4.0/24 10.0.5.0/24]")
	assert.Contains(t, r.s.String(), "updates 3")
}

func TestDescribeUpdate(t *testing.T) {
	tests := []struct {
		name, hex, want string
	}{
		{
			name: "ipv6 mp_reach with attributes",
			// origin igp, empty as-path, local-pref 100, med 10,
			// MP_REACH ipv6 unicast next-hop ::1 2001:db8::/32
			hex:  "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0049020000003240010100400200400504000000648004040000000A800E1A0002011000000000000000000000000000000001002020010DB8",
			want: "ipv6 unicast announce [2001:db8::/32] next-hop [::1]; with origin igp as-path [ ] local-preference 100 med 10",
		},
		{
			name: "ipv4 with community and as-path",
			hex:  updateWith(t, "4001010040020A02020000FDE90000FDEA4003047F000001C00804FDE80064", "18C00002"),
			want: "ipv4 unicast announce [192.0.2.0/24]; with origin igp as-path [ 65001 65002 ] next-hop 127.0.0.1 community [ 65000:100 ]",
		},
		{
			name: "ipv6 withdraw",
			hex:  updateWith(t, "800F08000201202001_0DB8", ""),
			want: "ipv6 unicast withdraw [2001:db8::/32]",
		},
		{
			name: "end of rib",
			hex:  eorIPv4,
			want: "end-of-rib",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := decodeUpdate(mustHex(t, tt.hex), true)
			require.NoError(t, err)
			assert.Equal(t, tt.want, u.describe())
		})
	}
}

// updateWith builds the hex of an UPDATE with the attributes and NLRI
// given in hex ("_" allowed as a separator).
func updateWith(t *testing.T, attrs, nlri string) string {
	t.Helper()
	a := mustHex(t, strings.ReplaceAll(attrs, "_", ""))
	n := mustHex(t, nlri)
	body := append([]byte{0, 0, byte(len(a) >> 8), byte(len(a))}, a...)
	body = append(body, n...)
	msg := append(bytes.Repeat([]byte{0xFF}, 16), byte((19+len(body))>>8), byte(19+len(body)), 2)
	return strings.ToUpper(hex.EncodeToString(append(msg, body...)))
}
