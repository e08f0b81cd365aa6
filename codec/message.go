package codec

// MsgType is the BGP message type code of the common header.
type MsgType uint8

// Message types (RFC 4271 section 4.1, RFC 2918).
const (
	MsgOpen         MsgType = 1
	MsgUpdate       MsgType = 2
	MsgNotification MsgType = 3
	MsgKeepalive    MsgType = 4
	MsgRouteRefresh MsgType = 5
)

// HeaderLen is the length of the common header: 16-byte marker, 2-byte
// length, 1-byte type.
const HeaderLen = 19

// Message is one BGP message body.
type Message interface {
	// Type is the header's message type.
	Type() MsgType
	// AppendBody appends the body (everything after the 19-byte header).
	AppendBody(b []byte, o Options) ([]byte, error)
}
