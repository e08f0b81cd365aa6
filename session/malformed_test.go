package session

import (
	"context"
	"encoding/hex"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// updateRecorder keeps the UPDATEs the observer is told about.
type updateRecorder struct {
	recorder
	mu      sync.Mutex
	updates []codec.Update
	got     chan struct{}
}

func (r *updateRecorder) Message(_ *config.Neighbor, _ PeerInfo, dir Direction, m codec.Message, _ []byte) {
	if u, ok := m.(codec.Update); ok && dir == Received {
		r.mu.Lock()
		r.updates = append(r.updates, u)
		r.mu.Unlock()
		r.got <- struct{}{}
	}
}

// TestMalformedUpdates sends UPDATEs with RFC 7606 faults from the peer:
// a bad ORIGIN value is treated as withdraw (the session stays up and
// the observer sees the route withdrawn), a withdrawn-routes length that
// overruns the message resets the session with NOTIFICATION 3/1
// (and the observer hears nothing decoded of it).
func TestMalformedUpdates(t *testing.T) {
	tp := newTestPeer(t)
	n := ipself4()
	n.Routes = nil
	rec := &updateRecorder{got: make(chan struct{}, 4)}
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}},
		config.Env{TCPPort: tp.port(), TCPOnce: true}, rec, testLogger(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	c := tp.accept()
	handshake(t, c)
	assert.Equal(t, qaHex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000"), hexUpper(readMsg(t, c)))

	send := func(h string) {
		t.Helper()
		b, err := hex.DecodeString(qaHex(h))
		require.NoError(t, err)
		_, err = c.Write(b)
		require.NoError(t, err)
	}
	wait := func() {
		t.Helper()
		select {
		case <-rec.got:
		case <-time.After(5 * time.Second):
			t.Fatal("the observer heard no UPDATE")
		}
	}

	// ORIGIN 5 (undefined value) on 10.0.0.0/24, next hop 127.0.0.1, local-pref 100.
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:0000:0015:40010105:400200:4003047F000001:40050400000064:180A0000")
	wait()
	// A well-formed UPDATE afterwards proves the session stayed up.
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:0000:0015:40010100:400200:4003047F000001:40050400000064:180A0100")
	wait()
	rec.mu.Lock()
	require.Len(t, rec.updates, 2)
	assert.Equal(t, "10.0.0.0/24", rec.updates[0].Withdrawn[0].String(), "treated as withdraw")
	assert.Empty(t, rec.updates[0].NLRI)
	assert.Empty(t, rec.updates[0].Attributes)
	assert.Equal(t, "10.1.0.0/24", rec.updates[1].NLRI[0].String())
	rec.mu.Unlock()

	// Withdrawn routes length 0x00FF overruns the message: UPDATE Message
	// Error / Malformed Attribute List (RFC 4271 6.3).
	send("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00FF0000")
	notif := readMsg(t, c)
	require.Equal(t, byte(codec.MsgNotification), notif[18], hexUpper(notif))
	assert.Equal(t, []byte{3, 1}, notif[19:21], hexUpper(notif))
	// A session we reset ourselves reconnects, as in ExaBGP, even in once
	// mode; stopping the reactor ends it.
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
}
