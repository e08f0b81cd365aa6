package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// marker is the all-ones 16-byte marker of the common header.
var marker = [16]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// String is ExaBGP's upper-case name of the message type ("UPDATE").
func (t MsgType) String() string {
	switch t {
	case 0:
		return "NOP"
	case MsgOpen:
		return "OPEN"
	case MsgUpdate:
		return "UPDATE"
	case MsgNotification:
		return "NOTIFICATION"
	case MsgKeepalive:
		return "KEEPALIVE"
	case MsgRouteRefresh:
		return "ROUTE_REFRESH"
	case 6:
		return "OPERATIONAL"
	}
	return fmt.Sprintf("unknown message 0x%x", uint8(t))
}

// minLength is the smallest valid message length of each type (RFC 4271
// section 6.1, RFC 2918).
func minLength(t MsgType) (int, bool) {
	switch t {
	case MsgOpen:
		return 29, true
	case MsgUpdate:
		return 23, true
	case MsgNotification:
		return 21, true
	case MsgKeepalive:
		return 19, true
	case MsgRouteRefresh:
		return 23, true
	case MsgOperational:
		return 26, true // type, length, afi, safi
	}
	return 0, false
}

// AppendMessage appends the whole message m (header and body) encoded under
// o. It fails when the message would exceed o.MaxMessageSize().
func AppendMessage(b []byte, m Message, o Options) ([]byte, error) {
	start := len(b)
	b = append(b, marker[:]...)
	b = append(b, 0, 0, byte(m.Type()))
	b, err := m.AppendBody(b, o)
	if err != nil {
		return b[:start], fmt.Errorf("encode %s: %w", m.Type(), err)
	}
	n := len(b) - start
	if n > o.MaxMessageSize() {
		return b[:start], fmt.Errorf("encode %s: %d bytes exceed the maximum message size %d", m.Type(), n, o.MaxMessageSize())
	}
	binary.BigEndian.PutUint16(b[start+16:], uint16(n))
	return b, nil
}

// lengthData is the Data of a Bad Message Length notification: the
// erroneous length field.
func lengthData(n int) []byte { return binary.BigEndian.AppendUint16(nil, uint16(n)) }

// CheckHeader validates the 19-byte common header h and returns the message
// length and type. Errors are *Notification (RFC 4271 section 6.1).
func CheckHeader(h []byte, o Options) (int, MsgType, error) {
	if len(h) < HeaderLen {
		return 0, 0, fmt.Errorf("decode header: %d bytes, need %d", len(h), HeaderLen)
	}
	// RFC 4271 section 6.1: "If the Marker field of the message header is
	// not as expected, then a synchronization error has occurred and the
	// Error Subcode MUST be set to Connection Not Synchronized."
	if [16]byte(h[:16]) != marker {
		return 0, 0, notify(NotifyHeader, SubConnNotSynchronized, nil)
	}
	n := int(binary.BigEndian.Uint16(h[16:]))
	t := MsgType(h[18])
	// "If the Type field of the message header is not recognized, then the
	// Error Subcode MUST be set to Bad Message Type. The Data field MUST
	// contain the erroneous Type field."
	minLen, ok := minLength(t)
	if !ok || t == MsgOperational && !o.Operational {
		return n, t, notify(NotifyHeader, SubBadMessageType, []byte{byte(t)})
	}
	// "If the Length field of the message header is less than 19 or greater
	// than 4096, or if the Length field of an OPEN message is less than the
	// minimum length of the OPEN message, or if the Length field of an
	// UPDATE message is less than the minimum length of the UPDATE message,
	// or if the Length field of a KEEPALIVE message is not equal to 19, or
	// if the Length field of a NOTIFICATION message is less than the
	// minimum length of the NOTIFICATION message, then the Error Subcode
	// MUST be set to Bad Message Length. The Data field MUST contain the
	// erroneous Length field." (4096 becomes 65535 under RFC 8654; an OPEN
	// and a KEEPALIVE stay within 4096.)
	max := o.MaxMessageSize()
	if t == MsgOpen || t == MsgKeepalive {
		max = 4096
	}
	if n < minLen || n > max || (t == MsgKeepalive && n != HeaderLen) {
		return n, t, notify(NotifyHeader, SubBadMessageLength, lengthData(n))
	}
	if t == MsgRouteRefresh && n != 23 {
		// RFC 7313 section 5: Invalid Message Length, data is the message.
		return n, t, notify(NotifyRouteRefresh, SubInvalidMessageLength, nil)
	}
	return n, t, nil
}

// DecodeMessage decodes one whole message b (header included) under o.
// Header errors, and errors that must reset the session, are *Notification.
// An UPDATE may come back together with a *TreatAsWithdraw or
// *AttributeDiscard error (RFC 7606): the message is then still returned.
func DecodeMessage(b []byte, o Options) (Message, error) {
	n, t, err := CheckHeader(b, o)
	if err != nil {
		var nt *Notification
		if errors.As(err, &nt) && nt.Code == NotifyRouteRefresh && len(b) >= n {
			nt.Data = append([]byte(nil), b[:n]...)
		}
		return nil, err
	}
	if len(b) != n {
		return nil, notify(NotifyHeader, SubBadMessageLength, lengthData(n))
	}
	body := b[HeaderLen:]
	switch t {
	case MsgKeepalive:
		return Keepalive{}, nil
	case MsgNotification:
		return DecodeNotification(body)
	case MsgRouteRefresh:
		r, err := DecodeRouteRefresh(body)
		return r, err
	case MsgOpen:
		o, err := DecodeOpen(body)
		if err != nil {
			return nil, err
		}
		return o, nil
	case MsgUpdate:
		u, err := DecodeUpdate(body, o)
		if u == nil {
			return nil, err
		}
		return *u, err
	case MsgOperational:
		return DecodeOperational(body)
	}
	return nil, notify(NotifyHeader, SubBadMessageType, []byte{byte(t)})
}

// ReadMessage reads one whole message from r into buf (grown as needed)
// and returns it, header included; the slice aliases buf. Header errors are
// *Notification; I/O errors are returned as they are (io.EOF on a clean
// close before a header).
func ReadMessage(r io.Reader, buf []byte, o Options) ([]byte, error) {
	if cap(buf) < HeaderLen {
		buf = make([]byte, 0, 4096)
	}
	buf = buf[:HeaderLen]
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, err
	}
	n, _, err := CheckHeader(buf, o)
	if err != nil {
		var nt *Notification
		if !errors.As(err, &nt) || nt.Code != NotifyRouteRefresh || n < HeaderLen {
			return nil, err
		}
		// Read the whole malformed ROUTE-REFRESH: RFC 7313 puts it in Data.
		buf = grow(buf, n)
		if _, rerr := io.ReadFull(r, buf[HeaderLen:n]); rerr != nil {
			return nil, rerr
		}
		nt.Data = append([]byte(nil), buf[:n]...)
		return nil, nt
	}
	buf = grow(buf, n)
	if _, err := io.ReadFull(r, buf[HeaderLen:n]); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return buf[:n], nil
}

// grow returns buf resized to n bytes, keeping its content.
func grow(buf []byte, n int) []byte {
	if cap(buf) >= n {
		return buf[:n]
	}
	nb := make([]byte, n, max(n, 4096))
	copy(nb, buf)
	return nb
}
