package helper

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// OpKind is one step of a command sequence.
type OpKind int

// Steps of a .commands file.
const (
	OpPrint OpKind = iota // print Line on stdout
	OpSleep               // pause for Sleep
	OpRead                // "# reads stdin": the legacy read loop
)

// Op is one parsed line of a .commands file.
type Op struct {
	Kind  OpKind
	Line  string
	Sleep time.Duration
}

// Commands is a parsed .commands file.
type Commands struct {
	Ops []Op
	// Lines are the commands (the non-comment lines) in order.
	Lines []string
}

// LoadCommands parses api/NAME.commands.
func LoadCommands(path string) (*Commands, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load commands: %w", err)
	}
	defer f.Close()
	c, err := ParseCommands(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseCommands reads the .commands format: a line is sent as is, "# sleep
// N" pauses N seconds, "# reads stdin" blocks reading the daemon's output,
// any other comment is ignored.
func ParseCommands(r io.Reader) (*Commands, error) {
	c := &Commands{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if !strings.HasPrefix(t, "#") {
			c.Ops = append(c.Ops, Op{Kind: OpPrint, Line: line})
			c.Lines = append(c.Lines, line)
			continue
		}
		words := strings.Fields(strings.TrimPrefix(t, "#"))
		switch {
		case len(words) >= 2 && words[0] == "sleep":
			s, err := strconv.ParseFloat(words[1], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: bad sleep %q", n, words[1])
			}
			c.Ops = append(c.Ops, Op{Kind: OpSleep, Sleep: time.Duration(s * float64(time.Second))})
		case len(words) == 2 && words[0] == "reads" && words[1] == "stdin":
			c.Ops = append(c.Ops, Op{Kind: OpRead})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read commands: %w", err)
	}
	return c, nil
}
