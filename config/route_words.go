package config

import (
	"fmt"
	"strings"
)

// SplitWords splits one process API line into words the way ExaBGP 4.2
// does: "[", "]", "(", ")", ",", ";", "{" and "}" are words of their own
// even when glued to a neighbor ("[2:1]" is "[", "2:1", "]"), a quoted
// string is one word without its quotes, and "#" outside quotes ends the
// line.
func SplitWords(line string) []string {
	return AppendWords(nil, line)
}

// AppendWords is SplitWords appending to dst, so that a caller reusing dst
// splits a line without allocating.
func AppendWords(dst []string, line string) []string {
	i := 0
	for i < len(line) {
		c := line[i]
		switch wordClass[c] {
		case classSpace:
			i++
		case classPunct:
			dst = append(dst, line[i:i+1])
			i++
		case classComment:
			return dst
		case classQuote:
			end := strings.IndexByte(line[i+1:], c)
			if end < 0 {
				// unterminated: the rest of the line is the word
				return append(dst, line[i+1:])
			}
			dst = append(dst, line[i+1:i+1+end])
			i += end + 2
		default:
			start := i
			for i < len(line) && wordClass[line[i]] == classWord {
				i++
			}
			dst = append(dst, line[start:i])
		}
	}
	return dst
}

// Character classes of AppendWords.
const (
	classWord = iota
	classSpace
	classPunct
	classComment
	classQuote
)

// wordClass is the class of every byte (a read-only table).
var wordClass = func() (t [256]uint8) {
	for _, c := range " \t\r\n" {
		t[c] = classSpace
	}
	for _, c := range "[](),;{}" {
		t[c] = classPunct
	}
	t['#'] = classComment
	t['"'], t['\''] = classQuote, classQuote
	return t
}()

// cursor walks the words of one route statement. pos is nil on the process
// API, where errors name the offending word instead of a position.
type cursor struct {
	words []string
	pos   []Position
	i     int
	// at is the position used for errors at the end of the words.
	at Position
	// run, when set, is the run node the words were split from, starting
	// at byte runOff of its text: positions are computed on error only.
	run    *Node
	runOff int
}

// newTokenCursor returns a cursor over configuration tokens.
func newTokenCursor(toks []Token, at Position) *cursor {
	c := &cursor{words: make([]string, len(toks)), at: at}
	// tokens built from API words carry no position: name words instead
	if len(toks) > 0 && toks[0].Pos.Line != 0 {
		c.pos = make([]Position, len(toks))
	}
	for i, t := range toks {
		c.words[i] = t.Text
		if c.pos != nil {
			c.pos[i] = t.Pos
		}
	}
	return c
}

// more reports whether words are left.
func (c *cursor) more() bool { return c.i < len(c.words) }

// next returns the next word, "" at the end.
func (c *cursor) next() string {
	if c.i >= len(c.words) {
		c.i = len(c.words) + 1
		return ""
	}
	w := c.words[c.i]
	c.i++
	return w
}

// peek returns the next word without consuming it, "" at the end.
func (c *cursor) peek() string {
	if c.i >= len(c.words) {
		return ""
	}
	return c.words[c.i]
}

// need returns the next word, or an error saying what was expected.
func (c *cursor) need(what string) (string, error) {
	if c.i >= len(c.words) {
		c.i = len(c.words) + 1
		return "", c.errf("missing %s", what)
	}
	return c.next(), nil
}

// errf returns an error about the word read last: at its position in a
// configuration file, naming it on the API.
func (c *cursor) errf(format string, args ...any) error {
	return c.errAt(c.i-1, format, args...)
}

// errAt returns an error about word i.
func (c *cursor) errAt(i int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if c.run != nil && c.pos == nil {
		c.pos = runWordPositions(c.run, c.runOff, len(c.words))
	}
	if i < 0 || i >= len(c.words) {
		if c.pos != nil {
			at := c.at
			if len(c.pos) > 0 {
				at = c.pos[len(c.pos)-1]
			}
			return &PosError{Pos: at, Msg: msg + " at end of statement"}
		}
		return fmt.Errorf("%s at end of line", msg)
	}
	if c.pos != nil {
		return &PosError{Pos: c.pos[i], Msg: msg}
	}
	return fmt.Errorf("%s: %q", msg, c.words[i])
}

// wrap turns err, raised while reading the word read last, into an error
// at that word.
func (c *cursor) wrap(err error) error {
	if err == nil {
		return nil
	}
	return c.errf("%s", err.Error())
}
