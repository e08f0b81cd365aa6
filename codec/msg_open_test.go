package codec

import (
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readHexGolden reads a testdata hex file, '#' lines being comments.
func readHexGolden(t *testing.T, name string) []byte {
	t.Helper()
	text, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	var b strings.Builder
	for _, line := range strings.Split(string(text), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line)
		}
	}
	return unhex(t, b.String())
}

// exabgpOpen is the OPEN of testdata/open-exabgp-4.2.hex as a value.
func exabgpOpen() Open {
	return Open{
		Version: 4, MyAS: 65000, HoldTime: 180, RouterID: netip.MustParseAddr("10.0.0.1"),
		Capabilities: []Capability{
			CapMultiprotocol(IPv4Unicast),
			CapMultiprotocol(IPv4VPN),
			CapMultiprotocol(IPv6Unicast),
			CapASN4(65000),
			CapExtendedNextHop{{IPv4Unicast, AFIIPv6}},
			CapAddPath{{IPv4Unicast, AddPathBoth}, {IPv6Unicast, AddPathBoth}, {IPv4VPN, AddPathBoth}},
			CapGracefulRestart{Flags: GRRestartState, Time: 120, Families: []GRFamily{
				{IPv4Unicast, GRForwardingState}, {IPv4VPN, GRForwardingState}, {IPv6Unicast, GRForwardingState},
			}},
			CapRouteRefresh{},
			CapEnhancedRouteRefresh{},
			CapOperational{},
			CapExtendedMessage{},
			CapMultiSession{Codes: []CapCode{0}},
			CapMultiSession{Codes: []CapCode{CapCodeMultiprotocol}},
		},
	}
}

func TestOpenExaBGPGolden(t *testing.T) {
	raw := readHexGolden(t, "open-exabgp-4.2.hex")
	want := exabgpOpen()

	m, err := DecodeMessage(raw, Options{})
	require.NoError(t, err)
	assert.Equal(t, want, m)
	assert.Equal(t, uint32(65000), m.(Open).AS())
	assert.Equal(t, []Family{IPv4Unicast, IPv4VPN, IPv6Unicast}, m.(Open).Families())

	b, err := AppendMessage(nil, want, Options{})
	require.NoError(t, err)
	assert.Equal(t, raw, b)
}

func TestOpen(t *testing.T) {
	id := netip.MustParseAddr("192.0.2.1")
	tests := []struct {
		name string
		open Open
		hex  string
	}{
		{
			name: "no capabilities",
			open: Open{Version: 4, MyAS: 65001, HoldTime: 90, RouterID: id},
			hex:  "04 FDE9 005A C0000201 00",
		},
		{
			name: "4-byte AS is AS_TRANS in My AS",
			open: NewOpen(4200000000, 180, id, []Capability{CapASN4(4200000000)}),
			hex:  "04 5BA0 00B4 C0000201 08 02 06 41 04 FA56EA00",
		},
		{
			name: "unknown capability kept raw",
			open: NewOpen(1, 0, id, []Capability{UnknownCapability{CapCode: 66, Value: []byte{1, 2}}}),
			hex:  "04 0001 0000 C0000201 06 02 04 42 02 0102",
		},
		{
			name: "hostname and software version",
			open: NewOpen(1, 3, id, []Capability{CapHostname{"r1", "lab"}, CapSoftwareVersion("exago")}),
			hex:  "04 0001 0003 C0000201 15 02 09 B8 07 02 7231 03 6C6162 02 08 4B 06 05 657861676F",
		},
		{
			name: "cisco route refresh and multisession",
			open: NewOpen(1, 3, id, []Capability{CapRouteRefresh{Cisco: true}, CapMultiSession{Cisco: true, Codes: []CapCode{1}}}),
			hex:  "04 0001 0003 C0000201 09 02 02 80 00 02 03 83 01 01",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.open.AppendBody(nil, Options{})
			require.NoError(t, err)
			assert.Equal(t, unhex(t, tt.hex), b)
			got, err := DecodeOpen(b)
			require.NoError(t, err)
			assert.Equal(t, tt.open, got)
		})
	}
	assert.Equal(t, uint32(4200000000), tests[1].open.AS())
}

func TestOpenSeveralCapabilitiesInOneParameter(t *testing.T) {
	// Other speakers pack every capability in one optional parameter.
	b := unhex(t, "04 0001 00B4 C0000201 0E 02 0C 01 04 0001 0001 41 04 00000001")
	got, err := DecodeOpen(b)
	require.NoError(t, err)
	assert.Equal(t, []Capability{CapMultiprotocol(IPv4Unicast), CapASN4(1)}, got.Capabilities)
}

