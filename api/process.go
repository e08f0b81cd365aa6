package api

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/exago/exago/config"
)

// maxLineBytes bounds one command line read from a helper; a longer line is
// discarded and answered with "error".
const maxLineBytes = 64 << 20

// voluntaryExit is how long a stopping helper may take to exit by itself
// once its stdin is closed, before it is sent SIGTERM.
const voluntaryExit = 500 * time.Millisecond

// errLineTooLong is the problem reported for lines over maxLineBytes.
var errLineTooLong = errors.New("line too long")

// helper is one configured process and its successive incarnations.
type helper struct {
	m    *Manager
	name string
	enc  Encoder
	log  *slog.Logger
	// proc is the process configuration, replaced by Reload.
	proc atomic.Pointer[config.Process]
	// stop ends the current run and done is closed once it ended (both
	// guarded by the Manager's mu).
	stop context.CancelFunc
	done chan struct{}
	// words is the reader's reusable buffer for splitting lines.
	words []string
	// out is the write queue of the running incarnation (nil when down).
	out atomic.Pointer[outQueue]
	// stats counts commands, errors and restarts for monitoring.
	stats helperStats
}

// send queues b for the helper's stdin; it is dropped when the helper is
// not running or not reading.
func (h *helper) send(b []byte) { h.out.Load().push(b) }

// supervise runs the helper, respawning it as ExaBGP 4.2 does, until ctx
// is cancelled. It returns an error when the daemon must stop: the helper
// died too often, or died with api.terminate set.
func (h *helper) supervise(ctx context.Context) error {
	var limit respawnLimiter
	for {
		if !limit.start(h.m.now()) {
			h.log.Error("too many deaths of helper, terminating program", "limit", respawnLimit)
			return fmt.Errorf("process %s: died %d times within a minute", h.name, respawnLimit)
		}
		err := h.runOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			h.log.Error("could not start helper", "error", err)
		} else {
			h.log.Info("helper ended")
		}
		if err != nil || !h.proc.Load().Respawn || !h.m.env.APIRespawn {
			if h.m.env.APITerminate {
				return fmt.Errorf("process %s: helper ended and api.terminate is set", h.name)
			}
			return nil
		}
		h.log.Info("restarting helper")
		h.stats.restarts.Add(1)
	}
}

// runOnce starts the helper, serves its commands until it exits or ctx is
// cancelled, and stops it. The error is about starting it.
func (h *helper) runOnce(ctx context.Context) error {
	proc := h.proc.Load()
	inR, inW, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("stdin pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return fmt.Errorf("stdout pipe: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		return fmt.Errorf("stderr pipe: %w", err)
	}

	pctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	cmd := exec.CommandContext(pctx, "/bin/sh", "-c", h.commandLine(proc))
	cmd.Dir = proc.Dir
	cmd.Env = append(os.Environ(), "TERM=dumb")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// the whole process group: /bin/sh and what it started
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	}
	cmd.WaitDelay = h.m.opts.StopGrace
	err = cmd.Start()
	inR.Close()
	outW.Close()
	errW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		errR.Close()
		return fmt.Errorf("run %q: %w", proc.Run, err)
	}
	h.log.Debug("forked helper", "pid", cmd.Process.Pid)

	// the first incarnation takes the queue made by New, which already
	// holds what sessions reported before the helper was started
	q := h.out.Load()
	if q == nil || q.started {
		q = newOutQueue(h.m.opts.QueueBytes, h.log)
	}
	q.started = true
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); q.run(inW) }()
	go func() { defer wg.Done(); h.logStderr(errR) }()
	go func() { defer wg.Done(); h.readCommands(ctx, outR, q) }()
	h.out.Store(q)

	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var werr error
	select {
	case werr = <-exited:
		h.out.Store(nil)
		q.close(inW, 0)
	case <-ctx.Done():
		h.out.Store(nil)
		q.push(h.enc.Shutdown())
		// close stdin once the helper read what is queued, then SIGTERM
		q.close(inW, h.m.opts.StopGrace)
		select {
		case <-q.done:
		case werr = <-exited:
			exited <- werr
		}
		// a helper that exits when its stdin closes gets a moment to do so
		// before SIGTERM
		grace := time.NewTimer(min(h.m.opts.StopGrace, voluntaryExit))
		select {
		case werr = <-exited:
			exited <- werr
		case <-grace.C:
		}
		grace.Stop()
		stop()
		werr = <-exited
	}
	// let the reader drain what the helper wrote before exiting, even when
	// a grandchild keeps the pipe open
	_ = outR.SetReadDeadline(time.Now().Add(h.m.opts.StopGrace))
	_ = errR.SetReadDeadline(time.Now().Add(h.m.opts.StopGrace))
	wg.Wait()
	outR.Close()
	errR.Close()
	h.log.Debug("helper exited", "status", exitStatus(werr))
	return nil
}

