package session

import (
	"context"
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

func gen(t *testing.T, name string) config.Generation {
	t.Helper()
	g, ok := config.LookupGeneration(name)
	require.True(t, ok)
	return g
}

// TestOpenGenerationCaps checks the OPEN of 5.0's conf-hostname and
// conf-cap-software-version against the bytes its suite expects, and that
// 4.2 sends neither capability.
func TestOpenGenerationCaps(t *testing.T) {
	base := func(t *testing.T) *config.Neighbor {
		cfg, err := config.Parse("t.conf", []byte(`neighbor 127.0.0.1 { router-id 10.0.0.2; local-address 127.0.0.1;
			local-as 65533; peer-as 65533; hold-time 180; family { ipv4 unicast; } }`))
		require.NoError(t, err)
		return cfg.Neighbors[0]
	}
	open := func(n *config.Neighbor, g config.Generation, version string) string {
		lo := newLocalOpen(n, netip.MustParseAddr("127.0.0.1"))
		lo.extra = generationCaps(n, g, version)
		b, err := appendOpen(nil, n, lo)
		require.NoError(t, err)
		return hexUpper(b)
	}
	n := base(t)
	n.HostName, n.DomainName = "my-host-name", "my-domain-name.com"
	assert.Equal(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005501"+"04FFFD00B40A000002380206010400010001020641040000FFFD02020600022249200C6D792D686F73742D6E616D65126D792D646F6D61696E2D6E616D652E636F6D",
		open(n, gen(t, "5.0"), ""))
	plain := "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003101" + "04FFFD00B40A000002140206010400010001020641040000FFFD02020600"
	assert.Equal(t, plain, open(n, gen(t, "4.2"), ""))

	n = base(t)
	n.Capabilities.SoftwareVersion = true
	assert.Equal(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004901"+"04FFFD00B40A0000022C0206010400010001020641040000FFFD0202060002164B14134578614247502F352E302E302D302B74657374",
		open(n, gen(t, "5.0"), "5.0.0-0+test"))
	assert.Contains(t, open(n, gen(t, "5.0"), ""), strings.ToUpper(hex.EncodeToString([]byte("ExaBGP/5.0.13"))))
	assert.Equal(t, plain, open(n, gen(t, "4.2"), "5.0.0-0+test"))
}

func TestUnknownMessageNotification(t *testing.T) {
	bad := notification{code: codec.NotifyHeader, subcode: codec.SubBadMessageType, data: []byte{255}}
	err := generationError(gen(t, "5.0"), bad)
	var n notification
	require.ErrorAs(t, err, &n)
	assert.Equal(t, `can not decode message of type "255"`, string(n.data))
	assert.Equal(t, bad, generationError(gen(t, "4.2"), bad))
	other := notification{code: codec.NotifyHeader, subcode: 2, data: []byte{0, 10}}
	assert.Equal(t, other, generationError(gen(t, "5.0"), other))
}

// TestWithdrawalsFirst packs api-fast's second batch: 5.0 sends the
// withdrawal before the announcement, 4.2 in the order of the commands.
func TestWithdrawalsFirst(t *testing.T) {
	for _, tt := range []struct {
		gen  string
		want []string
	}{
		{"4.2", []string{"18020200", "0005190202"}},
		{"5.0", []string{"0005190202", "18020200"}},
	} {
		t.Run(tt.gen, func(t *testing.T) {
			env := &sessionEnv{opts: codec.Options{ASN4: true}, localAS: 1, peerAS: 1, local: netip.MustParseAddr("127.0.0.1")}
			nh := netip.MustParseAddr("101.1.101.1")
			rib := newAdjRIBOut()
			for _, s := range []struct {
				p        string
				withdraw bool
			}{{"2.2.0.0/25", false}, {"2.2.0.0/24", false}, {"2.2.0.0/25", true}} {
				rt := config.Route{NLRI: prefix(s.p), NextHop: nh}
				require.NoError(t, rib.update(&rt, s.withdraw, true))
			}
			var msgs []string
			p := &packer{env: env, attrs: rib.attrs, wdFirst: gen(t, tt.gen).WithdrawalsFirst,
				sent:  func(raw []byte) { msgs = append(msgs, hexUpper(raw)) },
				flush: func([]byte) error { return nil }}
			gs := rib.takePending()
			require.NoError(t, p.pack(gs, true))
			rib.release(gs)
			require.Len(t, msgs, 2)
			for i, w := range tt.want {
				assert.True(t, strings.HasSuffix(msgs[i], w) || strings.Contains(msgs[i][38:], w), "message %d %s has %s", i, msgs[i], w)
			}
		})
	}
}

// TestFlushRefreshMarkers: "flush adj-rib out" to a neighbor with
// route-refresh sends the routes between BoRR and EoRR (api-rr-rib), and
// Sync returns only once they are queued: the peer can read them next.
func TestFlushRefreshMarkers(t *testing.T) {
	cfg, err := config.Parse("t.conf", []byte(`neighbor 127.0.0.1 { router-id 1.2.3.4; local-address 127.0.0.1;
		local-as 1; peer-as 1; group-updates false; family { ipv4 unicast; } capability { route-refresh; } }`))
	require.NoError(t, err)
	tp := newTestPeer(t)
	r := New(cfg, config.Env{TCPPort: tp.port(), TCPOnce: true}, nil, nil)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()
	c := tp.accept()
	handshake(t, c)
	require.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000"), hexUpper(readMsg(t, c)))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rt := config.Route{NLRI: prefix("192.168.0.2/32"), NextHop: netip.MustParseAddr("10.0.0.2")}
	require.NoError(t, r.Announce(ctx, "", nil, []config.Route{rt}))
	before := r.Status(cfg.Neighbors[0]).UpdatesSent
	require.NoError(t, r.Sync(ctx))
	assert.Equal(t, before+1, r.Status(cfg.Neighbors[0]).UpdatesSent, "packed when Sync returns, not at the batch delay")
	route := qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0031:02:00000015400101004002004003040A0000024005040000006420C0A80002")
	assert.Equal(t, route, hexUpper(readMsg(t, c)))

	require.NoError(t, r.FlushAdjRIBOut(ctx, nil))
	require.NoError(t, r.Sync(ctx))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:05:00010101"), hexUpper(readMsg(t, c)))
	assert.Equal(t, route, hexUpper(readMsg(t, c)))
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:05:00010201"), hexUpper(readMsg(t, c)))
	c.Close()
	require.NoError(t, <-done)
}

// TestBareMPWithdrawals: api-ipv6's withdrawal of fc00:1::/64 is a bare
// MP_UNREACH_NLRI under 5.0, with the path attributes under 4.2.
func TestBareMPWithdrawals(t *testing.T) {
	for _, tt := range []struct {
		gen  string
		want string
	}{
		{"4.2", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0034:02:0000001D40010100400200400504000000C8800F0C00020140FC00000100000000"},
		{"5.0", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0026:02:0000000F800F0C00020140FC00000100000000"},
	} {
		t.Run(tt.gen, func(t *testing.T) {
			env := &sessionEnv{opts: codec.Options{ASN4: true}, localAS: 1, peerAS: 1, local: netip.MustParseAddr("127.0.0.1")}
			rib := newAdjRIBOut()
			rt := config.Route{NLRI: prefix("fc00:1::/64"), NextHop: netip.MustParseAddr("2001::11"),
				Attributes: []codec.Attribute{codec.LocalPref(200)}}
			require.NoError(t, rib.update(&rt, true, true))
			var msgs []string
			p := &packer{env: env, attrs: rib.attrs, bareWd: gen(t, tt.gen).BareMPWithdrawals,
				sent:  func(raw []byte) { msgs = append(msgs, hexUpper(raw)) },
				flush: func([]byte) error { return nil }}
			gs := rib.takePending()
			require.NoError(t, p.pack(gs, true))
			rib.release(gs)
			assert.Equal(t, []string{qaHex(tt.want)}, msgs)
		})
	}
}
