package codec

// UnrecognizedWellKnown returns the session reset RFC 4271 section 6.3
// asks for when a received UPDATE carries an attribute exago does not know
// whose Optional bit is clear (it claims to be well-known): "If any of the
// well-known mandatory attributes are not recognized, then the Error
// Subcode MUST be set to Unrecognized Well-known Attribute. The Data field
// MUST contain the unrecognized attribute (type, length, and value)."
//
// DecodeAttributes keeps such an attribute as Generic, since the same
// decoder reads what exago sends (ExaBGP lets a configuration send any
// flags); only what a peer sends is checked, by the session.
func UnrecognizedWellKnown(attrs []Attribute) *Notification {
	for _, a := range attrs {
		g, ok := a.(Generic)
		if !ok || g.AttrFlags&FlagOptional != 0 {
			continue
		}
		if _, known := attrSpecFor(g.AttrCode); known {
			continue
		}
		raw, err := AppendAttribute(nil, g, Options{})
		if err != nil {
			raw = nil
		}
		return notify(NotifyUpdate, SubUnrecognizedWellKnown, raw)
	}
	return nil
}
