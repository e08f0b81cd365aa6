package session

import (
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// packAll queues routes in a fresh RIB and returns the hex of every UPDATE
// packed from them, one string per message.
func packAll(t *testing.T, env *sessionEnv, grouped bool, routes []config.Route, eors ...codec.Family) []string {
	t.Helper()
	rib := newAdjRIBOut()
	for i := range routes {
		require.NoError(t, rib.update(&routes[i], routes[i].Withdrawn, true))
	}
	var msgs []string
	p := &packer{
		env: env, attrs: rib.attrs, grouped: grouped,
		sent:  func(raw []byte) { msgs = append(msgs, strings.ToUpper(hex.EncodeToString(raw))) },
		flush: func([]byte) error { return nil },
	}
	gs := rib.takePending()
	require.NoError(t, p.pack(gs, true))
	rib.release(gs)
	for _, f := range eors {
		require.NoError(t, p.eor(f))
	}
	require.NoError(t, p.done())
	return msgs
}

// mustRoutes parses API route lines ("ipv4 unicast ...").
func mustRoutes(t *testing.T, lines ...string) []config.Route {
	t.Helper()
	var out []config.Route
	for _, l := range lines {
		rs, err := config.ParseUpdateCommand(config.SplitWords(l))
		require.NoError(t, err)
		out = append(out, rs...)
	}
	return out
}

func prefix(s string) codec.NLRI { return codec.NewPrefix(netip.MustParsePrefix(s)) }

func qaHex(s string) string { return strings.ReplaceAll(s, ":", "") }

func TestPackExaBGPBytes(t *testing.T) {
	ibgp4 := &sessionEnv{opts: codec.Options{ASN4: true}, localAS: 12345, peerAS: 12345, local: netip.MustParseAddr("127.0.0.1")}
	ibgp6 := &sessionEnv{opts: codec.Options{ASN4: true}, localAS: 12345, peerAS: 12345, local: netip.MustParseAddr("::1")}
	tests := []struct {
		name    string
		env     *sessionEnv
		grouped bool
		routes  []config.Route
		eors    []codec.Family
		want    []string
	}{
		{
			name: "conf-ipself4", env: ibgp4, grouped: true,
			routes: []config.Route{{NLRI: prefix("10.0.0.0/32"), NextHopSelf: true}},
			eors:   []codec.Family{codec.IPv4Unicast},
			want: []string{
				"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0031:02:00000015400101004002004003047F00000140050400000064200A000000",
				"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000",
			},
		},
		{
			name: "conf-ipself6", env: ibgp6, grouped: true,
			routes: []config.Route{{NLRI: prefix("2a04:6d80::1/128"), NextHopSelf: true}},
			eors:   []codec.Family{codec.IPv6Unicast},
			want: []string{
				"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:004E02:000000374001010040020040050400000064800E26000201100000000000000000000000000000000100802A046D80000000000000000000000001",
				"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001E02:00000007900F0003000201",
			},
		},
		{
			name: "conf-group-limit", env: ibgp4, grouped: true,
			routes: []config.Route{
				{NLRI: prefix("193.0.2.1/32"), NextHop: netip.MustParseAddr("10.0.0.1")},
				{NLRI: prefix("193.0.2.2/32"), NextHop: netip.MustParseAddr("10.0.0.1")},
				{NLRI: prefix("2A02:B80:0:1::1/128"), NextHop: netip.MustParseAddr("2A02:B80:1::1")},
				{NLRI: prefix("2A02:B80:0:2::2/128"), NextHop: netip.MustParseAddr("2A02:B80:1::1")},
			},
			want: []string{
				"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0036:02:00000015400101004002004003040A0000014005040000006420C100020120C1000202",
				"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:004E:02:000000374001010040020040050400000064800E26000201102A020B8000010000000000000000000100802A020B80000000010000000000000001",
				"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:004E:02:000000374001010040020040050400000064800E26000201102A020B8000010000000000000000000100802A020B80000000020000000000000002",
			},
		},
		{
			name: "ebgp defaults", grouped: true,
			env:    &sessionEnv{opts: codec.Options{ASN4: true}, localAS: 65000, peerAS: 65001, local: netip.MustParseAddr("127.0.0.1")},
			routes: []config.Route{{NLRI: prefix("10.0.0.0/24"), NextHop: netip.MustParseAddr("1.2.3.4")}},
			want:   []string{"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:002F:02:0000:0014:400101:00:400206020100:00FDE8:400304:01020304:180A0000"},
		},
		{
			// conf-mvpn (ExaBGP 5.0) without its extended community: the
			// joins of one attribute set share an MP_REACH_NLRI
			name: "mcast-vpn grouped", env: ibgp4, grouped: true,
			routes: mustRoutes(t,
				"ipv6 mcast-vpn shared-join rp fd00::1 group ff0e::1 rd 65000:99999 source-as 65000 next-hop 10.10.6.3",
				"ipv6 mcast-vpn source-join source fd12::2 group ff0e::1 rd 65000:99999 source-as 65000 next-hop 10.10.6.3"),
			want: []string{"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0098:02:00000081400101004002004003040A0A060340050400000064" +
				"800E69000205040A0A060300062E0000FDE80001869F0000FDE880FD00000000000000000000000000000180FF0E0000000000000000000000000001" +
				"072E0000FDE80001869F0000FDE880FD12000000000000000000000000000280FF0E0000000000000000000000000001"},
		},
		{
			name: "withdraw classic", env: ibgp4, grouped: true,
			routes: []config.Route{{NLRI: prefix("1.1.0.0/24"), NextHop: netip.MustParseAddr("101.1.101.1"), Withdrawn: true}},
			want:   []string{"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:001B:02:0004180101000000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = qaHex(w)
			}
			assert.Equal(t, want, packAll(t, tt.env, tt.grouped, tt.routes, tt.eors...))
		})
	}
}

