package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exago/exago/qa/peer"
)

// BenchConfig sets up a throughput run.
type BenchConfig struct {
	Work    *Work
	Daemon  string
	Routes  int
	Timeout time.Duration
}

// BenchResult is what a throughput run measured.
type BenchResult struct {
	Routes      int
	Elapsed     time.Duration // first line written by the helper to last prefix received
	Updates     int
	UpdateBytes int
	Announced   int
	PeakRSSKiB  int // daemon VmHWM
	LogPath     string
}

// RoutesPerSecond is Routes over Elapsed.
func (r BenchResult) RoutesPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Announced) / r.Elapsed.Seconds()
}

// String is the report printed by `qa bench`.
func (r BenchResult) String() string {
	avg := 0.0
	if r.Updates > 0 {
		avg = float64(r.UpdateBytes) / float64(r.Updates)
	}
	return fmt.Sprintf("routes %d received %d in %.3fs: %.0f routes/s, %d UPDATEs (%.1f bytes average, %.1f prefixes each), daemon peak RSS %.1f MiB",
		r.Routes, r.Announced, r.Elapsed.Seconds(), r.RoutesPerSecond(), r.Updates, avg,
		float64(r.Announced)/float64(max(r.Updates, 1)), float64(r.PeakRSSKiB)/1024)
}

const benchConf = `process bench {
	run ./run/bench.run;
	encoder text;
}

neighbor 127.0.0.1 {
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65000;
	hold-time 180;

	family {
		ipv4 unicast;
	}
	api {
		processes [ bench ];
	}
}
`

// Bench starts a sink on a free port and the daemon with a helper printing
// cfg.Routes announce route lines, and measures until the last prefix.
func Bench(ctx context.Context, cfg BenchConfig) (BenchResult, error) {
	res := BenchResult{Routes: cfg.Routes, LogPath: filepath.Join(cfg.Work.Dir, "log", "bench.log")}
	conf := filepath.Join(cfg.Work.Dir, "etc", "bench.conf")
	if err := os.WriteFile(conf, []byte(benchConf), 0o644); err != nil {
		return res, fmt.Errorf("bench conf: %w", err)
	}
	stamp := filepath.Join(cfg.Work.Dir, "tmp", "bench.start")
	script := fmt.Sprintf("#!/bin/sh\nexec %s helper --bench %d --stamp %s\n", shellQuote(cfg.Work.Helper), cfg.Routes, shellQuote(stamp))
	if err := cfg.Work.WriteScript("etc/run/bench.run", script); err != nil {
		return res, err
	}
	logf, err := os.Create(res.LogPath)
	if err != nil {
		return res, fmt.Errorf("bench log: %w", err)
	}
	defer logf.Close()

	lns, port, err := peer.Listen(0)
	if err != nil {
		return res, err
	}
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	d, err := StartDaemon(cfg.Daemon, cfg.Work.Dir, port, []string{conf}, []string{"exabgp_log_level=ERR"}, logf)
	if err != nil {
		return res, err
	}
	defer d.Stop(2 * time.Second)

	// VmHWM is the peak already; sampling keeps the last value seen
	// before the daemon exits
	var mu sync.Mutex
	sctx, stopSampling := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if kib, err := PeakRSS(d.Pid()); err == nil {
				mu.Lock()
				res.PeakRSSKiB = max(res.PeakRSSKiB, kib)
				mu.Unlock()
			}
			select {
			case <-sctx.Done():
				return
			case <-tick.C:
			}
		}
	})

	tctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	go func() {
		select {
		case <-d.Done():
			// give the sink a moment to read what is in flight
			t := time.NewTimer(500 * time.Millisecond)
			defer t.Stop()
			select {
			case <-t.C:
				cancel()
			case <-tctx.Done():
			}
		case <-tctx.Done():
		}
	}()
	stats, err := peer.Sink(tctx, peer.SinkConfig{Target: cfg.Routes}, lns...)
	if kib, perr := PeakRSS(d.Pid()); perr == nil {
		mu.Lock()
		res.PeakRSSKiB = max(res.PeakRSSKiB, kib)
		mu.Unlock()
	}
	stopSampling()
	wg.Wait()
	res.Updates = stats.Updates
	res.UpdateBytes = stats.UpdateBytes
	res.Announced = stats.Announced
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return res, fmt.Errorf("bench: %d of %d prefixes received (%v); log %s", stats.Announced, cfg.Routes, err, res.LogPath)
		}
		return res, err
	}
	b, err := os.ReadFile(stamp)
	if err != nil {
		return res, fmt.Errorf("bench start stamp: %w", err)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return res, fmt.Errorf("bench start stamp: %w", err)
	}
	res.Elapsed = stats.Last.Sub(time.Unix(0, ns))
	return res, nil
}
