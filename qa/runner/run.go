package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/exago/exago/qa/peer"
)

// Config drives a suite run.
type Config struct {
	Suite   *Suite
	Work    *Work
	Daemon  string        // daemon binary
	Timeout time.Duration // per test
	Jobs    int           // tests run at once
	Out     io.Writer     // one line per test, then the summary
	Verbose bool          // print the failure diff and the log tail
	// Generation forces the runner rules; "" uses the suite's.
	Generation Generation
}

// Result is one test's outcome.
type Result struct {
	Name     string
	Pass     bool
	Duration time.Duration
	Err      error  // why it failed
	Detail   string // multi-line diff of the failure
	LogPath  string // daemon output and peer conversation
}

// Line is the result as printed: "pass NAME 0.8s" or "fail NAME: reason".
func (r Result) Line() string {
	if r.Pass {
		return fmt.Sprintf("pass %s %.1fs", r.Name, r.Duration.Seconds())
	}
	return fmt.Sprintf("fail %s: %v", r.Name, r.Err)
}

// lockedWriter serialises writes of the daemon and the peer into one log.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// RunTest runs one test: peer on a free port, daemon pointed at it.
func RunTest(ctx context.Context, cfg Config, t Test) Result {
	start := time.Now()
	res := Result{Name: t.Name, LogPath: filepath.Join(cfg.Work.Dir, "log", t.Name+".log")}
	fail := func(err error) Result {
		res.Err = err
		res.Duration = time.Since(start)
		var f *peer.Failure
		if errors.As(err, &f) {
			res.Detail = f.Detail()
		}
		return res
	}
	logf, err := os.Create(res.LogPath)
	if err != nil {
		return fail(fmt.Errorf("test log: %w", err))
	}
	defer logf.Close()
	log := &lockedWriter{w: logf}

	script, err := peer.LoadScript(t.Msg)
	if err != nil {
		return fail(err)
	}
	lns, port, err := peer.Listen(0)
	if err != nil {
		return fail(err)
	}
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	confs := make([]string, len(t.Confs))
	for i, c := range t.Confs {
		confs[i] = filepath.Join(cfg.Work.Dir, "etc", c)
	}
	gen := cfg.generation()
	rules := peer.Rules42
	if gen == Gen50 {
		rules = peer.Rules50
	}
	env := DaemonEnv(gen, port, script.Options.TCPConnections)
	d, err := StartDaemon(cfg.Daemon, cfg.Work.Dir, env, confs, nil, log)
	if err != nil {
		return fail(err)
	}
	defer d.Stop(2 * time.Second)

	tctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	p := peer.New(peer.Config{Script: script, Signal: d.Signal, Log: prefixWriter{log, "peer: "}, Rules: rules})
	served := make(chan error, 1)
	go func() { served <- p.Serve(tctx, lns...) }()

	var result error
	select {
	case result = <-served:
	case <-d.Done():
		// let the peer see the closed session before giving up on it
		grace := time.NewTimer(time.Second)
		select {
		case result = <-served:
		case <-grace.C:
			cancel()
			<-served
			result = fmt.Errorf("daemon exited (%v) before the test passed", d.ExitErr())
		}
		grace.Stop()
	}
	if result == nil && gen == Gen50 {
		// 5.0 judges a test once the daemon exited too: it must end by
		// itself once its tcp.connections are used
		for _, ln := range lns {
			ln.Close()
		}
		select {
		case <-d.Done():
			fmt.Fprintf(log, "daemon exited by itself (%v)\n", d.ExitErr())
		case <-tctx.Done():
			result = errors.New("the peer succeeded but the daemon did not exit by itself")
		}
	}
	res.Duration = time.Since(start)
	if result != nil {
		return fail(result)
	}
	res.Pass = true
	return res
}

// generation is the suite's generation unless the config forces one.
func (c Config) generation() Generation {
	if c.Generation != "" {
		return c.Generation
	}
	if c.Suite != nil && c.Suite.Generation != "" {
		return c.Suite.Generation
	}
	return Gen42
}

// prefixWriter prefixes each write (the peer logs whole lines).
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p prefixWriter) Write(b []byte) (int, error) {
	if _, err := p.w.Write(append([]byte(p.prefix), b...)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// Run runs the tests cfg.Jobs at a time and prints one line per test as it
// ends, then "N passed, M failed". Results come back in the tests' order.
func Run(ctx context.Context, cfg Config, tests []Test) []Result {
	if cfg.Jobs < 1 {
		cfg.Jobs = 1
	}
	results := make([]Result, len(tests))
	var mu sync.Mutex
	sem := make(chan struct{}, cfg.Jobs)
	var wg sync.WaitGroup
	for i, t := range tests {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			results[i] = Result{Name: t.Name, Err: ctx.Err()}
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			r := RunTest(ctx, cfg, t)
			results[i] = r
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintln(cfg.Out, r.Line())
			if !r.Pass && cfg.Verbose {
				if r.Detail != "" {
					fmt.Fprint(cfg.Out, indent(r.Detail))
				}
				fmt.Fprint(cfg.Out, indent(tail(r.LogPath, 30)))
			}
		})
	}
	wg.Wait()
	passed := 0
	for _, r := range results {
		if r.Pass {
			passed++
		}
	}
	fmt.Fprintf(cfg.Out, "%d passed, %d failed\n", passed, len(results)-passed)
	return results
}

func indent(s string) string {
	var out []byte
	start := true
	for i := 0; i < len(s); i++ {
		if start {
			out = append(out, "    "...)
		}
		out = append(out, s[i])
		start = s[i] == '\n'
	}
	if len(out) > 0 && !start {
		out = append(out, '\n')
	}
	return string(out)
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error() + "\n"
	}
	lines := 0
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\n' && i != len(b)-1 {
			lines++
			if lines == n {
				return "log " + path + " (tail):\n" + string(b[i+1:])
			}
		}
	}
	return "log " + path + ":\n" + string(b)
}

// Ratchet compares results with the names that must pass: it returns the
// listed tests that failed (or did not run) and the passing tests not listed.
func Ratchet(results []Result, must []string) (regressed, unlisted []string) {
	listed := map[string]bool{}
	for _, n := range must {
		listed[n] = true
	}
	ran := map[string]bool{}
	for _, r := range results {
		ran[r.Name] = r.Pass
		if r.Pass && !listed[r.Name] {
			unlisted = append(unlisted, r.Name)
		}
	}
	for _, n := range must {
		if pass, ok := ran[n]; ok && !pass {
			regressed = append(regressed, n)
		}
	}
	return regressed, unlisted
}
