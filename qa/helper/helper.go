package helper

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Helper runs one helper behaviour against the daemon's pipes.
type Helper struct {
	Name     string    // helper name: NAME of run/NAME.run
	Commands *Commands // its api/NAME.commands (may be empty)
	Stdout   io.Writer // to the daemon
	Stderr   io.Writer // the daemon's log
	lines    chan string
	closed   bool
}

// New prepares a helper reading the daemon's messages from stdin.
func New(name string, cmds *Commands, stdin io.Reader, stdout, stderr io.Writer) *Helper {
	if cmds == nil {
		cmds = &Commands{}
	}
	h := &Helper{Name: name, Commands: cmds, Stdout: stdout, Stderr: stderr, lines: make(chan string, 64)}
	go func() {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
		for sc.Scan() {
			h.lines <- sc.Text()
		}
		close(h.lines)
	}()
	return h
}

// ExitError carries the exit status a helper ends with.
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// readLine blocks for the next line from the daemon; ok is false at EOF.
func (h *Helper) readLine(ctx context.Context) (string, bool) {
	select {
	case l, ok := <-h.lines:
		return strings.TrimSpace(l), ok
	case <-ctx.Done():
		return "", false
	}
}

func (h *Helper) send(line string) error {
	_, err := io.WriteString(h.Stdout, line+"\n")
	if err != nil {
		return fmt.Errorf("send %q: %w", line, err)
	}
	return nil
}

func (h *Helper) logf(format string, args ...any) {
	fmt.Fprintf(h.Stderr, format+"\n", args...)
}

func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fail sends line, announcing a route the test peer does not expect so
// that the test fails, waits d for it to go out, and ends the helper
// with exit status 1.
func (h *Helper) fail(ctx context.Context, line string, d time.Duration) error {
	if err := h.send(line); err != nil {
		return err
	}
	if err := pause(ctx, d); err != nil {
		return err
	}
	return ExitError{1}
}

// readLoop is the tail of most legacy helpers: for up to 5 s, read a line
// (blocking), stop at EOF, an empty line or 'shutdown', else pause 1 s.
func (h *Helper) readLoop(ctx context.Context) error {
	end := time.Now().Add(5 * time.Second)
	for time.Now().Before(end) {
		line, ok := h.readLine(ctx)
		if !ok || line == "" || strings.Contains(line, "shutdown") {
			return nil
		}
		if err := pause(ctx, time.Second); err != nil {
			return err
		}
	}
	return nil
}

// line returns the i-th command of the file, or def when absent.
func (h *Helper) line(i int, def string) string {
	if i < len(h.Commands.Lines) {
		return h.Commands.Lines[i]
	}
	return def
}

// Run executes the helper until it ends.
func (h *Helper) Run(ctx context.Context) error {
	switch h.Name {
	case "api-check":
		return h.apiCheck(ctx)
	case "api-open":
		return h.apiOpen(ctx)
	case "api-api.nothing":
		return h.apiNothing(ctx)
	case "api-api.receive":
		return h.apiReceive(ctx)
	case "api-notification":
		return h.readLoop(ctx)
	case "watchdog":
		return h.watchdog(ctx)
	}
	if len(h.Commands.Ops) == 0 {
		// unknown helper: stay alive until the daemon closes our stdin
		for {
			if _, ok := h.readLine(ctx); !ok {
				return nil
			}
		}
	}
	return h.replay(ctx)
}

