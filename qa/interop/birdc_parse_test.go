package interop

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseBirdRoutes(t *testing.T) {
	out := "BIRD 2.0.12 ready.\nTable master4:\n" +
		"192.0.2.0/24         unreachable [exago 05:39:34.961 from 127.0.0.1] * (100) [AS64999i]\n" +
		"\tType: BGP univ\n\tBGP.origin: IGP\n\tBGP.as_path: 64999\n\tBGP.next_hop: 127.0.0.1\n" +
		"\tBGP.community: (65000,100) (65000,200)\n\n" +
		"Table master6:\n" +
		"2001:db8::/32        unreachable [exago 05:39:34.961 from 127.0.0.1] * (100) [AS65000i]\n" +
		"\tType: BGP univ\n\tBGP.as_path: \n\tBGP.next_hop: ::1\n"
	got := parseBirdRoutes(out)
	assert.Len(t, got, 2)
	assert.Equal(t, map[string]string{
		"Type": "BGP univ", "BGP.origin": "IGP", "BGP.as_path": "64999",
		"BGP.next_hop": "127.0.0.1", "BGP.community": "(65000,100) (65000,200)",
	}, got["192.0.2.0/24"].Attrs)
	assert.Equal(t, "", got["2001:db8::/32"].Attrs["BGP.as_path"])
	assert.Equal(t, "::1", got["2001:db8::/32"].Attrs["BGP.next_hop"])
}
