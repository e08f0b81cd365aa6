package codec

import (
	"encoding/binary"
	"fmt"
)

// Update is an UPDATE message (RFC 4271 section 4.3): the classic IPv4
// unicast withdrawn routes and NLRI fields, and the path attributes (among
// them MP_REACH_NLRI / MP_UNREACH_NLRI for other families).
type Update struct {
	// Withdrawn are the IPv4 unicast routes of the Withdrawn Routes field.
	Withdrawn []NLRI
	// Attributes are the path attributes; AppendBody writes them in
	// ExaBGP's order (see AppendAttributes).
	Attributes []Attribute
	// NLRI are the IPv4 unicast routes of the NLRI field.
	NLRI []NLRI
}

// Type is MsgUpdate.
func (Update) Type() MsgType { return MsgUpdate }

// AppendBody appends withdrawn routes, attributes and NLRI, each length-led
// as needed; NLRI carry path identifiers when add-path is on for IPv4
// unicast.
func (u Update) AppendBody(b []byte, o Options) ([]byte, error) {
	addPath := o.HasAddPath(IPv4Unicast)
	at := len(b)
	b = append(b, 0, 0)
	b, err := AppendNLRIs(b, u.Withdrawn, addPath)
	if err != nil {
		return b, fmt.Errorf("withdrawn routes: %w", err)
	}
	binary.BigEndian.PutUint16(b[at:], uint16(len(b)-at-2))
	at = len(b)
	b = append(b, 0, 0)
	if b, err = AppendAttributes(b, u.Attributes, o); err != nil {
		return b, err
	}
	if n := len(b) - at - 2; n > 0xffff {
		return b, fmt.Errorf("path attributes of %d bytes", n)
	}
	binary.BigEndian.PutUint16(b[at:], uint16(len(b)-at-2))
	if b, err = AppendNLRIs(b, u.NLRI, addPath); err != nil {
		return b, fmt.Errorf("nlri: %w", err)
	}
	return b, nil
}

// Attribute returns the first attribute of code c.
func (u Update) Attribute(c AttrCode) (Attribute, bool) { return FindAttribute(u.Attributes, c) }

// EOR reports whether u is an End-of-RIB marker (RFC 4724 section 2) and
// of which family: an empty UPDATE for IPv4 unicast, or an UPDATE holding
// only an empty MP_UNREACH_NLRI.
func (u Update) EOR() (Family, bool) {
	if len(u.Withdrawn) > 0 || len(u.NLRI) > 0 {
		return Family{}, false
	}
	switch len(u.Attributes) {
	case 0:
		return IPv4Unicast, true
	case 1:
		if m, ok := u.Attributes[0].(MPUnreach); ok && len(m.NLRI) == 0 {
			return m.Family, true
		}
	}
	return Family{}, false
}

// NewEOR returns the End-of-RIB marker UPDATE of f.
func NewEOR(f Family) Update {
	if f == IPv4Unicast {
		return Update{}
	}
	return Update{Attributes: []Attribute{EOR(f)}}
}

// DecodeUpdate decodes an UPDATE body under o. Session-reset errors are
// *Notification and come with a nil *Update. A *TreatAsWithdraw or
// *AttributeDiscard error comes with the decoded Update: for
// treat-as-withdraw, the caller withdraws every route of it (RFC 7606).
func DecodeUpdate(body []byte, o Options) (*Update, error) {
	// RFC 4271 section 6.3: "Error checking of an UPDATE message begins by
	// examining the path attributes. If the Withdrawn Routes Length or
	// Total Attribute Length is too large (i.e., if Withdrawn Routes Length
	// + Total Attribute Length + 23 exceeds the message Length), then the
	// Error Subcode MUST be set to Malformed Attribute List."
	if len(body) < 4 {
		return nil, notify(NotifyUpdate, SubMalformedAttrList, nil)
	}
	wl := int(binary.BigEndian.Uint16(body))
	if 2+wl+2 > len(body) {
		return nil, notify(NotifyUpdate, SubMalformedAttrList, nil)
	}
	withdrawn := body[2 : 2+wl]
	al := int(binary.BigEndian.Uint16(body[2+wl:]))
	if 2+wl+2+al > len(body) {
		return nil, notify(NotifyUpdate, SubMalformedAttrList, nil)
	}
	attrs := body[4+wl : 4+wl+al]
	nlri := body[4+wl+al:]
	addPath := o.HasAddPath(IPv4Unicast)
	u := &Update{}
	var err error
	// RFC 7606 section 5.3: to use "treat-as-withdraw", "the entire NLRI
	// field and/or the MP_REACH_NLRI and MP_UNREACH_NLRI attributes need to
	// be successfully parsed [...]. If this is not possible, the procedures
	// of [RFC4271] and/or [RFC4760] continue to apply": RFC 4271 6.3 "If
	// the NLRI field in the UPDATE message is syntactically incorrect, then
	// the Error Subcode MUST be set to Invalid Network Field."
	if u.Withdrawn, err = DecodeNLRIs(IPv4Unicast, withdrawn, addPath); err != nil {
		return nil, fmt.Errorf("decode update withdrawn routes: %w: %w", err, notify(NotifyUpdate, SubInvalidNetworkField, nil))
	}
	if u.NLRI, err = DecodeNLRIs(IPv4Unicast, nlri, addPath); err != nil {
		return nil, fmt.Errorf("decode update nlri: %w: %w", err, notify(NotifyUpdate, SubInvalidNetworkField, nil))
	}
	var attrErr error
	if len(attrs) > 0 {
		u.Attributes, attrErr = DecodeAttributes(attrs, o)
	}
	if IsSessionReset(attrErr) {
		return nil, attrErr
	}
	return u, Strongest(attrErr, u.checkMandatory())
}

// checkMandatory applies RFC 7606 section 3.d: "If any of the well-known
// mandatory attributes are not present in an UPDATE message, then
// "treat-as-withdraw" MUST be used. (Note that [RFC4760] reclassifies
// NEXT_HOP as what is effectively discretionary.)" NEXT_HOP is required
// for the classic NLRI field only (RFC 4760 section 3); LOCAL_PREF, which
// depends on the session being internal, is left to the caller.
func (u *Update) checkMandatory() error {
	reach := len(u.NLRI) > 0
	if !reach {
		if a, ok := FindAttribute(u.Attributes, AttrMPReach); ok {
			if m, ok := a.(MPReach); ok && len(m.NLRI) > 0 {
				reach = true
			}
		}
	}
	if !reach {
		return nil
	}
	var missing []string
	for _, c := range []AttrCode{AttrOrigin, AttrASPath} {
		if _, ok := FindAttribute(u.Attributes, c); !ok {
			missing = append(missing, c.String())
		}
	}
	if len(u.NLRI) > 0 {
		if _, ok := FindAttribute(u.Attributes, AttrNextHop); !ok {
			missing = append(missing, AttrNextHop.String())
		}
	}
	if len(missing) > 0 {
		return &TreatAsWithdraw{Err: fmt.Errorf("missing well-known attribute(s) %v", missing)}
	}
	return nil
}
