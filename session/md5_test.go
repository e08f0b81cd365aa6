//go:build linux

package session

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMD5: a passive neighbor with md5-password accepts a peer signing
// with the same key and never sees one that does not sign.
func TestMD5(t *testing.T) {
	n := ipself4()
	n.Passive = true
	n.MD5Password = "s3cret"
	addr, done := runPassive(t, n)
	local := netip.MustParseAddr("127.0.0.1")

	var c net.Conn
	var err error
	for range 50 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err = dialTCP(ctx, dialSpec{local: local, addr: addr, md5: "s3cret"})
		cancel()
		if err == nil {
			break
		}
	}
	require.NoError(t, err)
	handshake(t, c)
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0031:02:00000015400101004002004003047F00000140050400000064200A000000"),
		hexUpper(readMsg(t, c)))

	// the listener is up: unsigned SYNs are dropped by the kernel, the
	// connection times out (it is not refused)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	_, err = dialTCP(ctx, dialSpec{local: local, addr: addr})
	cancel()
	require.Error(t, err)
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout(), "%v", err)
	c.Close()
	require.NoError(t, <-done)
}
