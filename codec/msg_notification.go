package codec

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Notification error codes (RFC 4271 section 4.5, RFC 7313).
const (
	NotifyHeader       uint8 = 1
	NotifyOpen         uint8 = 2
	NotifyUpdate       uint8 = 3
	NotifyHoldTimer    uint8 = 4
	NotifyFSM          uint8 = 5
	NotifyCease        uint8 = 6
	NotifyRouteRefresh uint8 = 7
)

// Header error subcodes (RFC 4271 section 6.1).
const (
	SubConnNotSynchronized uint8 = 1
	SubBadMessageLength    uint8 = 2
	SubBadMessageType      uint8 = 3
)

// OPEN error subcodes (RFC 4271 section 6.2, RFC 5492).
const (
	SubUnsupportedVersion    uint8 = 1
	SubBadPeerAS             uint8 = 2
	SubBadBGPIdentifier      uint8 = 3
	SubUnsupportedOptParam   uint8 = 4
	SubUnacceptableHoldTime  uint8 = 6
	SubUnsupportedCapability uint8 = 7
)

// UPDATE error subcodes (RFC 4271 section 6.3).
const (
	SubMalformedAttrList     uint8 = 1
	SubUnrecognizedWellKnown uint8 = 2
	SubMissingWellKnown      uint8 = 3
	SubAttrFlagsError        uint8 = 4
	SubAttrLengthError       uint8 = 5
	SubInvalidOrigin         uint8 = 6
	SubInvalidNextHop        uint8 = 8
	SubOptionalAttrError     uint8 = 9
	SubInvalidNetworkField   uint8 = 10
	SubMalformedASPath       uint8 = 11
)

// Cease subcodes (RFC 4486).
const (
	SubMaxPrefixes         uint8 = 1
	SubAdminShutdown       uint8 = 2
	SubPeerDeconfigured    uint8 = 3
	SubAdminReset          uint8 = 4
	SubConnectionRejected  uint8 = 5
	SubOtherConfigChange   uint8 = 6
	SubConnectionCollision uint8 = 7
	SubOutOfResources      uint8 = 8
)

// Route refresh error subcodes (RFC 7313).
const (
	SubInvalidMessageLength    uint8 = 1
	SubMalformedMessageSubtype uint8 = 2
)

// Notification is a NOTIFICATION message (RFC 4271 section 4.5). A
// *Notification is also the error a decoder returns when the session must
// be reset: send it and close.
type Notification struct {
	Code    uint8
	Subcode uint8
	// Data is the raw data field. For Cease administrative shutdown and
	// reset (RFC 8203) it starts with the communication's length byte.
	Data []byte
}

// NewShutdownNotification returns a Cease with subcode sub (administrative
// shutdown or reset) whose data is msg led by its length, as ExaBGP builds
// it (RFC 8203); msg is cut to 255 bytes.
func NewShutdownNotification(sub uint8, msg string) *Notification {
	return &Notification{Code: NotifyCease, Subcode: sub, Data: appendShortString(nil, msg)}
}

// notifyf returns a *Notification whose data is the given raw bytes.
func notify(code, sub uint8, data []byte) *Notification {
	return &Notification{Code: code, Subcode: sub, Data: data}
}

// Type is MsgNotification.
func (Notification) Type() MsgType { return MsgNotification }

// AppendBody appends code, subcode and data.
func (n Notification) AppendBody(b []byte, _ Options) ([]byte, error) {
	return append(append(b, n.Code, n.Subcode), n.Data...), nil
}

// DecodeNotification decodes a NOTIFICATION body.
func DecodeNotification(body []byte) (Notification, error) {
	if len(body) < 2 {
		// RFC 4271 section 6.1: the minimum NOTIFICATION length is 21.
		return Notification{}, notify(NotifyHeader, SubBadMessageLength, lengthData(len(body)+HeaderLen))
	}
	n := Notification{Code: body[0], Subcode: body[1]}
	if len(body) > 2 {
		n.Data = append([]byte(nil), body[2:]...)
	}
	return n, nil
}

// notificationCodes are ExaBGP's names of error codes.
var notificationCodes = map[uint8]string{
	1: "Message header error",
	2: "OPEN message error",
	3: "UPDATE message error",
	4: "Hold timer expired",
	5: "State machine error",
	6: "Cease",
}

