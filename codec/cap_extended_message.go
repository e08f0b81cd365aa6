package codec

// CapExtendedMessage is the extended message capability (RFC 8654),
// empty: messages up to 65,535 bytes.
type CapExtendedMessage struct{}

// Code is CapCodeExtendedMessage.
func (CapExtendedMessage) Code() CapCode { return CapCodeExtendedMessage }

// AppendValue appends nothing.
func (CapExtendedMessage) AppendValue(b []byte) []byte { return b }

// String is ExaBGP's form.
func (CapExtendedMessage) String() string { return "Extended Message(65535)" }

func decodeCapExtendedMessage(v []byte) (Capability, error) {
	if err := emptyCapValue(CapCodeExtendedMessage, v); err != nil {
		return nil, err
	}
	return CapExtendedMessage{}, nil
}
