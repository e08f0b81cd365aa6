package session

import (
	"context"
	"net"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/config"
)

// TestMultiSessionWire pins what ExaBGP 4.2 does on the wire with
// "capability { multi-session; }" and two families (docs/multisession.md):
// one TCP session, not one per family; its OPEN lists both families and
// carries capability 68 twice (values 00 and 01), and the UPDATEs and
// End-of-RIBs of both families follow on that session. The OPEN is the
// one Debian's exabgp 4.2.21 sent to a listener for this configuration.
func TestMultiSessionWire(t *testing.T) {
	cfg, err := config.Parse("t.conf", []byte(`neighbor 127.0.0.1 { router-id 1.2.3.4; local-address 127.0.0.1;
		local-as 1; peer-as 1; capability { multi-session; } family { ipv4 unicast; ipv6 unicast; }
		static { route 10.0.0.0/24 next-hop 127.0.0.1; } }`))
	require.NoError(t, err)
	tp := newTestPeer(t)
	r := New(cfg, config.Env{TCPPort: tp.port(), TCPOnce: true}, nil, nil)
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()
	c := tp.accept()
	open := handshake(t, c)
	// captured from exabgp 4.2.21 (exabgp_tcp_port=PORT exabgp ms.conf)
	assert.Equal(t, strings.ToUpper(qaHex("ffffffffffffffffffffffffffffffff:0043:01:04:0001:00b4:01020304:26:"+
		"0206010400010001:0206010400020001:0206410400000001:02020600:0203440100:0203440101")), hexUpper(open))
	for _, want := range []string{
		"ffffffffffffffffffffffffffffffff:0030:02:0000:0015:40010100:400200:4003047f000001:40050400000064:180a0000",
		"ffffffffffffffffffffffffffffffff:0017:02:00000000",
		"ffffffffffffffffffffffffffffffff:001e:02:0000:0007:900f0003000201",
	} {
		assert.Equal(t, strings.ToUpper(qaHex(want)), hexUpper(readMsg(t, c)))
	}
	// no second connection for the other family
	require.NoError(t, tp.ln.(*net.TCPListener).SetDeadline(time.Now().Add(300*time.Millisecond)))
	_, err = tp.ln.Accept()
	assert.Error(t, err, "ExaBGP 4.2 opens one session whatever the families")
	c.Close()
	require.NoError(t, <-done)
}

// TestMultiSessionFamiliesDiffer: with multi-session, a peer whose OPEN
// does not list exactly our families gets the NOTIFICATION exabgp 4.2.21
// sent in the same case (captured: 2/8 "when checking session id,
// capability multiprotocol did not match").
func TestMultiSessionFamiliesDiffer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg, err := config.Parse("t.conf", []byte(`neighbor 127.0.0.1 { router-id 1.2.3.4; local-address 127.0.0.1;
			local-as 1; peer-as 1; capability { multi-session; } family { ipv4 unicast; ipv6 unicast; } }`))
		require.NoError(t, err)
		r, c := pipeReactor(t, cfg.Neighbors[0], nil)
		done := make(chan error, 1)
		go func() { done <- r.Run(context.Background()) }()
		msgs := pipeReader(c)
		<-msgs
		// ipv4 unicast only, with capability 68
		peer := mustHex(t, "ffffffffffffffffffffffffffffffff:003b:01:04:0001:00b4:01020305:1e:"+
			"0206010400010001:0206410400000001:02020600:0203440100:0203440101")
		_, err = c.Write(peer)
		require.NoError(t, err)
		assert.Equal(t, strings.ToUpper(qaHex("ffffffffffffffffffffffffffffffff:0055:03:02:08:"+
			"7768656e20636865636b696e672073657373696f6e2069642c206361706162696c697479206d756c746970726f746f636f6c20646964206e6f74206d61746368")),
			hexUpper(<-msgs))
		require.NoError(t, <-done)
	})
}
