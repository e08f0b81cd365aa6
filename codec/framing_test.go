package codec

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hdr = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

func TestMessagesGolden(t *testing.T) {
	tests := []struct {
		name string
		msg  Message
		hex  string
		str  string
	}{
		{"keepalive", Keepalive{}, hdr + "0013 04", "KEEPALIVE"},
		{
			// api-teardown.msg: the Cease ExaBGP sends on "teardown 4".
			"cease administrative reset", Notification{Code: 6, Subcode: 4, Data: append([]byte{20}, "Administrative Reset"...)},
			hdr + "002A 03 0604 14 41646D696E697374726174697665205265736574",
			`Cease / Administrative Reset / Shutdown Communication: "Administrative Reset"`,
		},
		{"hold timer expired", Notification{Code: 4}, hdr + "0015 03 0400", "Hold timer expired / Unspecific"},
		{
			"update malformed as_path with data", Notification{Code: 3, Subcode: 11, Data: []byte{0x40, 2, 1, 9}},
			hdr + "0019 03 030B 40020109", "UPDATE message error / Malformed AS_PATH / 0x40020109",
		},
		{"cease with text", Notification{Code: 6, Subcode: 6, Data: []byte("bye")}, hdr + "0018 03 0606 627965", "Cease / Other Configuration Change / bye"},
		{"route refresh", RouteRefresh{Family: IPv4Unicast}, hdr + "0017 05 0001 00 01", "route refresh ipv4/0/unicast"},
		{"enhanced route refresh end", RouteRefresh{Family: IPv6VPN, Subtype: RefreshEnd}, hdr + "0017 05 0002 02 80", "route refresh ipv6/2/mpls-vpn"},
		{"eor ipv4 unicast", Update{}, hdr + "0017 02 0000 0000", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := AppendMessage(nil, tt.msg, Options{})
			require.NoError(t, err)
			assert.Equal(t, unhex(t, tt.hex), b)
			got, err := DecodeMessage(b, Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.msg, got)
			if s, ok := tt.msg.(interface{ String() string }); ok {
				assert.Equal(t, tt.str, s.String())
			}
		})
	}
}

func TestShutdownNotification(t *testing.T) {
	n := NewShutdownNotification(SubAdminReset, "Administrative Reset")
	b, err := AppendMessage(nil, n, Options{})
	require.NoError(t, err)
	assert.Equal(t, unhex(t, hdr+"002A 03 0604 14 41646D696E697374726174697665205265736574"), b)
	assert.Equal(t, "notification 6/4 (Cease / Administrative Reset) data 1441646D696E697374726174697665205265736574", n.Error())
}

func TestNotificationDataString(t *testing.T) {
	tests := []struct {
		n    Notification
		want string
	}{
		{Notification{6, 2, nil}, ""},
		{Notification{6, 2, []byte{0}}, "empty Shutdown Communication."},
		{Notification{6, 2, []byte{5, 'a'}}, "invalid Shutdown Communication (buffer underrun) length : 5 [0x61]"},
		{Notification{6, 2, []byte{1, 0xff}}, "invalid Shutdown Communication (invalid UTF-8) length : 1 [0xFF]"},
		{Notification{6, 2, []byte{2, 'a', '\n', 0xab}}, `Shutdown Communication: "a ", trailing data: 0xAB`},
		{Notification{2, 1, []byte{0, 4}}, "0x0004"},
		{Notification{9, 9, nil}, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.n.DataString())
	}
	assert.Equal(t, "unknown error / unknow reason", Notification{9, 9, nil}.String())
}

func TestHeaderErrors(t *testing.T) {
	long := hdr + "1001 02" + strings.Repeat("00", 4096-19+1)
	tests := []struct {
		name string
		hex  string
		want Notification
	}{
		{"bad marker", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE 0013 04", Notification{1, 1, nil}},
		{"bad type", hdr + "0013 09", Notification{1, 3, []byte{9}}},
		{"keepalive too long", hdr + "0014 04 00", Notification{1, 2, []byte{0, 0x14}}},
		{"length under 19", hdr + "0012 04", Notification{1, 2, []byte{0, 0x12}}},
		{"open too short", hdr + "001C 01" + "04000100B4C000020100"[:18], Notification{1, 2, []byte{0, 0x1C}}},
		{"update over 4096", long, Notification{1, 2, []byte{0x10, 0x01}}},
		{"notification too short", hdr + "0014 03 06", Notification{1, 2, []byte{0, 0x14}}},
		{"route refresh wrong length", hdr + "0018 05 0001000100", Notification{7, 1, unhex(t, hdr+"0018 05 0001000100")}},
		{"length disagrees with buffer", hdr + "0017 02 0000", Notification{1, 2, []byte{0, 0x17}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeMessage(unhex(t, tt.hex), Options{})
			var n *Notification
			require.ErrorAs(t, err, &n)
			assert.Equal(t, tt.want, *n)
		})
	}
	// An UPDATE of 4097 bytes is fine with the extended message capability.
	_, err := DecodeMessage(unhex(t, long), Options{ExtendedMessage: true})
	var n *Notification
	if errors.As(err, &n) { // the body is garbage, but not a header error
		assert.NotEqual(t, uint8(1), n.Code)
	}
}

func TestAppendMessageTooLong(t *testing.T) {
	u := Update{Attributes: []Attribute{Generic{AttrCode: 99, AttrFlags: 0xC0, Value: make([]byte, 5000)}}}
	_, err := AppendMessage(nil, u, Options{})
	assert.ErrorContains(t, err, "exceed the maximum message size 4096")
	b, err := AppendMessage(nil, u, Options{ExtendedMessage: true})
	require.NoError(t, err)
	assert.Len(t, b, 19+4+4+5000)
}

func TestReadMessage(t *testing.T) {
	ka := unhex(t, hdr+"0013 04")
	rr := unhex(t, hdr+"0017 05 0001 00 01")
	stream := bytes.NewReader(append(append(append([]byte(nil), ka...), rr...), ka[:10]...))
	buf := make([]byte, 0, 64)
	m, err := ReadMessage(stream, buf, Options{})
	require.NoError(t, err)
	assert.Equal(t, ka, m)
	m, err = ReadMessage(stream, buf, Options{})
	require.NoError(t, err)
	assert.Equal(t, rr, m)
	_, err = ReadMessage(stream, buf, Options{})
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = ReadMessage(stream, buf, Options{})
	assert.ErrorIs(t, err, io.EOF)

	// A header error comes back as a *Notification.
	_, err = ReadMessage(bytes.NewReader(unhex(t, hdr+"0013 07")), nil, Options{})
	var n *Notification
	require.True(t, errors.As(err, &n))
	assert.Equal(t, Notification{1, 3, []byte{7}}, *n)

	// A large message grows the buffer.
	big := unhex(t, hdr+"0401 02 0000 03E9 C063 03E6"+strings.Repeat("AA", 998))
	m, err = ReadMessage(bytes.NewReader(big), make([]byte, 0, 19), Options{})
	require.NoError(t, err)
	assert.True(t, bytes.Equal(big, m), "large message read back differs")
}