// exitStatus describes how a helper ended.
func exitStatus(err error) string {
	if err == nil {
		return "exit 0"
	}
	return err.Error()
}

// readCommands runs every line the helper writes on its stdout, in order,
// writing answers to q.
func (h *helper) readCommands(ctx context.Context, r *os.File, q *outQueue) {
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte // a line longer than the reader's buffer, so far
	tooLong := false
	var batch routeBatch
	_, batching := h.m.ctl.(EachUpdater)
	for {
		if long == nil && !tooLong {
			// every whole line buffered, converted at once, run together
			if br.Buffered() == 0 {
				if _, err := br.Peek(1); err != nil && br.Buffered() == 0 {
					h.readEnded(err)
					return
				}
			}
			buf, _ := br.Peek(br.Buffered())
			if end := bytes.LastIndexByte(buf, '\n'); end >= 0 {
				lines := string(buf[:end+1])
				_, _ = br.Discard(end + 1)
				h.runLines(ctx, lines, q, &batch, batching)
				continue
			}
		}
		chunk, err := br.ReadSlice('\n')
		switch {
		case err == nil:
			line := chunk[:len(chunk)-1]
			if long != nil || tooLong {
				if tooLong || len(long)+len(line) > maxLineBytes {
					h.m.fail((*procReply)(q), h, string(long), errLineTooLong)
					long, tooLong = nil, false
					continue
				}
				line = append(long, line...)
				long = nil
			}
			h.stats.commands.Add(1)
			h.m.runLine(ctx, h, string(line), q)
		case errors.Is(err, bufio.ErrBufferFull):
			if !tooLong {
				long = append(long, chunk...)
				tooLong = len(long) > maxLineBytes
			}
		default:
			h.readEnded(err)
			return
		}
	}
}

// readEnded logs why reading the helper's commands ended, unless it is the
// helper's normal end.
func (h *helper) readEnded(err error) {
	if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrDeadlineExceeded) && !errors.Is(err, os.ErrClosed) {
		h.log.Debug("reading from helper failed", "error", err)
	}
}

// runLines runs the newline-terminated lines of s in order, answering on
// q. With batching, consecutive "announce route" or "withdraw route"
// lines go to the sessions in one request, each still answered on its
// own and in order.
//
// Under ExaBGP 5.0 (Generation.AcksAfterSend) the answers are held back
// until the sessions have queued the UPDATEs of the burst for the wire
// (Syncer), so that a helper which waits for its
// acknowledgement before its next command (say "clear adj-rib out") knows
// its routes were sent.
func (h *helper) runLines(ctx context.Context, s string, q *outQueue, b *routeBatch, batching bool) {
	if sy, ok := h.m.ctl.(Syncer); ok && h.m.env.Generation.AcksAfterSend && changesRoutes(s) {
		q.hold()
		defer func() {
			if err := sy.Sync(ctx); err != nil {
				h.log.Debug("waiting for the sessions to send", "error", err)
			}
			q.release()
		}()
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		line := s[:i]
		s = s[i+1:]
		h.stats.commands.Add(1)
		if batching && isFastRoute(line) {
			h.m.addRouteLine(ctx, h, b, line, q)
			continue
		}
		h.m.flushBatch(ctx, h, b, q)
		h.m.runLine(ctx, h, line, q)
	}
	h.m.flushBatch(ctx, h, b, q)
}

// changesRoutes reports whether the lines of s may change what the
// sessions send (a line starting with announce, withdraw, flush, clear,
// neighbor or teardown): only then are their answers held until the
// sessions sent.
func changesRoutes(s string) bool {
	for len(s) > 0 {
		line, rest, _ := strings.Cut(s, "\n")
		s = rest
		line = strings.TrimLeft(line, " \t")
		for _, w := range [...]string{"announce ", "withdraw ", "flush ", "clear ", "neighbor ", "teardown "} {
			if strings.HasPrefix(line, w) {
				return true
			}
		}
	}
	return false
}

// logStderr logs each line the helper writes on its stderr, in pieces of
// at most 4 KiB, always draining the pipe so the helper never blocks on it.
func (h *helper) logStderr(r *os.File) {
	br := bufio.NewReaderSize(r, 4096)
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			h.log.Info("helper stderr", "line", string(bytes.TrimRight(chunk, "\r\n")))
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return
		}
	}
}

// truncate shortens s for a log line.
func truncate(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