// replay sends the commands of the file with its pauses and reads.
func (h *Helper) replay(ctx context.Context) error {
	for _, op := range h.Commands.Ops {
		switch op.Kind {
		case OpPrint:
			if err := h.send(op.Line); err != nil {
				return err
			}
		case OpSleep:
			if err := pause(ctx, op.Sleep); err != nil {
				return err
			}
		case OpRead:
			if err := h.readLoop(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

const (
	checkExpected = "neighbor 127.0.0.1 receive update announced 0.0.0.0/32 next-hop 127.0.0.1 origin igp local-preference 100"
	checkFailure  = "neighbor 127.0.0.1 announce route 0.0.0.0/0 next-hop 255.255.255.255"
	apiFailure    = "announce route 6.6.6.0/24 next-hop 9.9.9.9"
)

// apiCheck waits for the text encoder's line about the peer's default
// route, then announces a route.
func (h *Helper) apiCheck(ctx context.Context) error {
	for {
		line, ok := h.readLine(ctx)
		if ok && (strings.Contains(line, "start") || strings.Contains(line, "end") || strings.Contains(line, "eor")) {
			continue
		}
		if !ok || !strings.Contains(line, checkExpected) {
			h.logf("api-check: unexpected line %q", line)
			return h.fail(ctx, checkFailure, 5*time.Second)
		}
		break
	}
	if err := h.send(h.line(0, "neighbor 127.0.0.1 announce route 1.2.3.4 next-hop 5.6.7.8")); err != nil {
		return err
	}
	return h.readLoop(ctx)
}

// apiOpen checks the first line is the JSON of the OPEN received, then
// announces a route.
func (h *Helper) apiOpen(ctx context.Context) error {
	line, _ := h.readLine(ctx)
	if !strings.Contains(line, "open") {
		h.logf("api-open: not expected json message (open): %q", line)
		return ExitError{1}
	}
	if !json.Valid([]byte(line)) {
		h.logf("api-open: failure, json can not be decoded: %q", line)
		return ExitError{1}
	}
	h.logf("api-open: json received: %s", line)
	if strings.Contains(line, "shutdown") {
		return ExitError{1}
	}
	if err := h.send(h.line(0, "announce route 1.1.1.1/32 next-hop 101.1.101.1 med 200")); err != nil {
		return err
	}
	if err := pause(ctx, time.Second); err != nil {
		return err
	}
	line, ok := h.readLine(ctx)
	if !ok || line == "" || line == "done" || line == "shutdown" {
		return nil
	}
	h.logf("api-open: Bad termination")
	return ExitError{1}
}

// apiNothing expects nothing but the shutdown notice.
func (h *Helper) apiNothing(ctx context.Context) error {
	line, _ := h.readLine(ctx)
	if strings.Contains(line, "shutdown") {
		h.logf("  (ok) api.nothing shutdown %s", line)
		if err := pause(ctx, 3*time.Second); err != nil {
			return err
		}
		return ExitError{1}
	}
	h.logf("  (failure) api.nothing received data: %s", line)
	if err := h.send(h.line(0, apiFailure)); err != nil {
		return err
	}
	return h.readLoop(ctx)
}

// apiReceive waits for the peer's default route and then announces.
func (h *Helper) apiReceive(ctx context.Context) error {
	for {
		line, ok := h.readLine(ctx)
		if !ok {
			return ExitError{1}
		}
		switch {
		case strings.Contains(line, "shutdown"):
			h.logf("   (ok) api.receive shutdown received")
			return ExitError{1}
		case strings.Contains(line, "done"), strings.Contains(line, "eor"), strings.Contains(line, "keepalive"):
		case strings.Contains(line, "0.0.0.0/32"):
			h.logf("   (ok) api.receive 0.0.0.0/32 received")
			if err := pause(ctx, 2*time.Second); err != nil {
				return err
			}
			if err := h.send(h.line(0, "announce route 6.6.6.0/24 next-hop 1.1.1.1")); err != nil {
				return err
			}
		default:
			h.logf("   (failure) api.receive received unexpected data: %s", line)
			return h.fail(ctx, apiFailure, 3*time.Second)
		}
	}
}

// watchdog alternates its two commands every second, forever.
func (h *Helper) watchdog(ctx context.Context) error {
	up := h.line(0, "announce watchdog dnsr")
	down := h.line(1, "withdraw watchdog dnsr")
	if err := pause(ctx, time.Second); err != nil {
		return err
	}
	for {
		for _, l := range []string{up, down} {
			if err := h.send(l); err != nil {
				return err
			}
			if err := pause(ctx, time.Second); err != nil {
				return err
			}
		}
	}
}
