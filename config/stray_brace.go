package config

import (
	"bytes"
	"errors"
	"strings"
)

// maxStrayBraces bounds how many stray "}" one file may have ignored.
const maxStrayBraces = 16

// parseTreeLenient is parseTree accepting a "}" that closes no block, which
// ExaBGP 4.2 and 5.0 ignore (5.0's own conf-extended-attributes has one):
// each is dropped with a warning and the file parsed again. The happy path
// parses once.
func parseTreeLenient(name string, src []byte) ([]*Node, []Warning, error) {
	nodes, err := parseTree(name, src)
	var warns []Warning
	copied := false
	for range maxStrayBraces {
		var pe *PosError
		if err == nil || !errors.As(err, &pe) || !strings.Contains(pe.Msg, "(unbalanced braces)") {
			break
		}
		off, ok := lineColumnOffset(src, pe.Pos.Line, pe.Pos.Column)
		if !ok || src[off] != '}' {
			break
		}
		if !copied {
			src, copied = bytes.Clone(src), true
		}
		src[off] = ' '
		warns = append(warns, Warning{Pos: pe.Pos, Msg: `this "}" closes no block: ignored, as ExaBGP does`, Modern: `remove the "}"`})
		nodes, err = parseTree(name, src)
	}
	if err != nil {
		return nil, nil, err
	}
	return nodes, warns, nil
}

// lineColumnOffset is the byte offset of 1-based line and column in src.
func lineColumnOffset(src []byte, line, col int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	off += col - 1
	return off, col >= 1 && off < len(src)
}
