package config

import (
	"strings"
	"unicode/utf8"
)

// runStatements calls fn for each statement of the run node n (see
// Node.Run) with its first word and a cursor over the words after it.
// The words are slices of the run's text and the cursor is reused: fn must
// not keep either. Positions are only computed when an error is raised.
func runStatements(n *Node, fn func(kw string, c *cursor) error) error {
	text := n.Run
	var words []string
	c := &cursor{}
	for i := 0; i < len(text); {
		switch text[i] {
		case ' ', '\t', '\r', '\n':
			i++
			continue
		case '#':
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				return nil
			}
			i += j + 1
			continue
		}
		j := strings.IndexByte(text[i:], ';')
		if j < 0 {
			j = len(text) - i
		}
		words = AppendWords(words[:0], text[i:i+j])
		if len(words) == 0 {
			i += j + 1
			continue
		}
		*c = cursor{words: words[1:], run: n, runOff: i + len(words[0]), at: n.Pos}
		if err := fn(words[0], c); err != nil {
			return err
		}
		i += j + 1
	}
	return nil
}

// keywordPos is the position of the keyword kw before the words of a
// cursor over a run statement.
func (c *cursor) keywordPos(kw string) Position {
	return runOffsetPos(c.run, c.runOff-len(kw))
}

// runWordPositions returns the positions of the first count words of the
// statement at byte off of the run node n.
func runWordPositions(n *Node, off, count int) []Position {
	text := n.Run
	out := make([]Position, 0, count)
	for i := off; i < len(text) && len(out) < count && text[i] != ';'; {
		c := text[i]
		switch {
		case isSpace(c):
			i++
			continue
		case isPunct(c):
			out = append(out, runOffsetPos(n, i))
			i++
			continue
		}
		out = append(out, runOffsetPos(n, i))
		for i < len(text) && isWordByte(text[i]) {
			i++
		}
	}
	for len(out) < count {
		out = append(out, n.Pos)
	}
	return out
}

// runOffsetPos is the position of byte off of the run node n.
func runOffsetPos(n *Node, off int) Position {
	before := n.Run[:off]
	p := n.Pos
	nl := strings.LastIndexByte(before, '\n')
	if nl < 0 {
		p.Column += utf8.RuneCountInString(before)
		return p
	}
	p.Line += strings.Count(before, "\n")
	p.Column = 1 + utf8.RuneCountInString(before[nl+1:])
	return p
}
