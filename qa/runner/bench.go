package runner

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exago/exago/qa/peer"
)

// BenchConfig sets up a throughput run. Exactly one mode is set: Routes
// (a helper prints that many announce route lines; the floor runs too),
// Static (one neighbor with that many routes in its static block) or
// Neighbors (that many neighbors on 127.0.x.y, NeighborRoutes static
// routes each, all to one peer).
type BenchConfig struct {
	Work           *Work
	Daemon         string
	Routes         int
	Static         int
	Neighbors      int
	NeighborRoutes int
	// Hold, when set, is the hold time of the neighbors and of the peer
	// (the result then tells the longest time between KEEPALIVEs).
	Hold    uint16
	Timeout time.Duration
}

// hold is the neighbors' hold time.
func (c BenchConfig) hold() uint16 {
	if c.Hold > 0 {
		return c.Hold
	}
	return 180
}

// target is the number of prefixes the peer must receive.
func (c BenchConfig) target() int {
	switch {
	case c.Static > 0:
		return c.Static
	case c.Neighbors > 0:
		return c.Neighbors * c.NeighborRoutes
	}
	return c.Routes
}

// BenchResult is what a throughput run measured.
type BenchResult struct {
	Mode        string
	Routes      int
	Elapsed     time.Duration // helper's first line (API) or daemon start (configuration) to last prefix received
	Updates     int
	UpdateBytes int
	MaxUpdate   int
	Announced   int
	PeakRSSKiB  int // daemon VmHWM
	LogPath     string
	// MaxKeepaliveGap is the longest time between two KEEPALIVEs received
	// on a session, Lost the sessions lost.
	MaxKeepaliveGap time.Duration
	Lost            int
	// Floor is the floor's time for the same lines (API mode), 0 otherwise.
	Floor        time.Duration
	FloorUpdates int
}

// RoutesPerSecond is Routes over Elapsed.
func (r BenchResult) RoutesPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Announced) / r.Elapsed.Seconds()
}

// MessageLimit is the largest UPDATE the session allowed: 65,535 bytes
// when an UPDATE was larger than 4,096 (extended messages), 4,096 else.
func (r BenchResult) MessageLimit() int {
	if r.MaxUpdate > 4096 {
		return 65535
	}
	return 4096
}

// Fill is the average UPDATE size as a percentage of MessageLimit (the
// End-of-RIB markers and each batch's last, partial UPDATE included).
func (r BenchResult) Fill() float64 {
	if r.Updates == 0 {
		return 0
	}
	return 100 * float64(r.UpdateBytes) / float64(r.Updates) / float64(r.MessageLimit())
}

// FloorRatio is Elapsed over Floor, 0 without a floor.
func (r BenchResult) FloorRatio() float64 {
	if r.Floor <= 0 {
		return 0
	}
	return r.Elapsed.Seconds() / r.Floor.Seconds()
}

// String is the report printed by `qa bench`.
func (r BenchResult) String() string {
	s := fmt.Sprintf("%s: routes %d received %d in %.3fs: %.0f routes/s, %d UPDATEs (%.1f%% of %d bytes, %.1f prefixes each), daemon peak RSS %.1f MiB",
		r.Mode, r.Routes, r.Announced, r.Elapsed.Seconds(), r.RoutesPerSecond(), r.Updates, r.Fill(), r.MessageLimit(),
		float64(r.Announced)/float64(max(r.Updates, 1)), float64(r.PeakRSSKiB)/1024)
	if r.MaxKeepaliveGap > 0 {
		s += fmt.Sprintf("; longest KEEPALIVE gap %.3fs, sessions lost %d", r.MaxKeepaliveGap.Seconds(), r.Lost)
	}
	if r.Floor > 0 {
		s += fmt.Sprintf("; floor %.3fs (%d UPDATEs), ratio %.2f", r.Floor.Seconds(), r.FloorUpdates, r.FloorRatio())
	}
	return s
}

// benchRouteLine appends the i-th configured route of the benchmarks:
// distinct /32s counting up from 10.0.0.0, as the API helper's.
func benchRouteLine(b []byte, i int) []byte {
	b = append(b, "\t\troute "...)
	b = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}).AppendTo(b)
	return append(b, "/32 next-hop 192.0.2.1;\n"...)
}

// benchNeighbor appends a neighbor block with routes [from, to).
func benchNeighbor(b []byte, local netip.Addr, hold uint16, from, to int) []byte {
	b = fmt.Appendf(b, "neighbor 127.0.0.1 {\n\tlocal-address %s;\n\tlocal-as 65000;\n\tpeer-as 65000;\n\thold-time %d;\n\tfamily {\n\t\tipv4 unicast;\n\t}\n\tstatic {\n", local, hold)
	for i := from; i < to; i++ {
		b = benchRouteLine(b, i)
	}
	return append(b, "\t}\n}\n"...)
}