// notificationSubcodes are ExaBGP's names of (code, subcode) pairs.
var notificationSubcodes = map[[2]uint8]string{
	{1, 0}: "Unspecific", {1, 1}: "Connection Not Synchronized", {1, 2}: "Bad Message Length",
	{1, 3}: "Bad Message Type",
	{2, 0}: "Unspecific", {2, 1}: "Unsupported Version Number", {2, 2}: "Bad Peer AS",
	{2, 3}: "Bad BGP Identifier", {2, 4}: "Unsupported Optional Parameter",
	{2, 5}: "Authentication Notification (Deprecated)", {2, 6}: "Unacceptable Hold Time",
	{2, 7}: "Unsupported Capability", {2, 8}: "Grouping Conflict", {2, 9}: "Grouping Required",
	{2, 10}: "Capability Value Mismatch",
	{3, 0}:  "Unspecific", {3, 1}: "Malformed Attribute List", {3, 2}: "Unrecognized Well-known Attribute",
	{3, 3}: "Missing Well-known Attribute", {3, 4}: "Attribute Flags Error", {3, 5}: "Attribute Length Error",
	{3, 6}: "Invalid ORIGIN Attribute", {3, 7}: "AS Routing Loop", {3, 8}: "Invalid NEXT_HOP Attribute",
	{3, 9}: "Optional Attribute Error", {3, 10}: "Invalid Network Field", {3, 11}: "Malformed AS_PATH",
	{4, 0}: "Unspecific",
	{5, 0}: "Unspecific", {5, 1}: "Receive Unexpected Message in OpenSent State",
	{5, 2}: "Receive Unexpected Message in OpenConfirm State",
	{5, 3}: "Receive Unexpected Message in Established State",
	{6, 0}: "Unspecific", {6, 1}: "Maximum Number of Prefixes Reached", {6, 2}: "Administrative Shutdown",
	{6, 3}: "Peer De-configured", {6, 4}: "Administrative Reset", {6, 5}: "Connection Rejected",
	{6, 6}: "Other Configuration Change", {6, 7}: "Connection Collision Resolution",
	{6, 8}: "Out of Resources",
	{7, 1}: "Invalid Message Length", {7, 2}: "Malformed Message Subtype",
}

// CodeName is ExaBGP's name of the error code ("Cease"), "unknown error"
// when unknown.
func (n Notification) CodeName() string {
	if s, ok := notificationCodes[n.Code]; ok {
		return s
	}
	return "unknown error"
}

// SubcodeName is ExaBGP's name of the subcode ("Administrative Reset"),
// "unknow reason" (sic) when unknown.
func (n Notification) SubcodeName() string {
	if s, ok := notificationSubcodes[[2]uint8{n.Code, n.Subcode}]; ok {
		return s
	}
	return "unknow reason"
}

// DataString is the data as ExaBGP shows a received NOTIFICATION: for
// Cease shutdown/reset the RFC 8203 communication ('Shutdown
// Communication: "..."'), otherwise the text when printable, else hex.
func (n Notification) DataString() string {
	d := n.Data
	if n.Code == NotifyCease && (n.Subcode == SubAdminShutdown || n.Subcode == SubAdminReset) {
		if len(d) == 0 {
			return ""
		}
		l := int(d[0])
		d = d[1:]
		switch {
		case l == 0:
			return "empty Shutdown Communication."
		case len(d) < l:
			return fmt.Sprintf("invalid Shutdown Communication (buffer underrun) length : %d [%s]", l, hexString(d))
		case l > 128:
			return fmt.Sprintf("invalid Shutdown Communication (too large) length : %d [%s]", l, hexString(d))
		case !utf8.Valid(d[:l]):
			return fmt.Sprintf("invalid Shutdown Communication (invalid UTF-8) length : %d [%s]", l, hexString(d))
		}
		s := `Shutdown Communication: "` + strings.NewReplacer("\r", " ", "\n", " ").Replace(string(d[:l])) + `"`
		if len(d) > l {
			s += ", trailing data: " + hexString(d[l:])
		}
		return s
	}
	for _, c := range d {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0b && c != 0x0c || c > 0x7e {
			return hexString(d)
		}
	}
	return string(d)
}

// hexString is ExaBGP's hexstring: "0x" and upper-case hex.
func hexString(b []byte) string { return fmt.Sprintf("0x%X", b) }

// String is ExaBGP's "Cease / Administrative Reset / data" form.
func (n Notification) String() string {
	s := n.CodeName() + " / " + n.SubcodeName()
	if d := n.DataString(); d != "" {
		s += " / " + d
	}
	return s
}

// Error makes *Notification the error that resets a session.
func (n *Notification) Error() string {
	s := fmt.Sprintf("notification %d/%d (%s / %s)", n.Code, n.Subcode, n.CodeName(), n.SubcodeName())
	if len(n.Data) > 0 {
		s += fmt.Sprintf(" data %X", n.Data)
	}
	return s
}
