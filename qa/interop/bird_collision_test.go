package interop

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heldProxy forwards one connection from exago to BIRD (from 127.0.0.1,
// exago's address, so that BIRD knows it), holding exago's bytes until
// release is called: exago's OPEN waits while BIRD's own connection
// reaches exago, so both connections are being set up at once.
type heldProxy struct {
	ln      net.Listener
	release chan struct{}
	once    sync.Once
}

func startHeldProxy(t *testing.T, target string) *heldProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	require.NoError(t, err)
	p := &heldProxy{ln: ln, release: make(chan struct{})}
	t.Cleanup(func() { ln.Close(); p.open() })
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}}
			out, err := d.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			go func() {
				defer out.Close()
				<-p.release
				_, _ = io.Copy(out, in)
			}()
			go func() {
				defer in.Close()
				_, _ = io.Copy(in, out)
			}()
		}
	}()
	return p
}

func (p *heldProxy) port() uint16 { return uint16(p.ln.Addr().(*net.TCPAddr).Port) }

// open lets exago's bytes through.
func (p *heldProxy) open() { p.once.Do(func() { close(p.release) }) }

// TestBirdCollision makes both speakers connect at once: exago's
// connection (through a proxy holding what exago sends) and BIRD's, which
// reaches exago while exago's is in OpenConfirm and BIRD's side of it in
// OpenSent. Both resolve the collision by BGP
// identifier (RFC 4271 6.8): the connection initiated by the higher one
// stays, the other is closed with Cease 7, and one session comes up and
// stays, with exago's router-id above or below BIRD's (127.0.0.2).
func TestBirdCollision(t *testing.T) {
	for _, tc := range []struct {
		name, routerID, exagoLog string
		// birdLog is what BIRD logs of the connection dropped: exago's
		// Cease 7 on BIRD's connection, or BIRD's own Cease 7 on exago's
		// (closed by exago too) when its OPEN finally arrives
		birdLog string
	}{
		{"exago higher router-id", "127.0.0.9", "connection collision: keeping the first connection",
			"exago: Received: Connection collision resolution"},
		{"exago lower router-id", "127.0.0.1", "connection collision: keeping the peer's new connection",
			"exago: Connection collision, giving up this connection"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newLoopbackBirdSession(t)
			b := s.startBird(fmt.Sprintf(`
protocol bgp exago {
	local 127.0.0.2 port %d as 65000;
	neighbor 127.0.0.1 port %d as 65000;
	connect delay time 1;
	connect retry time 1;
	ipv4 { import all; export none; };
}
`, s.birdPort, s.exagoPort))
			proxy := startHeldProxy(t, net.JoinHostPort("127.0.0.2", strconv.Itoa(int(s.birdPort))))
			path := writeFile(t, s.dir, "exago.conf", fmt.Sprintf(`
neighbor 127.0.0.2 {
	router-id %s;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	connect %d;
	family { ipv4 unicast; }
	static {
		route 192.0.2.0/24 next-hop 10.0.0.1 med 10;
	}
}
`, tc.routerID, proxy.port()), 0o644)
			ex := start(t, s.dir, "exago", append(exagoEnv(proxy.port()),
				"exabgp_tcp_port="+strconv.Itoa(int(s.exagoPort)), "exabgp_tcp_bind=127.0.0.1"), exagoBin(t), path)
			// exago's connection is in OpenConfirm (BIRD's OPEN went
			// through, exago's is held) when BIRD's own connection, a
			// second later, reaches exago: exago resolves the collision
			eventually(t, testTimeout, "exago resolves the collision", func() (bool, string) {
				out := ex.output()
				return strings.Contains(out, tc.exagoLog), out + b.logText()
			})
			proxy.open()
			b.waitEstablished(t, "exago")
			eventually(t, testTimeout, "route in bird", func() (bool, string) {
				routes, out := b.routes(t)
				return routes["192.0.2.0/24"].Attrs["BGP.med"] == "10", out
			})
			// one session, and it stays
			deadline := time.Now().Add(time.Second)
			tick := time.NewTicker(pollInterval)
			defer tick.Stop()
			for time.Now().Before(deadline) {
				<-tick.C
				out, err := b.show("protocols", "exago")
				require.NoError(t, err)
				require.Contains(t, out, "Established", b.logText())
			}
			log := b.logText()
			assert.Equal(t, 1, strings.Count(log, "exago: BGP session established"), "one session:\n%s", tail([]byte(log), 4000))
			assert.Contains(t, log, tc.birdLog, "the connection dropped")
			s.exago = ex
			s.stopExago()
			b.stop(t)
		})
	}
}
