package api

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// How long the control channel waits for the other side of a named pipe.
const (
	cliAnswerWait  = 5 * time.Second
	cliRetryPeriod = 50 * time.Millisecond
)

// CLIPipeFolders are the folders where ExaBGP 4.2 looks for the named
// pipes NAME.in and NAME.out of its control channel, in order; root is the
// installation prefix (ExaBGP's --root).
func CLIPipeFolders(root string) []string {
	uid := strconv.Itoa(os.Getuid())
	std := []string{"/run/exabgp/", "/run/" + uid + "/", "/run/", "/var/run/exabgp/", "/var/run/" + uid + "/", "/var/run/"}
	out := append([]string(nil), std...)
	if root != "" {
		for _, d := range std {
			out = append(out, strings.TrimRight(root, "/")+d)
		}
	}
	return out
}

// FindCLIPipes returns the first of folders holding the FIFOs
// pipename.in and pipename.out.
func FindCLIPipes(folders []string, pipename string) (string, bool) {
	for _, d := range folders {
		if isFIFO(filepath.Join(d, pipename+".in")) && isFIFO(filepath.Join(d, pipename+".out")) {
			return d, true
		}
	}
	return "", false
}

func isFIFO(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode()&os.ModeNamedPipe != 0
}

// ServeCLI is the daemon side of "exago cli": it reads commands from the
// FIFO dir/pipename.in and writes each answer, ending with "done" or
// "error" when api.ack is set, to dir/pipename.out, until ctx ends.
// Commands apply to every neighbor, as for ExaBGP's internal CLI process.
func (m *Manager) ServeCLI(ctx context.Context, dir, pipename string) error {
	inPath := filepath.Join(dir, pipename+".in")
	outPath := filepath.Join(dir, pipename+".out")
	// read-write, so that the pipe never reports end of file when a
	// client closes it
	in, err := os.OpenFile(inPath, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("cli pipe: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { _ = in.SetReadDeadline(time.Now()) })
	defer stop()
	defer in.Close()
	m.log.Info("control channel ready", "commands", inPath, "answers", outPath)
	br := bufio.NewReader(in)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("cli pipe %s: %w", inPath, err)
		}
		line = strings.TrimRight(line, "\r\n")
		r := &cliReply{honorAck: true}
		m.execute(ctx, nil, line, r)
		if len(r.lines) == 0 {
			continue
		}
		if err := writeFIFO(ctx, outPath, []byte(strings.Join(r.lines, "\n")+"\n")); err != nil {
			m.log.Warn("could not answer on the control channel", "line", truncate(line), "error", err)
		}
	}
}

// writeFIFO writes b to the FIFO at path once a reader has it open,
// waiting up to cliAnswerWait for one.
func writeFIFO(ctx context.Context, path string, b []byte) error {
	deadline := time.Now().Add(cliAnswerWait)
	retry := time.NewTimer(cliRetryPeriod)
	defer retry.Stop()
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			_ = f.SetWriteDeadline(deadline)
			_, err = f.Write(b)
			cerr := f.Close()
			return errors.Join(err, cerr)
		}
		if !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline) {
			return err
		}
		// no reader yet
		retry.Reset(cliRetryPeriod)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-retry.C:
		}
	}
}

// CLICommand is the client side of "exago cli": it sends line to the
// daemon through dir/pipename.in and returns the answer read from
// dir/pipename.out, up to and without the final "done", "error" or
// "shutdown" (reported as an error). It gives up after 5 s of silence,
// which is normal with api.ack false.
func CLICommand(ctx context.Context, dir, pipename, line string) ([]string, error) {
	out, err := os.OpenFile(filepath.Join(dir, pipename+".out"), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("cli: %w", err)
	}
	defer out.Close()
	stop := context.AfterFunc(ctx, func() { _ = out.SetReadDeadline(time.Now()) })
	defer stop()
	// drop what an earlier command left behind
	_ = out.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
	_, _ = io.Copy(io.Discard, out)

	if err := writeFIFO(ctx, filepath.Join(dir, pipename+".in"), []byte(line+"\n")); err != nil {
		return nil, fmt.Errorf("cli: send command (is the daemon running?): %w", err)
	}
	if strings.TrimSpace(line) == "reset" {
		return nil, nil
	}
	var lines []string
	br := bufio.NewReader(out)
	pending := ""
	silence := time.Now().Add(cliAnswerWait)
	for {
		_ = out.SetReadDeadline(silence)
		s, err := br.ReadString('\n')
		pending += s
		if s != "" {
			silence = time.Now().Add(cliAnswerWait)
		}
		switch {
		case err == nil:
		case errors.Is(err, io.EOF) && time.Now().Before(silence):
			// no writer at the moment: the daemon opens the pipe per answer
			if werr := waitReadable(ctx, cliRetryPeriod); werr != nil {
				return lines, werr
			}
			continue
		case ctx.Err() != nil:
			return lines, ctx.Err()
		default:
			return lines, fmt.Errorf("cli: no end of command message received (normal with api.ack false): %w", err)
		}
		l := strings.TrimRight(pending, "\n")
		pending = ""
		switch l {
		case answerDone:
			return lines, nil
		case answerError:
			return lines, errors.New("the daemon returns an error (see its logs for more information)")
		case "shutdown":
			return lines, errors.New("the daemon is shutting down, command aborted")
		}
		lines = append(lines, l)
	}
}

// waitReadable pauses the client between reads of a pipe without writer.
func waitReadable(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
