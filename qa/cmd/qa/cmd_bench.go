package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"github.com/exago/exago/qa/runner"
)

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("bench", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.IntP("routes", "n", 100000, "announce route lines the helper prints (with --neighbors: routes per neighbor)")
	static := fs.Int("static", 0, "instead: one neighbor with this many routes in its static block")
	neighbors := fs.Int("neighbors", 0, "instead: this many neighbors (127.0.x.y) with --routes static routes each")
	hold := fs.Uint16("hold", 0, "hold time of the neighbors and the peer (default 180; reports the longest KEEPALIVE gap)")
	runs := fs.Int("runs", 1, "repeat the run, then print min/median/max")
	exago := fs.String("exago", "", "daemon binary (default: go build ./cmd/exago)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after")
	keep := fs.Bool("keep", false, "keep the work folder")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg := runner.BenchConfig{Routes: *n, Timeout: *timeout, Hold: *hold}
	switch {
	case *static > 0:
		cfg.Routes, cfg.Static = 0, *static
	case *neighbors > 0:
		cfg.Routes, cfg.Neighbors, cfg.NeighborRoutes = 0, *neighbors, *n
	}
	work, err := runner.NewWork("", "")
	if err != nil {
		fmt.Fprintln(stderr, "qa bench:", err)
		return 2
	}
	cfg.Work = work
	cfg.Daemon, err = resolveDaemon(work, *exago)
	if err != nil {
		fmt.Fprintln(stderr, "qa bench:", err)
		work.Remove()
		return 2
	}
	fmt.Fprintf(stdout, "bench: %+v through %s\n", struct{ Routes, Static, Neighbors, NeighborRoutes int }{cfg.Routes, cfg.Static, cfg.Neighbors, cfg.NeighborRoutes}, cfg.Daemon)
	var results []runner.BenchResult
	for range max(*runs, 1) {
		res, err := runner.Bench(ctx, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "qa bench:", err)
			fmt.Fprintf(stdout, "work folder kept: %s\n", work.Dir)
			return 1
		}
		fmt.Fprintln(stdout, res)
		results = append(results, res)
	}
	if len(results) > 1 {
		fmt.Fprintln(stdout, summary(results))
	}
	if *keep {
		fmt.Fprintf(stdout, "work folder kept: %s\n", work.Dir)
	} else {
		work.Remove()
	}
	return 0
}

// summary prints min/median/max of the runs' time, peak RSS and ratio to
// the floor.
func summary(rs []runner.BenchResult) string {
	mmm := func(f func(runner.BenchResult) float64) [3]float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return [3]float64{v[0], v[len(v)/2], v[len(v)-1]}
	}
	t := mmm(func(r runner.BenchResult) float64 { return r.Elapsed.Seconds() })
	m := mmm(func(r runner.BenchResult) float64 { return float64(r.PeakRSSKiB) / 1024 })
	f := mmm(func(r runner.BenchResult) float64 { return r.Fill() })
	s := fmt.Sprintf("%d runs, min/median/max: time %.3f/%.3f/%.3f s, peak RSS %.1f/%.1f/%.1f MiB, fill %.1f/%.1f/%.1f %%",
		len(rs), t[0], t[1], t[2], m[0], m[1], m[2], f[0], f[1], f[2])
	if rs[0].Floor > 0 {
		fl := mmm(func(r runner.BenchResult) float64 { return r.Floor.Seconds() })
		q := mmm(func(r runner.BenchResult) float64 { return r.FloorRatio() })
		s += fmt.Sprintf(", floor %.3f/%.3f/%.3f s, ratio %.2f/%.2f/%.2f", fl[0], fl[1], fl[2], q[0], q[1], q[2])
	}
	return s
}
