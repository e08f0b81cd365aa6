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
	OpPrint    OpKind = iota // print Line on stdout
	OpSleep                  // pause for Sleep
	OpRead                   // "# reads stdin": the legacy read loop
	OpWaitAcks               // "# waits for N acks" (5.0)
	OpReadDone               // "# reads one line: must be 'done'" (5.0 api-rr)
)

// AckCheck is what a checked "# waits for" expects.
type AckCheck int

// Checks of a wait for acks.
const (
	AckUnchecked AckCheck = iota // carry on whatever comes
	AckMustCome                  // "(it must come...)": fewer acks fail the helper
	AckMustNot                   // "... must time out; an ack here fails"
)

// Op is one parsed line of a .commands file.
type Op struct {
	Kind  OpKind
	Line  string
	Sleep time.Duration // OpSleep: the pause; OpRead, OpWaitAcks: the limit (0: default)
	Acks  int           // OpWaitAcks: how many
	Check AckCheck      // OpWaitAcks: checked only when Commands.Checked
}

// Commands is a parsed .commands file.
type Commands struct {
	Ops []Op
	// Lines are the commands (the non-comment lines) in order.
	Lines []string
	// Checked is set by the comment "Every wait below is checked" (5.0's
	// api-ack-control and api-silence-ack): a wait whose outcome is not
	// the one its marker says ends the helper with status 1.
	Checked bool
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
		if strings.Contains(t, "Every wait below is checked") {
			c.Checked = true
		}
		switch {
		case len(words) >= 4 && words[0] == "waits" && words[1] == "for" && (words[3] == "ack" || words[3] == "acks"):
			acks, err := strconv.Atoi(words[2])
			if err != nil {
				return nil, fmt.Errorf("line %d: bad ack count %q", n, words[2])
			}
			op := Op{Kind: OpWaitAcks, Acks: acks, Sleep: limitOf(t, "timeout")}
			switch {
			case strings.Contains(t, "it must come"):
				op.Check = AckMustCome
			case strings.Contains(t, "must time out"):
				op.Check = AckMustNot
			}
			c.Ops = append(c.Ops, op)
		case len(words) >= 2 && words[0] == "reads" && words[1] == "stdin":
			lim := limitOf(t, "limit")
			if lim == 0 {
				lim = limitOf(t, "up to")
			}
			c.Ops = append(c.Ops, Op{Kind: OpRead, Sleep: lim})
		case strings.HasPrefix(t, "# reads one line: must be 'done'"):
			c.Ops = append(c.Ops, Op{Kind: OpReadDone})
		case len(words) >= 2 && words[0] == "sleep":
			s, err := strconv.ParseFloat(words[1], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: bad sleep %q", n, words[1])
			}
			c.Ops = append(c.Ops, Op{Kind: OpSleep, Sleep: time.Duration(s * float64(time.Second))})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read commands: %w", err)
	}
	return c, nil
}

// limitOf reads "(KEY N s" in a marker ("limit 7 s", "timeout 1 s",
// "up to 5 s"); 0 when absent.
func limitOf(t, key string) time.Duration {
	_, rest, ok := strings.Cut(t, "("+key+" ")
	if !ok {
		return 0
	}
	f := strings.Fields(rest)
	if len(f) < 2 || !strings.HasPrefix(f[1], "s") {
		return 0
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return 0
	}
	return time.Duration(v * float64(time.Second))
}
