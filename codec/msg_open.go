package codec

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
)

// Open is an OPEN message (RFC 4271 section 4.2) with its capabilities
// (RFC 5492).
//
// Encoding follows ExaBGP: every capability goes in its own optional
// parameter of type 2 (capabilities), in the order of Capabilities. Over
// 255 bytes of parameters, the RFC 9072 extended form is used (and
// accepted when decoding).
type Open struct {
	// Version is the BGP version, 4.
	Version uint8
	// MyAS is the 2-byte AS field: the AS, or AS_TRANS for a 4-byte AS
	// (see NewOpen and AS).
	MyAS uint16
	// HoldTime is the proposed hold time in seconds.
	HoldTime uint16
	// RouterID is the BGP identifier (an IPv4 address).
	RouterID netip.Addr
	// Capabilities are the announced capabilities, in order.
	Capabilities []Capability
}

// NewOpen returns a version 4 OPEN for AS as: MyAS is AS_TRANS when as does
// not fit in 2 bytes (RFC 6793 section 4.1), as ExaBGP does.
func NewOpen(as uint32, holdTime uint16, routerID netip.Addr, caps []Capability) Open {
	my := uint16(as)
	if as > 0xffff {
		my = ASTrans
	}
	return Open{Version: 4, MyAS: my, HoldTime: holdTime, RouterID: routerID, Capabilities: caps}
}

// Type is MsgOpen.
func (Open) Type() MsgType { return MsgOpen }

// AS is the speaker's AS: the 4-byte AS capability when present, else
// MyAS.
func (o Open) AS() uint32 {
	for _, c := range o.Capabilities {
		if a, ok := c.(CapASN4); ok {
			return uint32(a)
		}
	}
	return uint32(o.MyAS)
}

// Capability returns the first capability of code c, if any.
func (o Open) Capability(c CapCode) (Capability, bool) {
	for _, x := range o.Capabilities {
		if x.Code() == c {
			return x, true
		}
	}
	return nil, false
}

// Families lists the families of the multiprotocol capabilities.
func (o Open) Families() []Family {
	var fs []Family
	for _, c := range o.Capabilities {
		if m, ok := c.(CapMultiprotocol); ok {
			fs = append(fs, Family(m))
		}
	}
	return fs
}

// AppendBody appends version, AS, hold time, identifier and the optional
// parameters, one per capability.
func (o Open) AppendBody(b []byte, _ Options) ([]byte, error) {
	if !o.RouterID.Is4() {
		return b, fmt.Errorf("encode open: router id %s is not ipv4", o.RouterID)
	}
	b = append(b, o.Version)
	b = binary.BigEndian.AppendUint16(b, o.MyAS)
	b = binary.BigEndian.AppendUint16(b, o.HoldTime)
	id := o.RouterID.As4()
	b = append(b, id[:]...)
	lenAt := len(b)
	b = append(b, 0)
	for _, c := range o.Capabilities {
		pAt := len(b)
		b = append(b, 2, 0)
		var err error
		if b, err = AppendCapability(b, c); err != nil {
			return b, fmt.Errorf("encode open: %w", err)
		}
		if n := len(b) - pAt - 2; n > 255 {
			return b, fmt.Errorf("encode open: capability %s too long", c.Code())
		} else {
			b[pAt+1] = byte(n)
		}
	}
	n := len(b) - lenAt - 1
	if n <= 255 {
		b[lenAt] = byte(n)
		return b, nil
	}
	// Too long for one length byte: the RFC 9072 extended form (ExaBGP 4.2
	// would fail here).
	b = append(b[:lenAt], 255, 255, 0, 0)
	for _, c := range o.Capabilities {
		pAt := len(b)
		b = append(b, 2, 0, 0)
		var err error
		if b, err = AppendCapability(b, c); err != nil {
			return b, fmt.Errorf("encode open: %w", err)
		}
		binary.BigEndian.PutUint16(b[pAt+1:], uint16(len(b)-pAt-3))
	}
	if n = len(b) - lenAt - 4; n > 0xffff {
		return b, fmt.Errorf("encode open: %d bytes of optional parameters", n)
	}
	binary.BigEndian.PutUint16(b[lenAt+2:], uint16(n))
	return b, nil
}

