package helper

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"
	"time"
)

// BenchRoute is the i-th route line of the benchmark helper: distinct /32s
// counting up from 10.0.0.0, one next hop.
func BenchRoute(b []byte, i int) []byte {
	a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
	b = append(b, "announce route "...)
	b = a.AppendTo(b)
	return append(b, "/32 next-hop 192.0.2.1\n"...)
}

// Bench writes the start time (Unix nanoseconds) to stamp, prints n announce
// route lines as fast as the pipe takes them, then stays until stdin ends.
func Bench(ctx context.Context, n int, stamp string, stdin io.Reader, stdout io.Writer) error {
	if stamp != "" {
		now := strconv.FormatInt(time.Now().UnixNano(), 10)
		if err := os.WriteFile(stamp, []byte(now), 0o644); err != nil {
			return fmt.Errorf("bench stamp: %w", err)
		}
	}
	w := bufio.NewWriterSize(stdout, 64*1024)
	var line []byte
	for i := range n {
		line = BenchRoute(line[:0], i)
		if _, err := w.Write(line); err != nil {
			return fmt.Errorf("bench write: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("bench flush: %w", err)
	}
	done := make(chan struct{})
	go func() {
		io.Copy(io.Discard, stdin)
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return nil
}
