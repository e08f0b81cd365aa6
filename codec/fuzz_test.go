package codec

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// fuzzOptions picks negotiated options from a selector byte.
func fuzzOptions(sel byte) Options {
	o := Options{ASN4: sel&1 != 0, ExtendedMessage: sel&2 != 0}
	if sel&4 != 0 {
		o.AddPath = map[Family]bool{IPv4Unicast: true, IPv6Unicast: true, IPv4VPN: true, IPv4MPLS: true}
	}
	return o
}

// withHeader prepends a common header of type t to body.
func withHeader(t MsgType, body []byte) []byte {
	n := HeaderLen + len(body)
	b := append(append([]byte(nil), marker[:]...), byte(n>>8), byte(n), byte(t))
	return append(b, body...)
}

// checkRoundTrip is the fuzz property: decoding never panics; a message
// that decodes (possibly with a RFC 7606 soft error) re-encodes to bytes
// that decode to an equal value without a session reset.
func checkRoundTrip(t *testing.T, raw []byte, o Options) {
	m, err := DecodeMessage(raw, o)
	if m == nil || IsSessionReset(err) {
		return
	}
	b, err := AppendMessage(nil, m, o)
	if err != nil {
		if strings.Contains(err.Error(), "maximum message size") {
			return // AS4_PATH / AS4_AGGREGATOR added for a 2-byte peer can grow a full message
		}
		t.Fatalf("re-encode %T: %v", m, err)
	}
	m2, err := DecodeMessage(b, o)
	if IsSessionReset(err) {
		t.Fatalf("re-encoded %T does not decode: %v\nfirst  %x\nsecond %x", m, err, raw, b)
	}
	b2, err := AppendMessage(nil, m2, o)
	if err != nil || string(b2) != string(b) {
		t.Fatalf("second encoding differs (%v):\nfirst  %x\nsecond %x", err, b, b2)
	}
	if !reflect.DeepEqual(sortedAttrs(m), sortedAttrs(m2)) {
		t.Fatalf("round trip differs:\nfirst  %#v\nsecond %#v\nraw %x\nre  %x", m, m2, raw, b)
	}
}

// sortedAttrs puts an UPDATE's attributes in sending order: the encoder
// sorts them, so the decoded order of the first pass may differ.
func sortedAttrs(m Message) Message {
	u, ok := m.(Update)
	if !ok {
		return m
	}
	a := slices.Clone(u.Attributes)
	slices.SortStableFunc(a, func(x, y Attribute) int { return attrOrder(x.Code()) - attrOrder(y.Code()) })
	u.Attributes = a
	return u
}

// addQASeeds adds the QA messages of type mt (bodies) when the data is
// there.
func addQASeeds(f *testing.F, mt MsgType, add func(o Options, body []byte)) {
	if _, ok := findQADir(); !ok {
		return // the committed seeds under testdata/fuzz still run
	}
	for _, m := range qaMessages(f) {
		if len(m.raw) > HeaderLen && MsgType(m.raw[18]) == mt {
			add(m.o, m.raw[HeaderLen:])
		}
	}
}

func optionsSel(o Options) byte {
	var s byte
	if o.ASN4 {
		s |= 1
	}
	if o.ExtendedMessage {
		s |= 2
	}
	if len(o.AddPath) > 0 {
		s |= 4
	}
	return s
}

func FuzzUpdate(f *testing.F) {
	addQASeeds(f, MsgUpdate, func(o Options, body []byte) { f.Add(optionsSel(o), body) })
	f.Fuzz(func(t *testing.T, sel byte, body []byte) {
		checkRoundTrip(t, withHeader(MsgUpdate, body), fuzzOptions(sel))
	})
}

func FuzzOpen(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		checkRoundTrip(t, withHeader(MsgOpen, body), Options{})
	})
}

func FuzzNotification(f *testing.F) {
	addQASeeds(f, MsgNotification, func(_ Options, body []byte) { f.Add(body) })
	f.Fuzz(func(t *testing.T, body []byte) {
		checkRoundTrip(t, withHeader(MsgNotification, body), Options{})
		m, err := DecodeMessage(withHeader(MsgNotification, body), Options{})
		if err == nil {
			n := m.(Notification)
			_ = n.String()
			_ = (&n).Error()
		}
	})
}

// TestFuzzHelpers keeps the helpers honest.
func TestFuzzHelpers(t *testing.T) {
	raw := withHeader(MsgKeepalive, nil)
	m, err := DecodeMessage(raw, Options{})
	if err != nil || !reflect.DeepEqual(m, Keepalive{}) {
		t.Fatalf("keepalive: %v %v", m, err)
	}
	var n *Notification
	if _, err := DecodeMessage(withHeader(MsgOpen, []byte{3}), Options{}); !errors.As(err, &n) {
		t.Fatalf("short open: %v", err)
	}
}