// TestPendingLikeExaBGP replays the api-flow burst on IPv6 routes: withdraw
// A, announce A and B, announce both again, withdraw A, announce A, all in
// the first batch of a session. ExaBGP's per-group dicts keep one pending
// change per NLRI and group; the dropped withdrawal still gives an UPDATE
// with the attributes only.
func TestPendingLikeExaBGP(t *testing.T) {
	env := &sessionEnv{opts: codec.Options{ASN4: true}, localAS: 1, peerAS: 1, local: netip.MustParseAddr("127.0.0.1")}
	nh := netip.MustParseAddr("2001:db8::1")
	a, b := prefix("2001:db8:a::/48"), prefix("2001:db8:b::/48")
	med := []codec.Attribute{codec.MED(5)}
	rib := newAdjRIBOut()
	steps := []struct {
		rt       config.Route
		withdraw bool
	}{
		{config.Route{NLRI: a, NextHop: nh}, true},
		{config.Route{NLRI: a, NextHop: nh, Attributes: med}, false},
		{config.Route{NLRI: b, NextHop: nh, Attributes: med}, false},
		{config.Route{NLRI: a, NextHop: nh, Attributes: med}, false},
		{config.Route{NLRI: b, NextHop: nh, Attributes: med}, false},
		{config.Route{NLRI: a, NextHop: nh}, true},
		{config.Route{NLRI: a, NextHop: nh, Attributes: med}, false},
	}
	for _, s := range steps {
		require.NoError(t, rib.update(&s.rt, s.withdraw, true))
	}
	var msgs []string
	p := &packer{env: env, attrs: rib.attrs, grouped: true,
		sent:  func(raw []byte) { msgs = append(msgs, hexUpper(raw)) },
		flush: func([]byte) error { return nil }}
	gs := rib.takePending()
	require.NoError(t, p.pack(gs, false))
	rib.release(gs)
	require.Len(t, msgs, 3, "attributes only, then B and A (A was queued again last)")
	assert.Equal(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"+"0025"+"02"+"0000000E"+"4001010040020040050400000064", msgs[0])
	head := "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" + "004B" + "02" + "00000034" + "400101004002008004040000000540050400000064" +
		"800E1C0002011020010DB800000000000000000000000100" + "30"
	assert.Equal(t, head+"20010DB8000B", msgs[1])
	assert.Equal(t, head+"20010DB8000A", msgs[2])
	assert.Empty(t, rib.multi)
}