func TestOpenExtendedOptionalParameters(t *testing.T) {
	// RFC 9072: length 255, type 255, 2-byte length, 2-byte parameter lengths.
	b := unhex(t, "04 0001 00B4 C0000201 FF FF 000F 02 000C 01 04 0001 0001 41 04 00000001")
	got, err := DecodeOpen(b)
	require.NoError(t, err)
	assert.Equal(t, []Capability{CapMultiprotocol(IPv4Unicast), CapASN4(1)}, got.Capabilities)

	// And we write it when the capabilities need more than 255 bytes.
	var caps []Capability
	for i := range 40 {
		caps = append(caps, CapMultiprotocol(Family{AFI(i), 1}))
	}
	big := NewOpen(1, 180, netip.MustParseAddr("1.1.1.1"), caps)
	b, err = big.AppendBody(nil, Options{})
	require.NoError(t, err)
	assert.Equal(t, unhex(t, "FF FF 0168 02 0006 01 04 0000 00 01"), b[9:22])
	got, err = DecodeOpen(b)
	require.NoError(t, err)
	assert.Equal(t, big, got)
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		want Notification
	}{
		{"version 3", "03 0001 00B4 C0000201 00", Notification{Code: 2, Subcode: 1, Data: []byte{0, 4}}},
		{"hold time 2", "04 0001 0002 C0000201 00", Notification{Code: 2, Subcode: 6}},
		{"unknown parameter", "04 0001 00B4 C0000201 03 01 01 00", Notification{Code: 2, Subcode: 4}},
		{"parameter overrun", "04 0001 00B4 C0000201 03 02 05 00", Notification{Code: 2, Subcode: 0}},
		{"capability overrun", "04 0001 00B4 C0000201 04 02 02 01 04", Notification{Code: 2, Subcode: 0}},
		{"short", "04 0001 00B4 C00002", Notification{Code: 1, Subcode: 2, Data: []byte{0, 27}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeOpen(unhex(t, tt.hex))
			var n *Notification
			require.ErrorAs(t, err, &n)
			assert.Equal(t, tt.want, *n)
		})
	}
}

func TestCapabilities(t *testing.T) {
	tests := []struct {
		name string
		cap  Capability
		hex  string // code, length, value
		str  string
	}{
		{"multiprotocol", CapMultiprotocol(IPv6VPN), "01 04 0002 00 80", "Multiprotocol(ipv6 mpls-vpn)"},
		{"route refresh", CapRouteRefresh{}, "02 00", "Route Refresh"},
		{"cisco route refresh", CapRouteRefresh{Cisco: true}, "80 00", "Cisco Route Refresh"},
		{"enhanced route refresh", CapEnhancedRouteRefresh{}, "46 00", "Enhanced Route Refresh"},
		{"asn4", CapASN4(4200000000), "41 04 FA56EA00", "ASN4(4200000000)"},
		{"extended message", CapExtendedMessage{}, "06 00", "Extended Message(65535)"},
		{
			"graceful restart", CapGracefulRestart{Time: 300, Families: []GRFamily{{IPv4Unicast, 0x80}, {IPv6Unicast, 0}}},
			"40 0A 012C 0001 01 80 0002 01 00", "Graceful Restart Flags 0x0 Time 300 ipv4/unicast=0x80 ipv6/unicast=0x0",
		},
		{"graceful restart no family", CapGracefulRestart{Flags: 8, Time: 4095}, "40 02 8FFF", "Graceful Restart Flags 0x8 Time 4095"},
		{
			"add-path", CapAddPath{{IPv4Unicast, AddPathReceive}, {IPv6MPLS, AddPathSend}},
			"45 08 0001 01 01 0002 04 02", "AddPath(receive ipv4 unicast,send ipv6 nlri-mpls)",
		},
		{
			"extended next hop", CapExtendedNextHop{{IPv4Unicast, AFIIPv6}, {IPv4VPN, AFIIPv6}},
			"05 0C 0001 0001 0002 0001 0080 0002", "NextHop(ipv4 unicast ipv6,ipv4 mpls-vpn ipv6)",
		},
		{"multisession", CapMultiSession{Codes: []CapCode{0}}, "44 01 00", "Multisession (RFC) reserved"},
		{"operational", CapOperational{}, "B9 00", "Operational"},
		{"hostname", CapHostname{"host", ""}, "B8 06 04 686F7374 00", "Hostname(host )"},
		{"software version", CapSoftwareVersion("x"), "4B 02 01 78", "Software Version(x)"},
		{"unknown", UnknownCapability{CapCode: 66, Value: []byte{0xAB}}, "42 01 AB", "Unknown capability-0x42"},
		{"unassigned", UnknownCapability{CapCode: 100}, "64 00", "Unassigned unassigned-0x64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := AppendCapability(nil, tt.cap)
			require.NoError(t, err)
			assert.Equal(t, unhex(t, tt.hex), b)
			assert.Equal(t, tt.cap, DecodeCapability(CapCode(b[0]), b[2:]))
			assert.Equal(t, tt.str, tt.cap.(interface{ String() string }).String())
		})
	}
}

func TestCapabilityMalformedIsUnknown(t *testing.T) {
	// A known capability with a value we cannot parse is kept raw.
	got := DecodeCapability(CapCodeASN4, []byte{1, 2})
	assert.Equal(t, UnknownCapability{CapCode: CapCodeASN4, Value: []byte{1, 2}}, got)
}
