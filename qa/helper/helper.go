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
func (h *Helper) readLoop(ctx context.Context) error { return h.readLoopFor(ctx, 0) }

// readLoopFor is readLoop stopping after limit (5 s when 0).
func (h *Helper) readLoopFor(ctx context.Context, limit time.Duration) error {
	if limit == 0 {
		limit = 5 * time.Second
	}
	end := time.Now().Add(limit)
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
	case "api-rr":
		if len(h.Commands.Lines) >= 4 {
			return h.apiRR(ctx)
		}
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

// replay sends the commands of the file with its pauses, reads and waits.
// Commands with nothing between them go out in one write, as 5.0's
// helpers write them.
func (h *Helper) replay(ctx context.Context) error {
	ops := h.Commands.Ops
	for i := 0; i < len(ops); i++ {
		op := ops[i]
		switch op.Kind {
		case OpPrint:
			lines := []string{op.Line}
			for i+1 < len(ops) && ops[i+1].Kind == OpPrint {
				i++
				lines = append(lines, ops[i].Line)
			}
			if err := h.send(strings.Join(lines, "\n")); err != nil {
				return err
			}
		case OpSleep:
			if err := pause(ctx, op.Sleep); err != nil {
				return err
			}
		case OpRead:
			if err := h.readLoopFor(ctx, op.Sleep); err != nil {
				return err
			}
		case OpWaitAcks:
			if err := h.waitAcks(ctx, op); err != nil {
				return err
			}
		case OpReadDone:
			if err := h.readDone(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// waitAcks reads until op.Acks acknowledgements came ("done", or JSON
// whose answer is done) or the limit passed (2 s by default); an "error"
// answer ends the wait, "shutdown" ends the helper. In a checked file the
// outcome must be the one the marker says, else the helper exits with
// status 1.
func (h *Helper) waitAcks(ctx context.Context, op Op) error {
	limit := op.Sleep
	if limit == 0 {
		limit = 2 * time.Second
	}
	wctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	got := 0
	failed := false
	for got < op.Acks && !failed {
		line, ok := h.readLine(wctx)
		if !ok {
			if ctx.Err() == nil && wctx.Err() == nil {
				return nil // EOF: the daemon went away
			}
			break
		}
		switch {
		case strings.Contains(line, "shutdown"):
			return nil
		case isAnswer(line, "done"):
			got++
		case isAnswer(line, "error"):
			failed = true
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if !h.Commands.Checked {
		return nil
	}
	switch {
	case failed:
		h.logf("%s: an 'error' answer ended a wait for acks", h.Name)
		return ExitError{1}
	case op.Check == AckMustCome && got < op.Acks:
		h.logf("%s: expected %d ack(s), got %d", h.Name, op.Acks, got)
		return ExitError{1}
	case op.Check == AckMustNot && got > 0:
		h.logf("%s: expected no ack, got %d", h.Name, got)
		return ExitError{1}
	}
	return nil
}

// isAnswer reports whether line is the answer word, as a line or as the
// "answer" of a JSON object.
func isAnswer(line, word string) bool {
	if line == word {
		return true
	}
	if !strings.HasPrefix(line, "{") {
		return false
	}
	var v struct {
		Answer string `json:"answer"`
	}
	return json.Unmarshal([]byte(line), &v) == nil && v.Answer == word
}

// readDone reads one line that must be exactly "done"; when it is not,
// the helper notes it for the daemon's log and sends a failure marker.
func (h *Helper) readDone(ctx context.Context) error {
	line, _ := h.readLine(ctx)
	if line == "done" {
		return nil
	}
	return h.send("debug expected \"done\" not \"" + line + "\"\n" + rrFailure)
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

// rrFailure is the failure marker of 5.0's api-rr helper.
const rrFailure = "announce route 255.255.255.255/32 next-hop 255.255.255.255"

// apiRR is 5.0's api-rr helper: three commands each answered by "done",
// then the two UPDATEs the test peer sends back after the ROUTE-REFRESH
// (JSON), then the last command, or the failure marker when they were not
// the routes announced.
func (h *Helper) apiRR(ctx context.Context) error {
	ops := h.Commands.Ops
	for i, op := range ops {
		if op.Kind == OpPrint && op.Line == h.Commands.Lines[3] {
			if ok, err := h.rrCheck(ctx); err != nil || !ok {
				return err
			}
			rest := *h.Commands
			rest.Ops = ops[i:]
			h.Commands = &rest
			return h.replay(ctx)
		}
		h2 := *h
		h2.Commands = &Commands{Ops: []Op{op}}
		if err := h2.replay(ctx); err != nil {
			return err
		}
	}
	return nil
}

// rrCheck reads the two UPDATE lines api-rr expects back; a line that is
// not the expected one is echoed as a debug line, and the failure marker
// replaces the last command (ok false, the helper then ends).
func (h *Helper) rrCheck(ctx context.Context) (bool, error) {
	ok := true
	for _, want := range []string{`"nlri": "192.168.0.0/32"`, `"nlri": "192.168.0.1/32"`} {
		line, _ := h.readLine(ctx)
		if !strings.Contains(line, want) {
			ok = false
			if err := h.send("debug " + line + "\n"); err != nil {
				return false, err
			}
		}
	}
	if !ok {
		if err := h.send(rrFailure); err != nil {
			return false, err
		}
		return false, h.readLoopFor(ctx, 15*time.Second)
	}
	return true, nil
}
