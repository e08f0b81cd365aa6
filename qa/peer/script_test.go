package peer

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parsePrefix(s string) (netip.Prefix, error) { return netip.ParsePrefix(s) }

func TestParseScript(t *testing.T) {
	msg := `option:update:send-default-route
# a comment
1:raw:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000
2:announce:10.0.0.0/8 # trailing comments drop the line, as the legacy peer does
10:withdraw:10.0.0.0/8
2:announce:11.0.0.0/8

B1:announce:1.2.3.4/32
A2:signal:SIGUSR1
`
	s, err := ParseScript(strings.NewReader(msg))
	require.NoError(t, err)
	assert.True(t, s.Options.SendDefaultRoute)
	require.Len(t, s.Conns, 2)
	a := s.Conns[0]
	assert.Equal(t, byte('A'), a.Letter)
	assert.True(t, a.Raw)
	require.Len(t, a.Steps, 3)
	assert.Equal(t, []int{1, 2, 10}, []int{a.Steps[0].Number, a.Steps[1].Number, a.Steps[2].Number})
	assert.Equal(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000", a.Steps[0].Entries[0].Value)
	assert.Len(t, a.Steps[1].Entries, 2)
	assert.Equal(t, KindSignal, a.Steps[1].Entries[1].Kind)
	b := s.Conns[1]
	assert.False(t, b.Raw)
	assert.Equal(t, "announce:1.2.3.4/32", b.Steps[0].Entries[0].Key())
}

func TestParseScriptErrors(t *testing.T) {
	for _, bad := range []string{"x:announce:1.0.0.0/8", "1:frobnicate:1", "1:signal:SIGFOO", "option:nope:nope", "1announce"} {
		t.Run(bad, func(t *testing.T) {
			_, err := ParseScript(strings.NewReader(bad + "\n"))
			assert.Error(t, err)
		})
	}
}

func TestDecodeUpdate(t *testing.T) {
	tests := []struct {
		name      string
		hex       string
		announced []string
		withdrawn []string
		eor       bool
	}{
		{"eor ipv4", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000", nil, nil, true},
		{"eor ipv6 extended length", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001E0200000007900F0003000201", nil, nil, true},
		{"eor flow non-extended", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D0200000006800F03000185", nil, nil, true},
		{"two /24", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00340200000015400101004002004003040A00FFFE400504000000C8180A0004180A0005",
			[]string{"10.0.4.0/24", "10.0.5.0/24"}, nil, false},
		{"withdraw /0 and /25", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D0200061901020080000000", nil, []string{"1.2.0.128/25", "0.0.0.0/0"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := decodeUpdate(mustHex(t, tc.hex), false)
			require.NoError(t, err)
			var a, w []string
			for _, p := range u.announced {
				a = append(a, p.String())
			}
			for _, p := range u.withdrawn {
				w = append(w, p.String())
			}
			assert.Equal(t, tc.announced, a)
			assert.Equal(t, tc.withdrawn, w)
			assert.Equal(t, tc.eor, u.eor)
		})
	}
}
