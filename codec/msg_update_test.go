package codec

import (
	"errors"
	"fmt"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// updateBody builds an UPDATE body from withdrawn, attributes and NLRI hex.
func updateBody(t *testing.T, withdrawn, attrs, nlri string) []byte {
	t.Helper()
	w, a, n := unhex(t, withdrawn), unhex(t, attrs), unhex(t, nlri)
	b := []byte{byte(len(w) >> 8), byte(len(w))}
	b = append(b, w...)
	b = append(b, byte(len(a)>>8), byte(len(a)))
	b = append(b, a...)
	return append(b, n...)
}

const (
	okOrigin = "40 01 01 00 "
	okPath   = "40 02 04 02 01 FDE8 "
	okNH     = "40 03 04 0A000001 "
)

func TestUpdateGolden(t *testing.T) {
	p := func(s string) NLRI { return NewPrefix(netip.MustParsePrefix(s)) }
	u := Update{
		Withdrawn:  []NLRI{p("10.9.0.0/16")},
		Attributes: []Attribute{OriginIGP, NewASPath([]uint32{65000}, nil, nil, nil), NextHop(netip.MustParseAddr("10.0.0.1")), LocalPref(100)},
		NLRI:       []NLRI{p("192.0.2.0/24"), p("10.0.0.0/8")},
	}
	want := updateBody(t, "10 0A09", okOrigin+okPath+okNH+"40 05 04 00000064", "18 C00002 08 0A")
	b, err := u.AppendBody(nil, asn2)
	require.NoError(t, err)
	assert.Equal(t, want, b)
	got, err := DecodeUpdate(want, asn2)
	require.NoError(t, err)
	assert.Equal(t, u, *got)
	_, eor := got.EOR()
	assert.False(t, eor)

	// Add-path on IPv4 unicast puts a path id before each prefix.
	ap := Options{AddPath: map[Family]bool{IPv4Unicast: true}}
	u2 := Update{NLRI: []NLRI{Prefix{Fam: IPv4Unicast, Prefix: netip.MustParsePrefix("10.0.0.0/8"), PathID: 1}},
		Attributes: []Attribute{OriginIGP, ASPath{}, NextHop(netip.MustParseAddr("1.1.1.1"))}}
	b, err = u2.AppendBody(nil, ap)
	require.NoError(t, err)
	assert.Equal(t, updateBody(t, "", "40 01 01 00 40 02 00 40 03 04 01010101", "00000001 08 0A"), b)
	got, err = DecodeUpdate(b, ap)
	require.NoError(t, err)
	assert.Equal(t, u2, *got)
}

func TestEORUpdate(t *testing.T) {
	for _, f := range []Family{IPv4Unicast, IPv6Unicast, IPv4Flow} {
		t.Run(f.String(), func(t *testing.T) {
			b, err := AppendMessage(nil, NewEOR(f), asn4)
			require.NoError(t, err)
			m, err := DecodeMessage(b, asn4)
			require.NoError(t, err)
			got, ok := m.(Update).EOR()
			assert.True(t, ok)
			assert.Equal(t, f, got)
		})
	}
}

// TestRFC7606 checks the outcome of each malformed input.
func TestRFC7606(t *testing.T) {
	const nlri = "08 0A"
	type outcome int
	const (
		ok outcome = iota
		discard
		withdraw
		reset
	)
	tests := []struct {
		name     string
		body     []byte
		want     outcome
		code     AttrCode // for discard / withdraw
		notify   [2]uint8 // for reset
		attrsOut int      // attributes left in the decoded update (not reset)
	}{
		{"valid", updateBody(t, "", okOrigin+okPath+okNH, nlri), ok, 0, [2]uint8{}, 3},
		{"origin undefined value", updateBody(t, "", "40 01 01 03 "+okPath+okNH, nlri), withdraw, AttrOrigin, [2]uint8{}, 2},
		{"origin bad length", updateBody(t, "", "40 01 02 0000 "+okPath+okNH, nlri), withdraw, AttrOrigin, [2]uint8{}, 2},
		{"origin flags wrong", updateBody(t, "", "C0 01 01 00 "+okPath+okNH, nlri), withdraw, AttrOrigin, [2]uint8{}, 2},
		{"as-path zero segment", updateBody(t, "", okOrigin+"40 02 02 02 00 "+okNH, nlri), withdraw, AttrASPath, [2]uint8{}, 2},
		{"as-path overrun", updateBody(t, "", okOrigin+"40 02 04 02 02 FDE8 "+okNH, nlri), withdraw, AttrASPath, [2]uint8{}, 2},
		{"as-path bad type", updateBody(t, "", okOrigin+"40 02 04 07 01 FDE8 "+okNH, nlri), withdraw, AttrASPath, [2]uint8{}, 2},
		{"next-hop bad length", updateBody(t, "", okOrigin+okPath+"40 03 05 0A00000100", nlri), withdraw, AttrNextHop, [2]uint8{}, 2},
		{"med bad length", updateBody(t, "", okOrigin+okPath+okNH+"80 04 02 0001", nlri), withdraw, AttrMED, [2]uint8{}, 3},
		{"local-pref bad length", updateBody(t, "", okOrigin+okPath+okNH+"40 05 00", nlri), withdraw, AttrLocalPref, [2]uint8{}, 3},
		{"atomic aggregate not empty", updateBody(t, "", okOrigin+okPath+okNH+"40 06 01 00", nlri), discard, AttrAtomicAggregate, [2]uint8{}, 3},
		{"aggregator bad length", updateBody(t, "", okOrigin+okPath+okNH+"C0 07 05 0001020304", nlri), discard, AttrAggregator, [2]uint8{}, 3},
		{"communities bad length", updateBody(t, "", okOrigin+okPath+okNH+"C0 08 03 000102", nlri), withdraw, AttrCommunities, [2]uint8{}, 3},
		{"communities empty", updateBody(t, "", okOrigin+okPath+okNH+"C0 08 00", nlri), withdraw, AttrCommunities, [2]uint8{}, 3},
		{"originator-id bad length", updateBody(t, "", okOrigin+okPath+okNH+"80 09 03 010203", nlri), withdraw, AttrOriginatorID, [2]uint8{}, 3},
		{"cluster-list bad length", updateBody(t, "", okOrigin+okPath+okNH+"80 0A 05 0102030405", nlri), withdraw, AttrClusterList, [2]uint8{}, 3},
		{"ext communities bad length", updateBody(t, "", okOrigin+okPath+okNH+"C0 10 07 00020001000000", nlri), withdraw, AttrExtCommunities, [2]uint8{}, 3},
		{"large communities bad length", updateBody(t, "", okOrigin+okPath+okNH+"C0 20 08 0000000100000002", nlri), withdraw, AttrLargeCommunities, [2]uint8{}, 3},
		{"as4-path malformed", updateBody(t, "", okOrigin+okPath+okNH+"C0 11 03 020100", nlri), discard, AttrAS4Path, [2]uint8{}, 3},
		{"aigp malformed", updateBody(t, "", okOrigin+okPath+okNH+"80 1A 03 01000A", nlri), discard, AttrAIGP, [2]uint8{}, 3},
		{"prefix-sid malformed", updateBody(t, "", okOrigin+okPath+okNH+"C0 28 05 0100070000", nlri), discard, AttrPrefixSID, [2]uint8{}, 3},
		{"missing origin", updateBody(t, "", okPath+okNH, nlri), withdraw, 0, [2]uint8{}, 2},
		{"missing next-hop", updateBody(t, "", okOrigin+okPath, nlri), withdraw, 0, [2]uint8{}, 2},
		{"missing attributes but no nlri", updateBody(t, "08 0A", "", ""), ok, 0, [2]uint8{}, 0},
		{"attribute length overrun", updateBody(t, "", okOrigin+okPath+okNH+"C0 08 08 00010002", nlri), withdraw, AttrCommunities, [2]uint8{}, 3},
		{"truncated attribute header", updateBody(t, "", okOrigin+okPath+okNH+"C0", nlri), withdraw, 0, [2]uint8{}, 3},
		{"duplicate attribute: first kept", updateBody(t, "", okOrigin+"40 01 01 02 "+okPath+okNH, nlri), ok, 0, [2]uint8{}, 3},
		{"duplicate mp_unreach", updateBody(t, "", "90 0F 0003 000201 90 0F 0003 000201", ""), reset, 0, [2]uint8{3, 1}, 0},
		{"mp_reach malformed", updateBody(t, "", okOrigin+okPath+"80 0E 02 0001", ""), reset, 0, [2]uint8{3, 9}, 0},
		{"withdrawn length overrun", unhex(t, "0005 00 0000"), reset, 0, [2]uint8{3, 1}, 0},
		{"attributes length overrun", unhex(t, "0000 0009 400101"), reset, 0, [2]uint8{3, 1}, 0},
		{"nlri malformed", updateBody(t, "", okOrigin+okPath+okNH, "21 0A000000"), reset, 0, [2]uint8{3, 10}, 0},
		{"withdrawn malformed", updateBody(t, "18 0A", "", ""), reset, 0, [2]uint8{3, 10}, 0},
		{"unknown optional non-transitive dropped", updateBody(t, "", okOrigin+okPath+okNH+"80 99 01 00", nlri), ok, 0, [2]uint8{}, 3},
		{"unknown transitive kept", updateBody(t, "", okOrigin+okPath+okNH+"C0 99 01 00", nlri), ok, 0, [2]uint8{}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := DecodeUpdate(tt.body, asn2)
			var n *Notification
			var w *TreatAsWithdraw
			var d *AttributeDiscard
			switch tt.want {
			case ok:
				require.NoError(t, err)
			case discard:
				require.ErrorAs(t, err, &d)
				assert.Equal(t, tt.code, d.Code)
			case withdraw:
				require.ErrorAs(t, err, &w)
				assert.Equal(t, tt.code, w.Code)
			case reset:
				require.ErrorAs(t, err, &n)
				assert.Equal(t, tt.notify, [2]uint8{n.Code, n.Subcode})
				assert.Nil(t, u)
				assert.True(t, IsSessionReset(err))
				return
			}
			require.NotNil(t, u)
			assert.Len(t, u.Attributes, tt.attrsOut)
		})
	}
}

func TestStrongest(t *testing.T) {
	d := &AttributeDiscard{Code: AttrAIGP, Err: errors.New("x")}
	w := &TreatAsWithdraw{Code: AttrMED, Err: errors.New("y")}
	n := &Notification{Code: 3, Subcode: 1}
	assert.Nil(t, Strongest())
	assert.Nil(t, Strongest(nil, nil))
	assert.Equal(t, d, Strongest(nil, d))
	assert.Equal(t, w, Strongest(d, w, d))
	assert.Equal(t, error(n), Strongest(w, n, d))
	wrapped := fmt.Errorf("decode: %w", n)
	assert.Equal(t, wrapped, Strongest(d, wrapped, w))
	plain := errors.New("plain")
	assert.Equal(t, plain, Strongest(w, plain))
	assert.True(t, IsSessionReset(plain))
	assert.False(t, IsSessionReset(w))
	assert.Equal(t, "treat-as-withdraw due to med: y", w.Error())
	assert.Equal(t, "discard aigp: x", d.Error())
}
