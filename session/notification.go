package session

import "github.com/exago/exago/codec"

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

// fromCodec is the NOTIFICATION a codec decoder asks to send; with no
// data, ExaBGP's subcode name is sent (see wire).
func fromCodec(nt *codec.Notification) notification {
	return notification{code: nt.Code, subcode: nt.Subcode, data: nt.Data}
}

// message is the NOTIFICATION as ExaBGP's Notify builds it: the data, or
// else the explanation, or else the subcode name, led by its length for
// Cease administrative shutdown and reset (RFC 8203).
func (n notification) message() *codec.Notification {
	if n.data != nil || n.noData {
		return &codec.Notification{Code: n.code, Subcode: n.subcode, Data: n.data}
	}
	text := n.text
	if text == "" {
		text = codec.Notification{Code: n.code, Subcode: n.subcode}.SubcodeName()
		if text == "unknow reason" {
			text = "unknown notification type"
		}
	}
	if n.code == notifCease && (n.subcode == ceaseAdminDown || n.subcode == ceaseAdminReset) {
		return codec.NewShutdownNotification(n.subcode, text)
	}
	return &codec.Notification{Code: n.code, Subcode: n.subcode, Data: []byte(text)}
}

// String is the notification as ExaBGP words it in logs and reasons.
func (n notification) String() string { return n.message().String() }

// appendNotification appends the whole NOTIFICATION message.
func appendNotification(b []byte, n notification) []byte {
	// a NOTIFICATION body cannot fail to encode; over 4096 bytes (a long
	// text) it is cut as ExaBGP's would be refused: send the codes alone
	out, err := codec.AppendMessage(b, n.message(), codec.Options{})
	if err != nil {
		out, _ = codec.AppendMessage(b, &codec.Notification{Code: n.code, Subcode: n.subcode}, codec.Options{})
	}
	return out
}

// appendKeepalive appends a KEEPALIVE message.
func appendKeepalive(b []byte) []byte {
	b, _ = codec.AppendMessage(b, codec.Keepalive{}, codec.Options{})
	return b
}
