package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// cliPrompt is shown before each command of the interactive cli.
const cliPrompt = "exago> "

// interactiveCLI reads commands, one a line, and prints each answer
// followed by "done" or "error", until "exit"/"quit", end of input or ctx
// ends. On a terminal it edits lines with history (up and down arrows);
// otherwise it reads plain lines without a prompt. The history is kept
// in ~/.exago_history across sessions.
func interactiveCLI(ctx context.Context, t cliTransport, in *os.File, stdout, stderr io.Writer) error {
	read, eol, restore, err := lineReader(in, stdout)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	defer restore()
	for ctx.Err() == nil {
		line, err := read()
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return &exitError{code: 1, err: err}
		}
		line = strings.TrimSpace(line)
		switch line {
		case "":
			continue
		case "exit", "quit":
			return nil
		}
		lines, failed, err := t.command(ctx, line)
		for _, l := range lines {
			fmt.Fprint(stdout, l, eol)
		}
		switch {
		case err != nil:
			fmt.Fprint(stderr, "exago: ", err, eol)
		case failed:
			fmt.Fprint(stdout, "error", eol)
		default:
			fmt.Fprint(stdout, "done", eol)
		}
	}
	return nil
}

// lineReader returns a function reading one line: a line editor with
// history when in is a terminal, plain lines otherwise; eol ends output
// lines ("\r\n" on a raw terminal). restore puts the terminal back.
func lineReader(in *os.File, out io.Writer) (read func() (string, error), eol string, restore func(), err error) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		sc := bufio.NewScanner(in)
		return func() (string, error) {
			if sc.Scan() {
				return sc.Text(), nil
			}
			if err := sc.Err(); err != nil {
				return "", err
			}
			return "", io.EOF
		}, "\n", func() {}, nil
	}
	state, err := term.MakeRaw(fd)
	if err != nil {
		return nil, "", nil, fmt.Errorf("cli: terminal: %w", err)
	}
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, out}, cliPrompt)
	t.History = loadHistory(defaultHistoryFile())
	return t.ReadLine, "\r\n", func() { _ = term.Restore(fd, state) }, nil
}
