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

func TestParseBirdPaths(t *testing.T) {
	out := "BIRD 2.0.12 ready.\nTable master4:\n" +
		"192.0.2.0/24         unreachable [exago 05:51:16.479 from ::1] * (100) [i]\n" +
		"\tType: BGP univ\n\tBGP.next_hop: 2001:db8::1\n" +
		"                     unreachable [exago 05:51:16.479 from ::1] (100) [i]\n" +
		"\tType: BGP univ\n\tBGP.next_hop: 2001:db8::2\n\tBGP.med: 7\n" +
		"192.0.4.0/24         unreachable [exago 05:51:16.479 from ::1] * (100) [i]\n" +
		"\tBGP.next_hop: 10.0.0.1\n"
	got := parseBirdPaths(out)
	assert.Len(t, got, 2)
	if assert.Len(t, got["192.0.2.0/24"], 2) {
		assert.Equal(t, "2001:db8::1", got["192.0.2.0/24"][0].Attrs["BGP.next_hop"])
		assert.Equal(t, "2001:db8::2", got["192.0.2.0/24"][1].Attrs["BGP.next_hop"])
		assert.Equal(t, "7", got["192.0.2.0/24"][1].Attrs["BGP.med"])
	}
	assert.Len(t, got["192.0.4.0/24"], 1)
}