// benchConfFor returns the configuration of a configuration-mode run.
func benchConfFor(cfg BenchConfig) []byte {
	if cfg.Static > 0 {
		return benchNeighbor(nil, netip.MustParseAddr("127.0.0.1"), cfg.hold(), 0, cfg.Static)
	}
	var b []byte
	for k := range cfg.Neighbors {
		// 127.0.1.0 onwards: one local address per neighbor
		local := netip.AddrFrom4([4]byte{127, 0, byte(1 + k>>8), byte(k)})
		b = benchNeighbor(b, local, cfg.hold(), k*cfg.NeighborRoutes, (k+1)*cfg.NeighborRoutes)
	}
	return b
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

// Bench starts a sink on a free port and the daemon, with a helper
// printing cfg.Routes announce route lines (then the floor with the same
// lines) or with a configuration holding the routes, and measures until
// the last prefix.
func Bench(ctx context.Context, cfg BenchConfig) (BenchResult, error) {
	res := BenchResult{Mode: "api", Routes: cfg.target(), LogPath: filepath.Join(cfg.Work.Dir, "log", "bench.log")}
	conf := filepath.Join(cfg.Work.Dir, "etc", "bench.conf")
	stamp := filepath.Join(cfg.Work.Dir, "tmp", "bench.start")
	os.Remove(stamp)
	text := []byte(strings.Replace(benchConf, "hold-time 180;", fmt.Sprintf("hold-time %d;", cfg.hold()), 1))
	switch {
	case cfg.Static > 0:
		res.Mode, text = "static", benchConfFor(cfg)
	case cfg.Neighbors > 0:
		res.Mode, text = fmt.Sprintf("neighbors %dx%d", cfg.Neighbors, cfg.NeighborRoutes), benchConfFor(cfg)
	default:
		script := fmt.Sprintf("#!/bin/sh\nexec %s helper --bench %d --stamp %s\n", shellQuote(cfg.Work.Helper), cfg.Routes, shellQuote(stamp))
		if err := cfg.Work.WriteScript("etc/run/bench.run", script); err != nil {
			return res, err
		}
	}
	if err := os.WriteFile(conf, text, 0o644); err != nil {
		return res, fmt.Errorf("bench conf: %w", err)
	}
	text = nil
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
	start := time.Now()
	d, err := StartDaemon(cfg.Daemon, cfg.Work.Dir, DaemonEnv(Gen42, port, 0), []string{conf}, []string{"exabgp_log_level=ERR"}, logf)
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
	stats, err := peer.Sink(tctx, peer.SinkConfig{Target: res.Routes, Hold: cfg.Hold}, lns...)
	if cfg.Hold > 0 {
		res.MaxKeepaliveGap, res.Lost = stats.MaxKeepaliveGap, stats.Lost
	}
	if kib, perr := PeakRSS(d.Pid()); perr == nil {
		mu.Lock()
		res.PeakRSSKiB = max(res.PeakRSSKiB, kib)
		mu.Unlock()
	}
	stopSampling()
	wg.Wait()
	res.Updates = stats.Updates
	res.UpdateBytes, res.MaxUpdate = stats.UpdateBytes, stats.MaxUpdate
	res.Announced = stats.Announced
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return res, fmt.Errorf("bench: %d of %d prefixes received (%v); log %s", stats.Announced, res.Routes, err, res.LogPath)
		}
		return res, err
	}
	if res.Mode != "api" {
		res.Elapsed = stats.Last.Sub(start)
		return res, nil
	}
	if res.Elapsed, err = sinceStamp(stamp, stats.Last); err != nil {
		return res, err
	}
	d.Stop(2 * time.Second)
	fl, err := benchFloor(ctx, cfg, stamp)
	if err != nil {
		return res, err
	}
	res.Floor, res.FloorUpdates = fl.Elapsed, fl.Updates
	return res, nil
}

// sinceStamp is the time from the start written in the stamp file to last.
func sinceStamp(stamp string, last time.Time) (time.Duration, error) {
	b, err := os.ReadFile(stamp)
	if err != nil {
		return 0, fmt.Errorf("bench start stamp: %w", err)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bench start stamp: %w", err)
	}
	return last.Sub(time.Unix(0, ns)), nil
}

// benchFloor runs the same helper piped into `qa floor` against a new sink.
func benchFloor(ctx context.Context, cfg BenchConfig, stamp string) (BenchResult, error) {
	res := BenchResult{Mode: "floor", Routes: cfg.Routes}
	os.Remove(stamp)
	lns, port, err := peer.Listen(0)
	if err != nil {
		return res, err
	}
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	// the helper stays until its stdin ends: hold it open until the sink
	// has every route
	hold, holdW, err := os.Pipe()
	if err != nil {
		return res, fmt.Errorf("floor: %w", err)
	}
	defer hold.Close()
	defer holdW.Close()
	lines, linesW, err := os.Pipe()
	if err != nil {
		return res, fmt.Errorf("floor: %w", err)
	}
	helper := exec.CommandContext(ctx, cfg.Work.Helper, "helper", "--bench", strconv.Itoa(cfg.Routes), "--stamp", stamp)
	helper.Stdin, helper.Stdout = hold, linesW
	fl := exec.CommandContext(ctx, cfg.Work.Helper, "floor", "--connect", netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port)).String())
	fl.Stdin = lines
	fl.Stderr = os.Stderr
	if err := fl.Start(); err != nil {
		lines.Close()
		linesW.Close()
		return res, fmt.Errorf("floor: %w", err)
	}
	if err := helper.Start(); err != nil {
		lines.Close()
		linesW.Close()
		fl.Process.Kill()
		fl.Wait()
		return res, fmt.Errorf("floor helper: %w", err)
	}
	lines.Close()
	linesW.Close()
	tctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	stats, err := peer.Sink(tctx, peer.SinkConfig{Target: cfg.Routes}, lns...)
	holdW.Close()
	helper.Wait()
	fl.Wait()
	res.Updates, res.UpdateBytes, res.Announced = stats.Updates, stats.UpdateBytes, stats.Announced
	if err != nil {
		return res, fmt.Errorf("floor: %d of %d prefixes received: %w", stats.Announced, cfg.Routes, err)
	}
	res.Elapsed, err = sinceStamp(stamp, stats.Last)
	return res, err
}