// DecodeOpen decodes an OPEN body. Errors are *Notification (RFC 4271
// section 6.2).
func DecodeOpen(body []byte) (Open, error) {
	if len(body) < 10 {
		return Open{}, notify(NotifyHeader, SubBadMessageLength, lengthData(len(body)+HeaderLen))
	}
	o := Open{
		Version:  body[0],
		MyAS:     binary.BigEndian.Uint16(body[1:]),
		HoldTime: binary.BigEndian.Uint16(body[3:]),
		RouterID: netip.AddrFrom4([4]byte(body[5:9])),
	}
	// RFC 4271 section 6.2: "If the version number in the Version field of
	// the received OPEN message is not supported, then the Error Subcode
	// MUST be set to Unsupported Version Number. The Data field is a
	// 2-octet unsigned integer, which indicates the largest, locally-
	// supported version number less than the version the remote BGP peer
	// bid".
	if o.Version != 4 {
		return o, notify(NotifyOpen, SubUnsupportedVersion, []byte{0, 4})
	}
	// "If the Hold Time field of the OPEN message is unacceptable, then the
	// Error Subcode MUST be set to Unacceptable Hold Time. An
	// implementation MUST reject Hold Time values of one or two seconds."
	if o.HoldTime == 1 || o.HoldTime == 2 {
		return o, notify(NotifyOpen, SubUnacceptableHoldTime, nil)
	}
	optLen := int(body[9])
	params := body[10:]
	// RFC 9072 section 2: "If the value of the "Non-Ext OP Type" field is
	// 255, then the encoding described above is used for the Optional
	// Parameters length field" — a 2-byte length after it, and 2-byte
	// parameter lengths. ExaBGP 4.2 does not send it; we accept it.
	hl := 2
	if optLen == 255 && len(params) >= 3 && params[0] == 255 {
		optLen = int(binary.BigEndian.Uint16(params[1:]))
		params = params[3:]
		hl = 3
	}
	if len(params) != optLen {
		// The optional parameters length disagrees with the message length.
		return o, notify(NotifyOpen, 0, nil)
	}
	for len(params) > 0 {
		if len(params) < hl {
			return o, notify(NotifyOpen, 0, nil)
		}
		pl := int(params[1])
		if hl == 3 {
			pl = int(binary.BigEndian.Uint16(params[1:]))
		}
		if len(params) < hl+pl {
			return o, notify(NotifyOpen, 0, nil)
		}
		ptype, pval := params[0], params[hl:hl+pl]
		params = params[hl+pl:]
		// "If one of the Optional Parameters in the OPEN message is not
		// recognized, then the Error Subcode MUST be set to Unsupported
		// Optional Parameters."
		if ptype != 2 {
			return o, notify(NotifyOpen, SubUnsupportedOptParam, nil)
		}
		for len(pval) > 0 {
			if len(pval) < 2 || len(pval) < 2+int(pval[1]) {
				return o, notify(NotifyOpen, 0, nil)
			}
			c := DecodeCapability(CapCode(pval[0]), pval[2:2+int(pval[1])])
			o.Capabilities = append(o.Capabilities, c)
			pval = pval[2+int(pval[1]):]
		}
	}
	return o, nil
}

// String is ExaBGP's "OPEN version=4 asn=65000 hold_time=180
// router_id=1.2.3.4 capabilities=[...]" form.
func (o Open) String() string {
	parts := make([]string, 0, len(o.Capabilities))
	for _, c := range o.Capabilities {
		parts = append(parts, fmt.Sprint(c))
	}
	return fmt.Sprintf("OPEN version=%d asn=%d hold_time=%d router_id=%s capabilities=[%s]",
		o.Version, o.MyAS, o.HoldTime, o.RouterID, strings.Join(parts, ", "))
}
