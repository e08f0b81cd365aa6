package peer

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// SinkConfig sets up a sink: a peer that takes whatever the daemon sends.
type SinkConfig struct {
	// Out receives one line per session event, and per UPDATE with
	// PerUpdate; nil discards.
	Out io.Writer
	// PerUpdate prints every UPDATE decoded: the routes of every family
	// (IPv4 and IPv6 prefixes, other families as raw NLRI) with their next
	// hop and attributes.
	PerUpdate bool
	// NoHex leaves the UPDATE's hex out of the per-UPDATE lines, which
	// otherwise read "update N: HEX DECODED".
	NoHex bool
	// Target ends the sink once that many IPv4 prefixes were announced
	// (0: run until ctx ends).
	Target int
}

// Stats counts what a sink received.
type Stats struct {
	Sessions    int
	Updates     int
	UpdateBytes int // whole UPDATE messages, headers included
	// MaxUpdate is the largest UPDATE received (bytes).
	MaxUpdate int
	Announced int // IPv4 NLRI prefixes
	Withdrawn int // IPv4 withdrawn prefixes
	EORs      int
	First     time.Time // first UPDATE received
	Last      time.Time // last UPDATE received
}

// String is a one-line summary.
func (s Stats) String() string {
	avg := 0.0
	if s.Updates > 0 {
		avg = float64(s.UpdateBytes) / float64(s.Updates)
	}
	return fmt.Sprintf("sessions %d, updates %d (%.1f bytes average), announced %d, withdrawn %d, eor %d",
		s.Sessions, s.Updates, avg, s.Announced, s.Withdrawn, s.EORs)
}

// Sink accepts sessions on the listeners, answers OPENs and KEEPALIVEs, and
// counts the UPDATEs until ctx ends or cfg.Target prefixes were announced.
// It does not close the listeners.
func Sink(ctx context.Context, cfg SinkConfig, lns ...net.Listener) (Stats, error) {
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		stats Stats
		wg    sync.WaitGroup
	)
	reached := make(chan struct{})
	var once sync.Once
	printf := func(format string, args ...any) {
		fmt.Fprintf(cfg.Out, format+"\n", args...)
	}
	session := func(c net.Conn) {
		defer c.Close()
		stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
		defer stop()
		open, err := readMessage(c)
		if err != nil {
			return
		}
		reply, err := openReply(open, false)
		if err != nil {
			mu.Lock()
			printf("%s: %v", c.RemoteAddr(), err)
			mu.Unlock()
			return
		}
		if _, err := c.Write(append(reply, keepalive()...)); err != nil {
			return
		}
		mu.Lock()
		stats.Sessions++
		printf("session %d from %s: OPEN %s", stats.Sessions, c.RemoteAddr(), splitHex(hexOf(open)))
		mu.Unlock()
		for {
			m, err := readMessage(c)
			if err != nil {
				mu.Lock()
				if ctx.Err() == nil {
					printf("session from %s closed: %v", c.RemoteAddr(), err)
				}
				mu.Unlock()
				return
			}
			switch m[18] {
			case typeKeepalive:
				if _, err := c.Write(keepalive()); err != nil {
					return
				}
			case typeNotification:
				mu.Lock()
				printf("NOTIFICATION %s", splitHex(hexOf(m)))
				mu.Unlock()
			case typeUpdate:
				u, err := decodeUpdate(m, cfg.PerUpdate)
				now := time.Now()
				mu.Lock()
				stats.Updates++
				stats.UpdateBytes += len(m)
				stats.MaxUpdate = max(stats.MaxUpdate, len(m))
				if stats.First.IsZero() {
					stats.First = now
				}
				stats.Last = now
				if err != nil {
					printf("update %d: %v", stats.Updates, err)
				}
				stats.Announced += len(u.announced)
				stats.Withdrawn += len(u.withdrawn)
				if u.eor {
					stats.EORs++
				}
				if cfg.PerUpdate {
					if cfg.NoHex {
						printf("update %d: %s", stats.Updates, u.describe())
					} else {
						printf("update %d: %s %s", stats.Updates, splitHex(hexOf(m)), u.describe())
					}
				}
				hit := cfg.Target > 0 && stats.Announced >= cfg.Target
				mu.Unlock()
				if hit {
					once.Do(func() { close(reached) })
				}
			}
		}
	}
	for _, ln := range lns {
		wg.Go(func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				wg.Go(func() { session(c) })
			}
		})
	}
	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case <-reached:
	}
	cancel()
	for _, ln := range lns {
		if d, ok := ln.(interface{ SetDeadline(time.Time) error }); ok {
			d.SetDeadline(time.Now())
		}
	}
	wg.Wait()
	for _, ln := range lns {
		if d, ok := ln.(interface{ SetDeadline(time.Time) error }); ok {
			d.SetDeadline(time.Time{})
		}
	}
	mu.Lock()
	defer mu.Unlock()
	return stats, err
}
