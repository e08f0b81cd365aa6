package session

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// pipeReactor builds a once-mode reactor for n whose connection is one end
// of a net.Pipe; the other end is returned.
func pipeReactor(t *testing.T, n *config.Neighbor, obs Observer) (*Reactor, net.Conn) {
	t.Helper()
	ours, theirs := net.Pipe()
	r := New(&config.Config{Neighbors: []*config.Neighbor{n}}, config.Env{TCPOnce: true}, obs, nil)
	used := false
	r.dial = func(context.Context, dialSpec) (net.Conn, error) {
		if used {
			return nil, errors.New("connection refused")
		}
		used = true
		return ours, nil
	}
	return r, theirs
}

// pipeReader reads whole messages from c into a channel until c fails.
func pipeReader(c net.Conn) <-chan []byte {
	ch := make(chan []byte, 64)
	go func() {
		defer close(ch)
		for {
			raw, err := codec.ReadMessage(c, nil, codec.Options{ExtendedMessage: true})
			if err != nil {
				return
			}
			ch <- raw
		}
	}()
	return ch
}

// TestHoldTimerExpires: the peer answers the OPEN and then stays silent;
// we send KEEPALIVEs every hold/3 (whole seconds) and, when the hold time passes, a
// NOTIFICATION "hold timer expired", then Run returns (once mode).
func TestHoldTimerExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := ipself4()
		n.HoldTime = 10
		n.Routes = nil
		rec := &recorder{}
		r, c := pipeReactor(t, n, rec)
		done := make(chan error, 1)
		go func() { done <- r.Run(context.Background()) }()

		msgs := pipeReader(c)
		open := <-msgs
		require.Equal(t, byte(codec.MsgOpen), open[18])
		echo := append([]byte(nil), open...)
		echo[27]++
		_, err := c.Write(append(echo, appendKeepalive(nil)...))
		require.NoError(t, err)
		start := time.Now()

		var got []string
		var at []time.Duration
		for raw := range msgs {
			got = append(got, hexUpper(raw))
			at = append(at, time.Since(start))
		}
		require.NoError(t, <-done)
		assert.Equal(t, []string{
			hexUpper(appendKeepalive(nil)),                        // answer to the OPEN
			"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001702" + "00000000", // End-of-RIB, after one batch delay
			hexUpper(appendKeepalive(nil)),                        // 3 s
			hexUpper(appendKeepalive(nil)),                        // 6 s
			hexUpper(appendKeepalive(nil)),                        // 9 s
			"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001503" + "0400",     // 10 s: hold timer expired
		}, got)
		assert.Equal(t, []time.Duration{0, flushDelay, 3 * time.Second, 6 * time.Second, 9 * time.Second, 10 * time.Second}, at)
		states := rec.get()
		require.Len(t, states, 3)
		assert.Equal(t, "down peer reset, message [notification sent (4,0)] error[Hold timer expired / Unspecific]", states[2])
	})
}

// TestOpenChecks: a wrong peer AS or a bad hold time in the peer's OPEN is
// answered with the OPEN error NOTIFICATION ExaBGP sends.
func TestOpenChecks(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(open []byte)
		want   string
	}{
		{
			name:   "bad peer as",
			mutate: func(o []byte) { o[20], o[21] = 0, 1 },
			want:   wantNotif(2, 2, "ASN in OPEN (1) did not match ASN expected (12345)"),
		},
		{
			name:   "hold time 2",
			mutate: func(o []byte) { o[22], o[23], o[27] = 0, 2, o[27]+1 },
			want:   wantNotif(2, 6, "Hold Time is invalid (2)"),
		},
		{
			name:   "same router id",
			mutate: func(o []byte) {},
			want:   wantNotif(2, 3, "BGP Identifier collision, same router-id (127.0.0.2) on both sides of this IBGP session"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := ipself4()
				r, c := pipeReactor(t, n, nil)
				done := make(chan error, 1)
				go func() { done <- r.Run(context.Background()) }()
				msgs := pipeReader(c)
				open := <-msgs
				echo := append([]byte(nil), open...)
				tt.mutate(echo)
				_, err := c.Write(echo)
				require.NoError(t, err)
				notif := <-msgs
				assert.Equal(t, tt.want, hexUpper(notif))
				require.NoError(t, <-done)
			})
		})
	}
}

// wantNotif is the hex of a NOTIFICATION with text as its data.
func wantNotif(code, sub byte, text string) string {
	return fmt.Sprintf("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF%04X03%02X%02X", 21+len(text), code, sub) + hexUpper([]byte(text))
}

// TestShutdownPeerNotReading: a peer that stopped reading does not hold up
// a shutdown; Run returns after the bounded wait for the last Cease.
func TestShutdownPeerNotReading(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := ipself4()
		n.HoldTime = 0 // no keepalives, no hold timer
		n.APIs = []config.API{{Processes: []string{"p"}}}
		r, c := pipeReactor(t, n, nil)
		r.env.TCPOnce = false
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- r.Run(ctx) }()
		open, err := codec.ReadMessage(c, nil, codec.Options{})
		require.NoError(t, err)
		echo := append([]byte(nil), open...)
		echo[27]++
		_, err = c.Write(append(echo, appendKeepalive(nil)...))
		require.NoError(t, err)
		// from now on nothing is read: the writer blocks on the pipe
		rs := routes32(200_000)
		require.NoError(t, r.Announce(ctx, "p", nil, rs))
		time.Sleep(2 * flushDelay) // the batch is packed and the queue fills
		synctest.Wait()
		require.Len(t, r.peerList()[0].conn.out, writeQueue, "write queue full")
		cancel()
		start := time.Now()
		require.NoError(t, <-done)
		assert.LessOrEqual(t, time.Since(start), 5*time.Second)
	})
}
