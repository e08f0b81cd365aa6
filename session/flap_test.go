//go:build linux

package session

import (
	"context"
	"net"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// flapFigures are what the flap test measures.
type flapFigures struct {
	goroutines, fds int
	heap, rss       uint64
}

func measureFlap(t *testing.T) flapFigures {
	t.Helper()
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fds, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	f := flapFigures{goroutines: runtime.NumGoroutine(), fds: len(fds), heap: ms.HeapAlloc}
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
				kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				f.rss = kb * 1024
			}
		}
	}
	return f
}

// TestFlap flaps one session 1,000 times over loopback TCP (the peer
// closes, resets the connection, sends a Cease, or lets the hold timer
// expire) while a second session of the same reactor stays up: afterwards
// there are no more goroutines, descriptors or heap than before, and the
// stable session kept its route without a single message other than
// KEEPALIVE.
func TestFlap(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 session flaps; skipped with -short")
	}
	const flaps = 1000
	flapPeer, stablePeer := newTestPeer(t), newTestPeerOn(t, "127.0.0.3")
	flapping := ipself4()
	flapping.Routes = []config.Route{{NLRI: prefix("10.0.0.0/24"), NextHopSelf: true}}
	flapping.Connect = flapPeer.port()
	stable := ipself4()
	stable.PeerAddress = netip.MustParseAddr("127.0.0.3")
	stable.Routes = []config.Route{{NLRI: prefix("10.9.0.0/24"), NextHopSelf: true}}
	stable.Connect = stablePeer.port()
	r := New(&config.Config{Neighbors: []*config.Neighbor{flapping, stable}}, config.Env{}, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	// the stable session: up once, then only KEEPALIVEs may come
	sc := stablePeer.accept()
	handshake(t, sc)
	assert.Equal(t, byte(codec.MsgUpdate), readMsg(t, sc)[18], "the stable route")
	assert.Equal(t, qaHex(marker16+":0017:02:00000000"), hexUpper(readMsg(t, sc)))
	var stableMu sync.Mutex
	var stableOther []string
	stableDone := make(chan struct{})
	go func() {
		defer close(stableDone)
		for {
			raw, err := codec.ReadMessage(sc, nil, codec.Options{})
			if err != nil {
				return
			}
			if codec.MessageType(raw) != codec.MsgKeepalive {
				stableMu.Lock()
				stableOther = append(stableOther, hexUpper(raw))
				stableMu.Unlock()
			}
		}
	}()

	up := func(hold uint16) net.Conn {
		t.Helper()
		// not testPeer.accept: its cleanup would keep every connection
		require.NoError(t, flapPeer.ln.(*net.TCPListener).SetDeadline(time.Now().Add(10*time.Second)))
		c, err := flapPeer.ln.Accept()
		require.NoError(t, err)
		open := readMsg(t, c)
		echo := append([]byte(nil), open...)
		echo[27]++
		echo[22], echo[23] = byte(hold>>8), byte(hold)
		_, err = c.Write(append(echo, appendKeepalive(nil)...))
		require.NoError(t, err)
		require.Equal(t, byte(codec.MsgKeepalive), readMsg(t, c)[18])
		require.Equal(t, byte(codec.MsgUpdate), readMsg(t, c)[18], "the flapping route")
		require.Equal(t, qaHex(marker16+":0017:02:00000000"), hexUpper(readMsg(t, c)))
		return c
	}
	flap := func(i int) {
		t.Helper()
		if i%250 == 0 {
			// hold timer expiry: the peer goes silent, exago gives up
			// after the 3 seconds negotiated
			c := up(3)
			for {
				raw := readMsg(t, c)
				if codec.MessageType(raw) == codec.MsgNotification {
					require.Equal(t, qaHex(marker16+":0015:03:0400"), hexUpper(raw))
					break
				}
			}
			c.Close()
			return
		}
		c := up(180)
		switch i % 3 {
		case 0: // the peer closes
		case 1: // TCP reset
			require.NoError(t, c.(*net.TCPConn).SetLinger(0))
		case 2: // a NOTIFICATION, Cease administrative reset
			raw, err := codec.AppendMessage(nil, codec.Notification{Code: 6, Subcode: 4}, codec.Options{})
			require.NoError(t, err)
			_, err = c.Write(raw)
			require.NoError(t, err)
		}
		c.Close()
	}

	// warm up: every kind once, then measure
	for i := 1; i <= 3; i++ {
		flap(i)
	}
	c := up(180)
	before := measureFlap(t)
	c.Close()
	start := time.Now()
	for i := range flaps {
		flap(i)
	}
	elapsed := time.Since(start)
	c = up(180)
	defer c.Close()
	var after flapFigures
	require.Eventually(t, func() bool {
		after = measureFlap(t)
		return after.goroutines <= before.goroutines && after.fds <= before.fds
	}, 5*time.Second, 20*time.Millisecond, "goroutines and descriptors back to the level before the flaps")
	t.Logf("%d flaps in %s: goroutines %d -> %d, fds %d -> %d, heap %d -> %d bytes, rss %d -> %d kB",
		flaps, elapsed.Round(time.Millisecond), before.goroutines, after.goroutines, before.fds, after.fds,
		before.heap, after.heap, before.rss/1024, after.rss/1024)
	assert.Less(t, int64(after.heap)-int64(before.heap), int64(256<<10), "heap growth under 256 KiB")

	// the stable session is still up with its route
	assert.Len(t, r.Established(), 2)
	var routes []string
	require.NoError(t, r.AdjRIBOut(ctx, Selector{{PeerAddress: stable.PeerAddress}}, func(_ *config.Neighbor, rt config.Route) {
		routes = append(routes, rt.NLRI.String())
	}))
	assert.Equal(t, []string{"10.9.0.0/24"}, routes)
	st := r.Status(stable)
	assert.Equal(t, "established", st.State)
	assert.Equal(t, uint64(2), st.UpdatesSent, "no UPDATE to the stable peer after its route and End-of-RIB")
	stableMu.Lock()
	assert.Empty(t, stableOther, "the stable peer got only KEEPALIVEs")
	stableMu.Unlock()

	cancel()
	require.NoError(t, <-done)
	<-stableDone
}

// newTestPeerOn is newTestPeer listening on addr.
func newTestPeerOn(t *testing.T, addr string) *testPeer {
	t.Helper()
	ln, err := net.Listen("tcp", addr+":0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	return &testPeer{t: t, ln: ln}
}
