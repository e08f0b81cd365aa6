package codec

// Keepalive is a KEEPALIVE message (RFC 4271 section 4.4): a header alone.
type Keepalive struct{}

// Type is MsgKeepalive.
func (Keepalive) Type() MsgType { return MsgKeepalive }

// AppendBody appends nothing.
func (Keepalive) AppendBody(b []byte, _ Options) ([]byte, error) { return b, nil }

// String is "KEEPALIVE".
func (Keepalive) String() string { return "KEEPALIVE" }
