package peer

import (
	"context"
	"encoding/hex"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// daemonOpen is an OPEN as a daemon sends it: AS 65533, hold 180,
// router-id 10.0.0.2, capabilities multiprotocol ipv4/unicast and ASN4.
const daemonOpen = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" + "002D" + "01" +
	"04" + "FFFD" + "00B4" + "0A000002" + "10" +
	"0206010400010001" + "02064104" + "0000FFFD"

// the UPDATE of conf-new-v4: 10.0.4.0/24 and 10.0.5.0/24.
const update45 = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003402" +
	"00000015400101004002004003040A00FFFE400504000000C8180A0004180A0005"

const eorIPv4 = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001702" + "00000000"

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, ":", ""))
	require.NoError(t, err)
	return b
}

// updateOf builds an UPDATE with withdrawn and announced IPv4 prefixes
// (attributes: ORIGIN IGP only, enough for the peer).
func updateOf(t *testing.T, withdrawn, announced []string) []byte {
	t.Helper()
	enc := func(ps []string) []byte {
		var b []byte
		for _, s := range ps {
			var p, err = parsePrefix(s)
			require.NoError(t, err)
			b = append(b, byte(p.Bits()))
			a := p.Addr().As4()
			b = append(b, a[:(p.Bits()+7)/8]...)
		}
		return b
	}
	w := enc(withdrawn)
	n := enc(announced)
	attrs := []byte{}
	if len(n) > 0 {
		attrs = []byte{0x40, 0x01, 0x01, 0x00}
	}
	body := []byte{byte(len(w) >> 8), byte(len(w))}
	body = append(body, w...)
	body = append(body, byte(len(attrs)>>8), byte(len(attrs)))
	body = append(body, attrs...)
	body = append(body, n...)
	return append(header(nil, headerLen+len(body), typeUpdate), body...)
}

// daemon is a scripted client standing for the daemon under test.
type daemon struct {
	t *testing.T
	c net.Conn
}

func dial(t *testing.T, addr net.Addr) *daemon {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr.String(), 2*time.Second)
	require.NoError(t, err)
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	return &daemon{t: t, c: c}
}

func (d *daemon) send(m []byte) {
	d.t.Helper()
	_, err := d.c.Write(m)
	require.NoError(d.t, err)
}

func (d *daemon) read() []byte {
	d.t.Helper()
	m, err := readMessage(d.c)
	require.NoError(d.t, err)
	return m
}

// handshake sends the OPEN and checks the mirrored OPEN and KEEPALIVE.
func (d *daemon) handshake() []byte {
	d.t.Helper()
	d.send(mustHex(d.t, daemonOpen))
	o := d.read()
	ka := d.read()
	assert.Equal(d.t, byte(typeKeepalive), ka[18])
	return o
}

func serve(t *testing.T, msg string, sig func(syscall.Signal) error) (net.Listener, <-chan error) {
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
	go func() { done <- New(Config{Script: s, Signal: sig, Log: &log}).Serve(ctx, lns...) }()
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(log.String())
		}
	})
	return lns[0], done
}

func wait(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("peer did not end")
	}
	return nil
}

func TestOpenReply(t *testing.T) {
	ln, _ := serve(t, "1:announce:10.0.0.0/8\n", nil)
	d := dial(t, ln.Addr())
	got := d.handshake()
	want := mustHex(t, daemonOpen)
	want[headerLen+8]++ // router-id 10.0.0.3
	assert.Equal(t, hexOf(want), hexOf(got))
}

func TestOpenUnknownCapability(t *testing.T) {
	ln, _ := serve(t, "option:open:send-unknown-capability\n1:announce:10.0.0.0/8\n", nil)
	d := dial(t, ln.Addr())
	got := d.handshake()
	want := "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" + "003B" + "01" +
		"04" + "FFFD" + "00B4" + "0A000003" + "1E" +
		"0206010400010001" + "02064104" + "0000FFFD" +
		"020C420A" + hexOf([]byte("loremipsum"))
	assert.Equal(t, want, hexOf(got))
}

