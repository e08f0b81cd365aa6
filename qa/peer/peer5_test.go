package peer

import (
	"context"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func serve5(t *testing.T, msg string, sig func(syscall.Signal) error) (string, <-chan error) {
	t.Helper()
	s, err := ParseScript(strings.NewReader(msg))
	require.NoError(t, err)
	lns, _, err := Listen(0)
	require.NoError(t, err)
	t.Cleanup(func() {
		for _, ln := range lns {
			ln.Close()
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	t.Cleanup(cancel)
	var log strings.Builder
	done := make(chan error, 1)
	go func() { done <- New(Config{Script: s, Signal: sig, Log: &log, Rules: Rules50}).Serve(ctx, lns...) }()
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(log.String())
		}
	})
	return lns[0].Addr().String(), done
}

const routeA = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002F02" + "00000015400101004002004003040101010140050400000064100101"
const routeB = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002F02" + "00000015400101004002004003040202020240050400000064100202"

// TestRules50Sessions: the letters form one list that a second session
// carries on, and End-of-RIB markers are checked like any message.
func TestRules50Sessions(t *testing.T) {
	addr, done := serve5(t, "A1:raw:"+eorIPv4+"\nA1:raw:"+routeA+"\nB1:raw:"+routeB+"\n", nil)
	d := dialAddr(t, addr)
	d.handshake()
	d.send(mustHex(t, routeA))
	assert.Equal(t, byte(typeKeepalive), d.read()[18], "every message is answered")
	d.send(mustHex(t, eorIPv4))
	d.read()
	d.c.Close()
	d = dialAddr(t, addr)
	d.handshake()
	d.send(mustHex(t, routeB))
	require.NoError(t, wait(t, done))
}

func TestRules50UnexpectedEOR(t *testing.T) {
	addr, done := serve5(t, "1:raw:"+routeA+"\n2:raw:"+routeB+"\n", nil)
	d := dialAddr(t, addr)
	d.handshake()
	d.send(mustHex(t, eorIPv4))
	err := wait(t, done)
	var f *Failure
	require.ErrorAs(t, err, &f)
	assert.Contains(t, f.Reason, "unexpected UPDATE")
	assert.Len(t, f.Expected, 2)
}

// TestRules50Notification: a notification entry is sent when it comes up
// (right after the OPEN here) and counted at the next message.
func TestRules50Notification(t *testing.T) {
	addr, done := serve5(t, "A1:notification:closing session because we can\n", nil)
	d := dialAddr(t, addr)
	d.send(mustHex(t, daemonOpen))
	d.read() // OPEN
	d.read() // KEEPALIVE
	n := d.read()
	assert.Equal(t, hexOf(ceaseWith("closing session because we can")), hexOf(n))
	d.send(keepalive())
	require.NoError(t, wait(t, done))
}

// TestRules50RouteRefresh: a ROUTE-REFRESH that matches gets back the
// UPDATEs seen so far (End-of-RIB excepted), then a KEEPALIVE.
func TestRules50RouteRefresh(t *testing.T) {
	rr := "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001705" + "00010001"
	addr, done := serve5(t, "1:raw:"+eorIPv4+"\n2:raw:"+routeA+"\n3:raw:"+rr+"\n4:raw:"+routeB+"\n", nil)
	d := dialAddr(t, addr)
	d.handshake()
	for _, m := range []string{eorIPv4, routeA, rr} {
		d.send(mustHex(t, m))
		assert.Equal(t, byte(typeKeepalive), d.read()[18])
	}
	assert.Equal(t, routeA, hexOf(d.read()))
	assert.Equal(t, byte(typeKeepalive), d.read()[18])
	d.send(mustHex(t, routeB))
	require.NoError(t, wait(t, done))
}

// TestRules50Options: asn (AS field, 4-byte AS capability, router-id kept),
// send-unknown-message, inspect-open-message.
func TestRules50Options(t *testing.T) {
	addr, done := serve5(t, "option:asn:65000\noption:open:send-unknown-message\noption:open:inspect-open-message\n1:raw:"+daemonOpen+"\n", nil)
	d := dialAddr(t, addr)
	d.send(mustHex(t, daemonOpen))
	o := d.read()
	want := "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" + "002D" + "01" + "04" + "FDE8" + "00B4" + "0A000002" + "10" +
		"0206010400010001" + "02064104" + "0000FDE8"
	assert.Equal(t, want, hexOf(o))
	assert.Equal(t, byte(typeKeepalive), d.read()[18])
	assert.Equal(t, byte(255), d.read()[18])
	require.NoError(t, wait(t, done))
}

func TestParseScript5Options(t *testing.T) {
	s, err := ParseScript(strings.NewReader("option:tcp_connections:3\noption:bind:ipv6\nA1:notification:a:b c\n"))
	require.NoError(t, err)
	assert.Equal(t, 3, s.Options.TCPConnections)
	assert.True(t, s.Options.BindIPv6)
	require.Len(t, s.Steps(), 1)
	assert.Equal(t, "b c", s.Steps()[0].Entries[0].Value)
	_, err = ParseScript(strings.NewReader("option:asn:x\n"))
	assert.Error(t, err)
}

func dialAddr(t *testing.T, addr string) *daemon {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	require.NoError(t, err)
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	t.Cleanup(func() { c.Close() })
	return &daemon{t: t, c: c}
}
