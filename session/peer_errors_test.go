package session

import (
	"context"
	"encoding/hex"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// The errors a peer can make, per RFC 4271 section 6 and RFC 7606, each
// sent over TCP to a running reactor: the session is reset with the exact
// NOTIFICATION the RFC names (code, subcode and the data it asks for; where
// it asks for none, the subcode name as ExaBGP 4.2 sends it), or survives
// with what the helpers are told.

const marker16 = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

// errSession is one session to a test peer for an error case.
type errSession struct {
	t    *testing.T
	r    *Reactor
	c    net.Conn
	rec  *updateRecorder
	stop context.CancelFunc
	done chan error
}

// startErrSession runs a once-mode reactor toward a test peer and accepts
// its connection; with established set it completes the handshake and
// reads the End-of-RIB.
func startErrSession(t *testing.T, established bool) *errSession {
	t.Helper()
	tp := newTestPeer(t)
	n := ipself4()
	n.Routes = nil
	n.AdjRIBIn = true
	s := &errSession{t: t, rec: &updateRecorder{got: make(chan struct{}, 16)}, done: make(chan error, 1)}
	s.r = New(&config.Config{Neighbors: []*config.Neighbor{n}},
		config.Env{TCPPort: tp.port(), TCPOnce: true}, s.rec, testLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	go func() { s.done <- s.r.Run(ctx) }()
	s.c = tp.accept()
	if established {
		handshake(t, s.c)
		assert.Equal(t, qaHex(marker16+":0017:02:00000000"), hexUpper(readMsg(t, s.c)), "End-of-RIB")
	}
	return s
}

func (s *errSession) send(h string) {
	s.t.Helper()
	b, err := hex.DecodeString(qaHex(h))
	require.NoError(s.t, err)
	_, err = s.c.Write(b)
	require.NoError(s.t, err)
}

// update waits for the next UPDATE the observer hears of.
func (s *errSession) update() codec.Update {
	s.t.Helper()
	select {
	case <-s.rec.got:
	case <-time.After(5 * time.Second):
		s.t.Fatal("the observer heard no UPDATE")
	}
	s.rec.mu.Lock()
	defer s.rec.mu.Unlock()
	return s.rec.updates[len(s.rec.updates)-1]
}

// end stops the reactor and waits for Run.
func (s *errSession) end() {
	s.t.Helper()
	s.stop()
	select {
	case err := <-s.done:
		require.NoError(s.t, err)
	case <-time.After(10 * time.Second):
		s.t.Fatal("Run did not return")
	}
}

// notif is the hex of a NOTIFICATION with data given in hex.
func notif(code, sub byte, data string) string {
	b, _ := hex.DecodeString(data)
	raw, _ := codec.AppendMessage(nil, codec.Notification{Code: code, Subcode: sub, Data: b}, codec.Options{})
	return hexUpper(raw)
}

// named is the hex of a NOTIFICATION whose RFC defines no data: ExaBGP
// 4.2 (and so exago) writes the subcode's name there to diagnose it,
// which RFC 4271 4.5 allows ("used to diagnose the reason for the
// NOTIFICATION").
func named(code, sub byte, name string) string {
	return notif(code, sub, hex.EncodeToString([]byte(name)))
}

// upd is an UPDATE with withdrawn routes, attributes and NLRI given in
// hex, its lengths computed.
func upd(withdrawn, attrs, nlri string) string {
	l := func(h string) string { return hexUpper([]byte{byte(len(h) / 2 >> 8), byte(len(h) / 2)}) }
	body := l(withdrawn) + withdrawn + l(attrs) + attrs + nlri
	n := codec.HeaderLen + len(body)/2
	return marker16 + hexUpper([]byte{byte(n >> 8), byte(n)}) + "02" + body
}

// Attributes of the UPDATEs below.
const (
	originIGP  = "40010100"
	emptyPath  = "400200"
	nextHop1   = "4003047F000001"
	localPref  = "40050400000064"
	net10      = "180A0000" // 10.0.0.0/24
	net11      = "180A0100" // 10.1.0.0/24
	goodAttrs  = originIGP + emptyPath + nextHop1 + localPref
	mpReachV6  = "800E1C000201" + "10" + "20010DB8000000000000000000000001" + "00" + "30" + "20010DB80001"
	mpReachBad = "800E0C000201" + "07" + "20010DB8000000" + "00"
)

// TestPeerErrorsReset: each malformed message resets the session with
// the NOTIFICATION of its RFC rule.
func TestPeerErrorsReset(t *testing.T) {
	tests := []struct {
		name string
		// established: sent once the session is up; else instead of the
		// peer's OPEN
		established bool
		send        string
		want        string
	}{
		// RFC 4271 6.1: "If the Marker field of the message header is not
		// as expected [...] Connection Not Synchronized."
		{"6.1 marker", true, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE:0013:04", named(1, 1, "Connection Not Synchronized")},
		// 6.1: "If the Length field of the message header is less than 19
		// [...] Bad Message Length. The Data field MUST contain the
		// erroneous Length field."
		{"6.1 length under 19", true, marker16 + ":0012:04", notif(1, 2, "0012")},
		{"6.1 length over 4096", true, marker16 + ":1001:02", notif(1, 2, "1001")},
		{"6.1 keepalive length 20", true, marker16 + ":0014:04:00", notif(1, 2, "0014")},
		{"6.1 update under 23", true, marker16 + ":0016:02:000000", notif(1, 2, "0016")},
		{"6.1 notification under 21", true, marker16 + ":0014:03:06", notif(1, 2, "0014")},
		{"6.1 open under 29", false, marker16 + ":001C:01:04303900B47F00000300", notif(1, 2, "001C")},
		// 6.1: "If the Type field of the message header is not recognized
		// [...] Bad Message Type. The Data field MUST contain the
		// erroneous Type field."
		{"6.1 type 9", true, marker16 + ":0013:09", notif(1, 3, "09")},
		// 6.2: "Unsupported Version Number. The Data field is a 2-octet
		// unsigned integer, which indicates the largest, locally-supported
		// version number".
		{"6.2 version 3", false, marker16 + ":001D:01:03303900B47F00000300", notif(2, 1, "0004")},
		// 6.2: "If one of the Optional Parameters in the OPEN message is
		// not recognized [...] Unsupported Optional Parameters."
		{"6.2 optional parameter 1", false, marker16 + ":0020:01:04303900B47F00000303010100", named(2, 4, "Unsupported Optional Parameter")},
		// 6.3: "If the Withdrawn Routes Length or Total Attribute Length is
		// too large [...] Malformed Attribute List."
		{"6.3 withdrawn length", true, marker16 + ":0017:02:00FF0000", named(3, 1, "Malformed Attribute List")},
		{"6.3 attribute length", true, marker16 + ":001B:02:000000FF40010100", named(3, 1, "Malformed Attribute List")},
		// 6.3: "If any of the well-known mandatory attributes are not
		// recognized, then the Error Subcode MUST be set to Unrecognized
		// Well-known Attribute. The Data field MUST contain the
		// unrecognized attribute (type, length, and value)."
		{"6.3 unrecognized well-known", true, upd("", goodAttrs+"40990107", net10), notif(3, 2, "40990107")},
		// 6.3: "If the NLRI field in the UPDATE message is syntactically
		// incorrect, then the Error Subcode MUST be set to Invalid Network
		// Field." (RFC 7606 5.3 keeps the session reset.)
		{"6.3 nlri length 33", true, upd("", goodAttrs, "210A00000000"), named(3, 10, "Invalid Network Field")},
		// RFC 7606 3.g: "If the MP_REACH_NLRI attribute or the
		// MP_UNREACH_NLRI attribute appears more than once in the UPDATE
		// message, then a NOTIFICATION message MUST be sent with the Error
		// Subcode "Malformed Attribute List"."
		{"7606 3.g mp_reach twice", true, upd("", originIGP+emptyPath+mpReachV6+mpReachV6, ""), named(3, 1, "Malformed Attribute List")},
		// RFC 4760 7 / RFC 7606 7.11: a malformed MP_REACH_NLRI resets the
		// session with Optional Attribute Error, the attribute as data.
		{"4760 7 mp_reach next hop", true, upd("", originIGP+emptyPath+mpReachBad, ""), notif(3, 9, mpReachBad)},
		// RFC 6608: an OPEN in Established is an FSM error, "Receive
		// Unexpected Message in Established State".
		{"6608 open in established", true, marker16 + ":001D:01:04303900B47F00000300", named(5, 3, "Receive Unexpected Message in Established State")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startErrSession(t, tt.established)
			if !tt.established {
				open := readMsg(t, s.c)
				require.Equal(t, byte(codec.MsgOpen), open[18])
			}
			s.send(tt.send)
			got := readMsg(t, s.c)
			assert.Equal(t, tt.want, hexUpper(got))
			s.end()
		})
	}
}

// TestPeerErrorsSurvive: the RFC 7606 faults the session survives, each
// with what the helpers are told (the UPDATE as withdrawals, or without
// the attribute) and the adj-RIB-in after it; a well-formed UPDATE
// afterwards proves the session is up.
func TestPeerErrorsSurvive(t *testing.T) {
	tests := []struct {
		name string
		send string
		// want is the observed UPDATE: "withdraw NLRI..." or "announce
		// NLRI attributes..."
		want string
		// rib is the adj-RIB-in afterwards
		rib []string
	}{
		// RFC 7606 3.d: "If any of the well-known mandatory attributes are
		// not present in an UPDATE message, then "treat-as-withdraw" MUST
		// be used."
		{"7606 3.d origin missing", upd("", emptyPath+nextHop1+localPref, net10), "withdraw 10.0.0.0/24", nil},
		// 7606 3.c: flags in conflict: the attribute is malformed (ORIGIN:
		// treat-as-withdraw, 7.1).
		{"7606 3.c origin flags", upd("", "C0010100"+emptyPath+nextHop1+localPref, net10), "withdraw 10.0.0.0/24", nil},
		// 7606 7.1: an undefined ORIGIN value: treat-as-withdraw.
		{"7606 7.1 origin 5", upd("", "40010105"+emptyPath+nextHop1+localPref, net10), "withdraw 10.0.0.0/24", nil},
		// 7606 7.3: a NEXT_HOP of length other than 4: treat-as-withdraw.
		{"7606 7.3 next hop length", upd("", originIGP+emptyPath+"4003057F00000101"+localPref, net10), "withdraw 10.0.0.0/24", nil},
		// 7606 7.4: a MULTI_EXIT_DISC of length other than 4:
		// treat-as-withdraw.
		{"7606 7.4 med length", upd("", goodAttrs+"800403000001", net10), "withdraw 10.0.0.0/24", nil},
		// 7606 7.5: a LOCAL_PREF of length other than 4: treat-as-withdraw.
		{"7606 7.5 local-pref length", upd("", originIGP+emptyPath+nextHop1+"400503000064", net10), "withdraw 10.0.0.0/24", nil},
		// 7606 4: an attribute length beyond the attributes:
		// treat-as-withdraw.
		{"7606 4 attribute overrun", upd("", originIGP+emptyPath+nextHop1+"400504000000", net10), "withdraw 10.0.0.0/24", nil},
		// 7606 7.6: an ATOMIC_AGGREGATE of length other than 0: attribute
		// discard.
		{"7606 7.6 atomic-aggregate length", upd("", goodAttrs+"40060101", net10),
			"announce 10.0.0.0/24 origin as-path next-hop local-preference", []string{"10.0.0.0/24 next-hop 127.0.0.1 origin as-path local-preference"}},
		// 7606 7.7: an AGGREGATOR of the wrong length: attribute discard.
		{"7606 7.7 aggregator length", upd("", goodAttrs+"C00705000030397F", net10),
			"announce 10.0.0.0/24 origin as-path next-hop local-preference", []string{"10.0.0.0/24 next-hop 127.0.0.1 origin as-path local-preference"}},
		// 7606 3.g: any other attribute twice: "all the occurrences of the
		// attribute other than the first one SHALL be discarded".
		{"7606 3.g local-pref twice", upd("", goodAttrs+"400504000000C8", net10),
			"announce 10.0.0.0/24 origin as-path next-hop local-preference", []string{"10.0.0.0/24 next-hop 127.0.0.1 origin as-path local-preference"}},
		// RFC 4271 5: "If an optional non-transitive attribute is
		// unrecognized, it is quietly ignored."
		{"4271 5 unknown optional non-transitive", upd("", goodAttrs+"80990101", net10),
			"announce 10.0.0.0/24 origin as-path next-hop local-preference", []string{"10.0.0.0/24 next-hop 127.0.0.1 origin as-path local-preference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startErrSession(t, true)
			s.send(tt.send)
			assert.Equal(t, tt.want, observedUpdate(s.update()))
			assert.Equal(t, tt.rib, ribInLines(t, s.r))
			s.send(upd("", goodAttrs, net11))
			assert.Equal(t, "announce 10.1.0.0/24 origin as-path next-hop local-preference", observedUpdate(s.update()))
			s.end()
		})
	}
}

// observedUpdate words an UPDATE for the tests: "withdraw NLRI..." or
// "announce NLRI... ATTRIBUTES...".
func observedUpdate(u codec.Update) string {
	var w []string
	for _, n := range u.Withdrawn {
		w = append(w, n.String())
	}
	for _, a := range u.Attributes {
		if m, ok := a.(codec.MPUnreach); ok {
			for _, n := range m.NLRI {
				w = append(w, n.String())
			}
		}
	}
	if len(u.NLRI) == 0 {
		return "withdraw " + strings.Join(w, " ")
	}
	out := []string{"announce"}
	for _, n := range u.NLRI {
		out = append(out, n.String())
	}
	for _, a := range u.Attributes {
		out = append(out, a.Code().String())
	}
	return strings.Join(out, " ")
}
