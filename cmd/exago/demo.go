package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/exago/exago/qa/peer"
)

// demoConfs are the example configurations "exago demo" looks for when
// given none: the checkout's, then the package's.
var demoConfs = []string{"etc/exago.conf", "/etc/exago/exago.conf"}

// runDemo runs a configuration (the shipped example by default) against
// the QA test peer started in this process on a free loopback port, and
// prints every UPDATE the peer receives, decoded, until Ctrl-C. The
// neighbors must be on loopback (127.0.0.1 or ::1), as in the example.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", "demo [-v] [--hex] [CONF]", stderr)
	verbose := fs.BoolP("verbose", "v", false, "show the daemon's log (INFO) on stderr")
	showHex := fs.Bool("hex", false, "print each UPDATE's hex before its decoded form")
	if ok, err := parseFlags(fs, args, ""); !ok {
		return err
	}
	conf := fs.Arg(0)
	if conf == "" {
		for _, c := range demoConfs {
			if _, err := os.Stat(c); err == nil {
				conf = c
				break
			}
		}
		if conf == "" {
			return usageError("demo: no configuration given and none of %v found", demoConfs)
		}
	}
	env, err := loadEnv("", stderr)
	if err != nil {
		return err
	}
	lns, port, err := peer.Listen(0)
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("demo: %w", err)}
	}
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	env.TCPPort, env.TCPBind = uint16(port), nil
	env.APICLI = false
	env.LogDestination, env.LogLevel = "stderr", "WARNING"
	if *verbose {
		env.LogLevel = "INFO"
	}
	out := &lockedWriter{w: stdout}
	fmt.Fprintf(out, "demo: test peer on loopback port %d; running %s against it (Ctrl-C to stop)\n", port, conf)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sinkDone := make(chan error, 1)
	go func() {
		stats, err := peer.Sink(ctx, peer.SinkConfig{Out: out, PerUpdate: true, NoHex: !*showHex}, lns...)
		fmt.Fprintf(out, "demo: %s\n", stats)
		sinkDone <- err
	}()
	err = runOne(ctx, env, []string{conf}, out, stderr, nil)
	cancel()
	if serr := <-sinkDone; serr != nil && !errors.Is(serr, context.Canceled) && err == nil {
		err = &exitError{code: 1, err: fmt.Errorf("demo: test peer: %w", serr)}
	}
	return err
}

// lockedWriter serializes the peer's and the daemon's writes.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