func TestScripts(t *testing.T) {
	tests := []struct {
		name   string
		msg    string
		send   func(t *testing.T) [][]byte // messages sent after the OPEN
		reason string                      // "" when the test must pass
		item   string                      // Failure.Item expected
		left   int                         // Failure.Expected length
	}{
		{
			name: "raw in any order within a step",
			msg:  "1:raw:" + eorIPv4 + "\n1:raw:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0034:02:00000015400101004002004003040A00FFFE400504000000C8180A0004180A0005\n",
			send: func(t *testing.T) [][]byte { return [][]byte{mustHex(t, update45), mustHex(t, eorIPv4)} },
		},
		{
			name:   "raw mismatch",
			msg:    "1:raw:" + update45 + "\n",
			send:   func(t *testing.T) [][]byte { return [][]byte{updateOf(t, nil, []string{"10.0.4.0/24"})} },
			reason: "unexpected UPDATE",
			left:   1,
		},
		{
			name: "decoded steps, eor skipped",
			msg:  "1:announce:10.0.5.0/24\n1:announce:10.0.4.0/24\n\n2:withdraw:10.0.4.0/24\n",
			send: func(t *testing.T) [][]byte {
				return [][]byte{mustHex(t, update45), mustHex(t, eorIPv4), updateOf(t, []string{"10.0.4.0/24"}, nil)}
			},
		},
		{
			name: "decoded step order enforced",
			msg:  "1:announce:10.0.4.0/24\n2:withdraw:10.0.4.0/24\n",
			send: func(t *testing.T) [][]byte {
				return [][]byte{updateOf(t, []string{"10.0.4.0/24"}, nil)}
			},
			reason: "unexpected UPDATE",
			item:   "withdraw:10.0.4.0/24",
			left:   2,
		},
		{
			name:   "extra prefix fails",
			msg:    "1:announce:10.0.4.0/24\n",
			send:   func(t *testing.T) [][]byte { return [][]byte{updateOf(t, nil, []string{"10.0.6.0/24"})} },
			reason: "unexpected UPDATE",
			item:   "announce:10.0.6.0/24",
			left:   1,
		},
		{
			name:   "connection closed early",
			msg:    "1:announce:10.0.4.0/24\n1:announce:10.0.7.0/24\n",
			send:   func(t *testing.T) [][]byte { return [][]byte{updateOf(t, nil, []string{"10.0.4.0/24"})} },
			reason: "connection A closed by the daemon",
			left:   1,
		},
		{
			name:   "notification not expected",
			msg:    "1:announce:10.0.4.0/24\n",
			send:   func(t *testing.T) [][]byte { return [][]byte{notification()} },
			reason: "unexpected NOTIFICATION",
			left:   1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ln, done := serve(t, tc.msg, nil)
			d := dial(t, ln.Addr())
			d.handshake()
			for _, m := range tc.send(t) {
				d.send(m)
			}
			if tc.reason == "connection A closed by the daemon" {
				d.read() // the KEEPALIVE answering the UPDATE
				d.c.Close()
			}
			err := wait(t, done)
			if tc.reason == "" {
				require.NoError(t, err)
				return
			}
			var f *Failure
			require.ErrorAs(t, err, &f)
			assert.Equal(t, tc.reason, f.Reason)
			assert.Equal(t, tc.item, f.Item)
			assert.Len(t, f.Expected, tc.left)
			assert.NotEmpty(t, f.Detail())
		})
	}
}

func TestConnectionLettersAndSignal(t *testing.T) {
	var mu sync.Mutex
	var got []syscall.Signal
	sig := func(s syscall.Signal) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, s)
		return nil
	}
	msg := "A1:announce:10.0.4.0/24\nA2:signal:SIGUSR1\nA3:withdraw:10.0.4.0/24\nB1:announce:10.0.5.0/24\n"
	ln, done := serve(t, msg, sig)

	a := dial(t, ln.Addr())
	a.handshake()
	a.send(updateOf(t, nil, []string{"10.0.4.0/24"}))
	assert.Equal(t, byte(typeKeepalive), a.read()[18])
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 1
	}, 2*time.Second, 10*time.Millisecond)
	a.send(updateOf(t, []string{"10.0.4.0/24"}, nil))
	a.read()
	a.c.Close()

	b := dial(t, ln.Addr())
	b.handshake()
	b.send(updateOf(t, nil, []string{"10.0.5.0/24"}))
	require.NoError(t, wait(t, done))
	assert.Equal(t, []syscall.Signal{syscall.SIGUSR1}, got)
}

func TestSendNotification(t *testing.T) {
	ln, done := serve(t, "option:notification:send-notification\n1:announce:1.2.3.4/32\n", nil)
	d := dial(t, ln.Addr())
	d.handshake()
	d.send(mustHex(t, eorIPv4))
	assert.Equal(t, byte(typeKeepalive), d.read()[18])
	n := d.read()
	assert.Equal(t, hexOf(notification()), hexOf(n))
	d.c.Close()
	require.NoError(t, wait(t, done))
}

func TestSendDefaultRoute(t *testing.T) {
	ln, _ := serve(t, "option:update:send-default-route\n1:announce:10.0.0.0/8\n", nil)
	d := dial(t, ln.Addr())
	d.handshake()
	u := d.read()
	assert.Equal(t, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0031:02:"+
		"0000"+"0015"+"40010100"+"400200"+"4003047F000001"+"40050400000064"+"2000000000", splitHex(hexOf(u)))
}

func TestTimeout(t *testing.T) {
	s, err := ParseScript(strings.NewReader("1:announce:10.0.4.0/24\n"))
	require.NoError(t, err)
	lns, _, err := Listen(0)
	require.NoError(t, err)
	defer lns[0].Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = New(Config{Script: s}).Serve(ctx, lns...)
	var f *Failure
	require.ErrorAs(t, err, &f)
	assert.Contains(t, f.Reason, "timeout")
	assert.Len(t, f.Expected, 1)
}
