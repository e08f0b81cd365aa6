package config

import (
	"errors"
	"os"
	"strconv"
	"strings"
)

// tabWidth is the number of spaces a tab becomes in the source line an
// error quotes, so the caret lines up whatever the terminal does.
const tabWidth = 4

// FormatError renders err for a person: its one-line form
// ("file:line:col: message"), then, when err is or wraps a *PosError, the
// offending source line with a caret under the column and a usage hint
// where one helps (see PosError.Detail).
func FormatError(err error) string {
	if err == nil {
		return ""
	}
	var pe *PosError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	d := pe.Detail()
	if d == "" {
		return err.Error()
	}
	return err.Error() + "\n" + d
}

// Detail is what follows the one-line error for a person, without a final
// newline: the source line quoted with its number and a caret under the
// column, in the shape of BurntSushi/toml's errors,
//
//	   |
//	 3 |     peer-as bogus;
//	   |             ^
//	hint: an AS number is a decimal from 0 to 4294967295 (or ASPLAIN.ASDOT like 1.10)
//
// then a "hint:" line when one helps. The line comes from the source the
// loader kept or, failing that, from reading Pos.File; Detail is empty
// when neither the line nor a hint is known.
func (e *PosError) Detail() string {
	var b strings.Builder
	if line, ok := e.sourceLine(); ok {
		writeContext(&b, e.Pos, line)
	}
	if h := e.hint(); h != "" {
		b.WriteString("hint: ")
		b.WriteString(h)
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// sourceLine returns line Pos.Line of the file, without its end of line.
func (e *PosError) sourceLine() (string, bool) {
	if e.Pos.Line < 1 {
		return "", false
	}
	src := e.source
	if src == nil {
		if e.Pos.File == "" {
			return "", false
		}
		data, err := os.ReadFile(e.Pos.File)
		if err != nil {
			return "", false
		}
		src = data
	}
	text := string(src)
	for range e.Pos.Line - 1 {
		_, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return "", false
		}
		text = rest
	}
	line, _, _ := strings.Cut(text, "\n")
	return strings.TrimRight(line, "\r"), true
}

// writeContext writes the quoted line and the caret under pos.Column (a
// 1-based count of characters; a tab counts as one and is shown as
// tabWidth spaces).
func writeContext(b *strings.Builder, pos Position, line string) {
	num := strconv.Itoa(pos.Line)
	gutter := strings.Repeat(" ", len(num)+1) + " |"
	var shown, lead strings.Builder
	col := 0
	for _, r := range line {
		col++
		w := 1
		text := string(r)
		if r == '\t' {
			w, text = tabWidth, strings.Repeat(" ", tabWidth)
		}
		shown.WriteString(text)
		if col < pos.Column {
			lead.WriteString(strings.Repeat(" ", w))
		}
	}
	if pos.Column > col+1 { // past the end of the line: caret after it
		lead.WriteString(" ")
	}
	b.WriteString(gutter + "\n")
	b.WriteString(" " + num + " | " + strings.TrimRight(shown.String(), " ") + "\n")
	b.WriteString(gutter + " " + lead.String() + "^\n")
}

// withSource attaches the source text the loader read to a *PosError in
// err, when err is one and names one of the files in sources.
func withSource(err error, sources map[string][]byte) error {
	var pe *PosError
	if errors.As(err, &pe) && pe.source == nil {
		if src, ok := sources[pe.Pos.File]; ok {
			pe.source = src
		}
	}
	return err
}
