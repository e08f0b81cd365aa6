package session

import (
	"encoding/binary"

	"github.com/exago/exago/codec"
)

// notification is a NOTIFICATION to send or one received, and the error
// that ends a session because of it.
type notification struct {
	code    uint8
	subcode uint8
	data    []byte
	// text is ExaBGP's explanation, sent as the data when data is nil.
	text string
	// noData sends no data at all (otherwise ExaBGP sends the subcode
	// name when it has nothing else to say).
	noData bool
}

// NOTIFICATION error codes (RFC 4271 section 4.5).
const (
	notifHeader       = 1
	notifOpen         = 2
	notifUpdate       = 3
	notifHoldExpired  = 4
	notifFSM          = 5
	notifCease        = 6
	ceaseAdminDown    = 2
	ceaseDeconfigured = 3
	ceaseAdminReset   = 4
	ceaseCollision    = 7
)

func (n notification) Error() string { return n.String() }

// wire is the data sent, as ExaBGP's Notify builds it: the explanation
// or else the subcode name when there is no data, led by its length for
// Cease administrative shutdown and reset (RFC 8203).
func (n notification) wire() []byte {
	if n.data != nil || n.noData {
		return n.data
	}
	text := n.text
	if text == "" {
		text = codec.Notification{Code: n.code, Subcode: n.subcode}.SubcodeName()
		if text == "unknow reason" {
			text = "unknown notification type"
		}
	}
	if n.code == notifCease && (n.subcode == ceaseAdminDown || n.subcode == ceaseAdminReset) {
		return append([]byte{byte(len(text))}, text...)
	}
	return []byte(text)
}

// String is the notification as ExaBGP words it in logs and reasons.
func (n notification) String() string {
	return codec.Notification{Code: n.code, Subcode: n.subcode, Data: n.wire()}.String()
}

// appendNotification appends the whole NOTIFICATION message.
func appendNotification(b []byte, n notification) []byte {
	start := len(b)
	b = append(b, marker[:]...)
	b = append(b, 0, 0, byte(codec.MsgNotification), n.code, n.subcode)
	b = append(b, n.wire()...)
	binary.BigEndian.PutUint16(b[start+16:], uint16(len(b)-start))
	return b
}

// appendKeepalive appends a KEEPALIVE message.
func appendKeepalive(b []byte) []byte {
	b = append(b, marker[:]...)
	return append(b, 0, codec.HeaderLen, byte(codec.MsgKeepalive))
}
