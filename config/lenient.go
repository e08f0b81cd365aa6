package config

import (
	"bytes"
	"errors"
	"strings"
)

// maxLenientFixes bounds how many stray "}" and missing ";" one file may
// have fixed (each fix parses the file again).
const maxLenientFixes = 64

// lineFix is a ";" added at the end of a line: where, and the error the
// strict parse gave, reported instead of a build error on that line or
// the next one (the fix then changed what the statement means).
type lineFix struct {
	line int
	err  error
}

// parseTreeLenient is parseTree accepting two slips ExaBGP users make:
//
//   - a "}" that closes no block, which ExaBGP 4.2 and 5.0 ignore (5.0's
//     own conf-extended-attributes has one): it is dropped;
//   - a statement whose ";" is missing at the end of its line: the line
//     ends it, as if the ";" were there, and the next line is the next
//     statement.
//
// Each fix is a warning; the file is parsed again after each, so the
// happy path parses once. The fixes of missing ";" are returned so that a
// build error they may have caused is reported as the missing ";".
func parseTreeLenient(name string, src []byte) ([]*Node, []Warning, []lineFix, error) {
	nodes, err := parseTree(name, src)
	var warns []Warning
	var fixes []lineFix
	copied := false
	for range maxLenientFixes {
		var pe *PosError
		if err == nil || !errors.As(err, &pe) {
			break
		}
		off, ok := lineColumnOffset(src, pe.Pos.Line, pe.Pos.Column)
		if !ok {
			break
		}
		if !copied {
			src, copied = bytes.Clone(src), true
		}
		switch {
		case strings.Contains(pe.Msg, "(unbalanced braces)") && src[off] == '}':
			src[off] = ' '
			warns = append(warns, Warning{Pos: pe.Pos, Msg: `this "}" closes no block: ignored, as ExaBGP does`, Modern: `remove the "}"`})
		case strings.HasPrefix(pe.Msg, `missing ";" after `):
			end, ok := lastWordEnd(src, off)
			if !ok {
				return nil, nil, nil, err
			}
			src = append(src[:end], append([]byte{';'}, src[end:]...)...)
			warns = append(warns, Warning{Pos: pe.Pos, Msg: `missing ";" at the end of the line: the next line is read as the next statement`, Modern: `end the statement with ";"`})
			fixes = append(fixes, lineFix{line: pe.Pos.Line, err: err})
		default:
			return nil, nil, nil, err
		}
		nodes, err = parseTree(name, src)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return nodes, warns, fixes, nil
}

// lastWordEnd returns where the word starting at off ends when it is the
// last one of its line (only blanks or a comment follow); false otherwise.
func lastWordEnd(src []byte, off int) (int, bool) {
	eol := bytes.IndexByte(src[off:], '\n')
	if eol < 0 {
		eol = len(src) - off
	}
	line := src[off : off+eol]
	n := len(line)
	if q := line[0]; q == '"' || q == '\'' {
		i := bytes.IndexByte(line[1:], q)
		if i < 0 {
			return 0, false
		}
		n = i + 2
	} else if i := bytes.IndexAny(line, " \t\r#"); i >= 0 {
		n = i
	}
	rest := bytes.TrimLeft(line[n:], " \t\r")
	if len(rest) > 0 && rest[0] != '#' {
		return 0, false
	}
	return off + n, true
}

// fixedError returns the missing ";" error a build error at pos stems
// from, when it is on the line of a fix or the next one; nil otherwise.
func fixedError(fixes []lineFix, err error) error {
	var pe *PosError
	if !errors.As(err, &pe) {
		return nil
	}
	for _, f := range fixes {
		if pe.Pos.Line == f.line || pe.Pos.Line == f.line+1 {
			return f.err
		}
	}
	return nil
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
