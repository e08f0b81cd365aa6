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
	// Hold, when set, is the hold time of the sink's OPENs (otherwise the
	// daemon's own): the sink then sends a KEEPALIVE every Hold/3 seconds
	// rather than answering the daemon's.
	Hold uint16
	// Linger keeps the sessions that long once Target is reached, to see
	// them stay up.
	Linger time.Duration
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
	// Keepalives counts the KEEPALIVEs received; MaxKeepaliveGap is the
	// longest time between two of them on one session, and MaxSilence the
	// longest time without any message from the daemon on a session.
	Keepalives      int
	MaxKeepaliveGap time.Duration
	MaxSilence      time.Duration
	// Notifications counts the NOTIFICATIONs received, Lost the sessions
	// the daemon closed before the sink ended.
	Notifications int
	Lost          int
	// BySource is the number of prefixes announced by each daemon address.
	BySource map[string]int
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
		if cfg.Hold > 0 {
			reply[headerLen+3], reply[headerLen+4] = byte(cfg.Hold>>8), byte(cfg.Hold)
		}
		var wmu sync.Mutex // the keepalive ticker writes too
		write := func(b []byte) error {
			wmu.Lock()
			defer wmu.Unlock()
			_, err := c.Write(b)
			return err
		}
		if err := write(append(reply, keepalive()...)); err != nil {
			return
		}
		if cfg.Hold > 0 {
			tick := time.NewTicker(time.Duration(cfg.Hold) * time.Second / 3)
			defer tick.Stop()
			go func() {
				for {
					select {
					case <-ctx.Done():
						return
					case <-tick.C:
						if write(keepalive()) != nil {
							return
						}
					}
				}
			}()
		}
		source, _, _ := net.SplitHostPort(c.RemoteAddr().String())
		mu.Lock()
		stats.Sessions++
		printf("session %d from %s: OPEN %s", stats.Sessions, c.RemoteAddr(), splitHex(hexOf(open)))
		mu.Unlock()
		lastKA, lastMsg := time.Now(), time.Now()
		for {
			m, err := readMessage(c)
			now := time.Now()
			if err != nil {
				mu.Lock()
				if ctx.Err() == nil {
					stats.Lost++
					printf("session from %s closed: %v", c.RemoteAddr(), err)
				}
				mu.Unlock()
				return
			}
			mu.Lock()
			stats.MaxSilence = max(stats.MaxSilence, now.Sub(lastMsg))
			mu.Unlock()
			lastMsg = now
			switch m[18] {
			case typeKeepalive:
				mu.Lock()
				stats.Keepalives++
				stats.MaxKeepaliveGap = max(stats.MaxKeepaliveGap, now.Sub(lastKA))
				mu.Unlock()
				lastKA = now
				if cfg.Hold == 0 {
					if err := write(keepalive()); err != nil {
						return
					}
				}
			case typeNotification:
				mu.Lock()
				stats.Notifications++
				printf("NOTIFICATION %s", splitHex(hexOf(m)))
				mu.Unlock()
			case typeUpdate:
				u, err := decodeUpdate(m, cfg.PerUpdate)
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
				if stats.BySource == nil {
					stats.BySource = map[string]int{}
				}
				stats.BySource[source] += len(u.announced)
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
		if cfg.Linger > 0 {
			t := time.NewTimer(cfg.Linger)
			select {
			case <-t.C:
			case <-ctx.Done():
			}
			t.Stop()
		}
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
