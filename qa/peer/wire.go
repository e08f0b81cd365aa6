package peer

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net/netip"
	"strings"
)

// BGP message types the peer looks at.
const (
	typeOpen         = 1
	typeUpdate       = 2
	typeNotification = 3
	typeKeepalive    = 4
)

const headerLen = 19

// readMessage reads one whole BGP message (header included).
func readMessage(r io.Reader) ([]byte, error) {
	h := make([]byte, headerLen)
	if _, err := io.ReadFull(r, h); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint16(h[16:18]))
	if n < headerLen {
		return nil, fmt.Errorf("read message: length %d below header size", n)
	}
	m := make([]byte, n)
	copy(m, h)
	if _, err := io.ReadFull(r, m[headerLen:]); err != nil {
		return nil, fmt.Errorf("read message body: %w", err)
	}
	return m, nil
}

func header(b []byte, length int, typ byte) []byte {
	for range 16 {
		b = append(b, 0xff)
	}
	b = binary.BigEndian.AppendUint16(b, uint16(length))
	return append(b, typ)
}

// keepalive is a KEEPALIVE message.
func keepalive() []byte { return header(nil, headerLen, typeKeepalive) }

// openReply mirrors the daemon's OPEN: same parameters, router-id plus one in
// its last byte; with unknown, a capability 66 ("loremipsum") is appended.
func openReply(open []byte, unknown bool) ([]byte, error) {
	if len(open) < headerLen+10 || open[18] != typeOpen {
		return nil, fmt.Errorf("open reply: not an OPEN: %X", open)
	}
	o := append([]byte(nil), open...)
	o[headerLen+8]++
	if unknown {
		content := []byte("loremipsum")
		cap66 := append([]byte{66, byte(len(content))}, content...)
		param := append([]byte{2, byte(len(cap66))}, cap66...)
		o[headerLen+9] += byte(len(param))
		o = append(o, param...)
		binary.BigEndian.PutUint16(o[16:18], uint16(len(o)))
	}
	return o, nil
}

// defaultRoute is the UPDATE for 0.0.0.0/0 sent with send-default-route:
// ORIGIN IGP, empty AS_PATH, NEXT_HOP 127.0.0.1, LOCAL_PREF 100.
func defaultRoute() []byte {
	body := []byte{
		0x00, 0x00, // no withdrawn routes
		0x00, 0x15, // attributes length
		0x40, 0x01, 0x01, 0x00, // ORIGIN IGP
		0x40, 0x02, 0x00, // AS_PATH empty
		0x40, 0x03, 0x04, 0x7f, 0x00, 0x00, 0x01, // NEXT_HOP 127.0.0.1
		0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0x64, // LOCAL_PREF 100
		0x20, 0x00, 0x00, 0x00, 0x00, // 0.0.0.0/32 as the legacy peer sends it
	}
	return append(header(nil, headerLen+len(body), typeUpdate), body...)
}

// notification is the cease (subcode 0) sent with send-notification.
func notification() []byte {
	data := []byte("closing session because we can")
	m := header(nil, headerLen+2+len(data), typeNotification)
	m = append(m, 6, 0)
	return append(m, data...)
}

// update is the decoded content of an UPDATE the peer cares about.
type update struct {
	withdrawn []netip.Prefix
	announced []netip.Prefix
	eor       bool // End-of-RIB marker (empty UPDATE or bare MP_UNREACH)
	// reach and unreach are the MP_REACH_NLRI and MP_UNREACH_NLRI
	// routes, attrText the other attributes in words (describe=true only).
	reach, unreach []mpRoutes
	attrText       string
}

// decodeUpdate extracts the IPv4 prefixes of an UPDATE message.
// With describe, the MP routes and the attributes are decoded too.
func decodeUpdate(m []byte, describe bool) (update, error) {
	var u update
	body := m[headerLen:]
	if len(body) < 4 {
		return u, fmt.Errorf("update too short: %X", m)
	}
	wl := int(binary.BigEndian.Uint16(body))
	if 2+wl+2 > len(body) {
		return u, fmt.Errorf("update withdrawn length %d overflows: %X", wl, m)
	}
	withdrawn := body[2 : 2+wl]
	al := int(binary.BigEndian.Uint16(body[2+wl:]))
	if 4+wl+al > len(body) {
		return u, fmt.Errorf("update attribute length %d overflows: %X", al, m)
	}
	attrs := body[4+wl : 4+wl+al]
	nlri := body[4+wl+al:]
	var err error
	if u.withdrawn, err = prefixes(withdrawn); err != nil {
		return u, fmt.Errorf("withdrawn routes: %w", err)
	}
	if u.announced, err = prefixes(nlri); err != nil {
		return u, fmt.Errorf("nlri: %w", err)
	}
	if len(withdrawn) == 0 && len(nlri) == 0 {
		u.eor = al == 0 || bareUnreach(attrs)
	}
	if describe && !u.eor {
		if u.attrText, u.reach, u.unreach, err = describeAttributes(attrs); err != nil {
			return u, fmt.Errorf("attributes: %w", err)
		}
	}
	return u, nil
}

// bareUnreach reports whether attrs is a single MP_UNREACH_NLRI with only
// an AFI/SAFI (the End-of-RIB of another family).
func bareUnreach(attrs []byte) bool {
	if len(attrs) < 3 || attrs[1] != 15 {
		return false
	}
	if attrs[0]&0x10 != 0 {
		return len(attrs) == 7 && binary.BigEndian.Uint16(attrs[2:]) == 3
	}
	return len(attrs) == 6 && attrs[2] == 3
}

func prefixes(b []byte) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for len(b) > 0 {
		bits := int(b[0])
		if bits > 32 {
			return nil, fmt.Errorf("prefix length %d", bits)
		}
		n := (bits + 7) / 8
		if 1+n > len(b) {
			return nil, fmt.Errorf("prefix truncated: %X", b)
		}
		var a [4]byte
		copy(a[:], b[1:1+n])
		out = append(out, netip.PrefixFrom(netip.AddrFrom4(a), bits))
		b = b[1+n:]
	}
	return out, nil
}

// hexOf is the upper-case hex of a message, as .msg raw entries hold it.
func hexOf(m []byte) string { return strings.ToUpper(hex.EncodeToString(m)) }

func typeName(t byte) string {
	switch t {
	case typeOpen:
		return "OPEN"
	case typeUpdate:
		return "UPDATE"
	case typeNotification:
		return "NOTIFICATION"
	case typeKeepalive:
		return "KEEPALIVE"
	case 5:
		return "ROUTE-REFRESH"
	}
	return fmt.Sprintf("type-%d", t)
}
