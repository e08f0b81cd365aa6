package codec

import (
	"encoding/hex"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUpdateAsWithdraw(t *testing.T) {
	p4 := NewPrefix(netip.MustParsePrefix("10.0.0.0/24"))
	w4 := NewPrefix(netip.MustParsePrefix("10.1.0.0/24"))
	p6 := Prefix{Fam: IPv6Unicast, Prefix: netip.MustParsePrefix("2001:db8::/32")}
	q6 := Prefix{Fam: IPv6Unicast, Prefix: netip.MustParsePrefix("2001:db8:1::/48")}
	u := Update{
		Withdrawn: []NLRI{w4},
		Attributes: []Attribute{
			Origin(0),
			MED(10),
			MPUnreach{Family: IPv6Unicast, NLRI: []NLRI{q6}},
			NewMPReach(IPv6Unicast, netip.MustParseAddr("2001:db8::1"), p6),
		},
		NLRI: []NLRI{p4},
	}
	w := u.AsWithdraw()
	assert.Equal(t, []NLRI{w4, p4}, w.Withdrawn)
	assert.Empty(t, w.NLRI)
	require.Len(t, w.Attributes, 1)
	assert.Equal(t, MPUnreach{Family: IPv6Unicast, NLRI: []NLRI{q6, p6}}, w.Attributes[0])

	b, err := AppendMessage(nil, w, Options{ASN4: true})
	require.NoError(t, err)
	// withdrawn 10.1.0.0/24 and 10.0.0.0/24; MP_UNREACH ipv6 unicast with
	// 2001:db8:1::/48 and 2001:db8::/32; no NLRI.
	want := "ffffffffffffffffffffffffffffffff" + "0031" + "02" +
		"0008" + "180a0100" + "180a0000" +
		"0012" + "800f0f" + "000201" + "3020010db80001" + "2020010db8"
	assert.Equal(t, want, hex.EncodeToString(b))
}
