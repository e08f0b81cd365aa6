package config

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types of confLexer (participle wants negative values, EOF is -1).
const (
	tokComment lexer.TokenType = -2 - iota
	tokContinuation
	tokWhitespace
	tokString
	tokPunct
	tokWord
	tokRun
)

// confLexDef splits a configuration file into tokens. A backslash at the
// end of a line joins it with the next one, as in ExaBGP; "#" starts a
// comment running to the end of the line; '[', ']', '(', ')' and ',' are
// tokens of their own even when glued to a word.
//
// It also recognises runs of simple route statements ("route P next-hop
// N;" lines, "unicast P ...;" or "flow ...;" in an announce block, "vpls
// ...;" in an l2vpn block): statements on one
// line, with no quote, brace, comment or backslash, starting with the same
// keyword. A run is one Run token holding the statements' text with the
// position of its first character; the route parser splits it itself
// (runStatements), so a million routes cost the grammar one token.
type confLexDef struct{}

// runKeywords are the first words of statements gathered into runs.
var runKeywords = map[string]bool{
	"route": true, "unicast": true, "multicast": true,
	"nlri-mpls": true, "labeled-unicast": true, "mpls-vpn": true,
	"flow": true, "flow-vpn": true, "vpls": true,
}

// Symbols implements lexer.Definition.
func (confLexDef) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": lexer.EOF, "Comment": tokComment, "Continuation": tokContinuation,
		"Whitespace": tokWhitespace, "String": tokString, "Punct": tokPunct,
		"Word": tokWord, "Run": tokRun,
	}
}

// Lex implements lexer.Definition.
func (d confLexDef) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexBytes implements lexer.BytesDefinition. The tokens share input's
// memory rather than a copy (a large file would otherwise be held twice
// while it is parsed): the loader never modifies a file's text.
func (d confLexDef) LexBytes(filename string, input []byte) (lexer.Lexer, error) {
	if len(input) == 0 {
		return d.LexString(filename, "")
	}
	return d.LexString(filename, unsafe.String(&input[0], len(input)))
}

// LexString implements lexer.StringDefinition.
func (confLexDef) LexString(filename string, input string) (lexer.Lexer, error) {
	return &confLexer{src: input, pos: lexer.Position{Filename: filename, Line: 1, Column: 1}, stmtStart: true, runs: true}, nil
}

// confLexer is the state of one lexing pass.
type confLexer struct {
	src string
	pos lexer.Position // of src[pos.Offset]
	// stmtStart is true where a statement may begin (after ";", "{", "}").
	stmtStart bool
	// runs enables Run tokens.
	runs bool
}

// Byte classes of the configuration lexer.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isPunct(c byte) bool {
	switch c {
	case '{', '}', ';', '[', ']', '(', ')', ',':
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	return !isSpace(c) && !isPunct(c) && c != '"' && c != '\'' && c != '#'
}

// advance moves past n bytes.
func (l *confLexer) advance(n int) {
	span := l.src[l.pos.Offset : l.pos.Offset+n]
	l.pos.Offset += n
	lines := strings.Count(span, "\n")
	if lines == 0 {
		l.pos.Column += utf8.RuneCountInString(span)
		return
	}
	l.pos.Line += lines
	l.pos.Column = utf8.RuneCountInString(span[strings.LastIndexByte(span, '\n'):])
}

// Next implements lexer.Lexer. Comments, whitespace and continuations are
// tokens (elided by the parser, but they end the statement before them).
func (l *confLexer) Next() (lexer.Token, error) {
	{
		i := l.pos.Offset
		if i >= len(l.src) {
			return lexer.EOFToken(l.pos), nil
		}
		c := l.src[i]
		pos := l.pos
		switch {
		case isSpace(c):
			j := i + 1
			for j < len(l.src) && isSpace(l.src[j]) {
				j++
			}
			l.advance(j - i)
			return lexer.Token{Type: tokWhitespace, Value: l.src[i:j], Pos: pos}, nil
		case c == '#':
			j := strings.IndexByte(l.src[i:], '\n')
			if j < 0 {
				j = len(l.src) - i
			}
			l.advance(j)
			return lexer.Token{Type: tokComment, Value: l.src[i : i+j], Pos: pos}, nil
		case c == '\\' && (strings.HasPrefix(l.src[i+1:], "\n") || strings.HasPrefix(l.src[i+1:], "\r\n")):
			j := i + 2
			if l.src[i+1] == '\r' {
				j++
			}
			l.advance(j - i)
			return lexer.Token{Type: tokContinuation, Value: l.src[i:j], Pos: pos}, nil
		}
		switch {
		case isPunct(c):
			l.advance(1)
			l.stmtStart = c == ';' || c == '{' || c == '}'
			return lexer.Token{Type: tokPunct, Value: l.src[i : i+1], Pos: pos}, nil
		case c == '"' || c == '\'':
			j := quotedEnd(l.src, i)
			if j < 0 {
				return lexer.Token{}, &lexer.Error{Msg: "lexer: invalid input text " + quoteStart(l.src[i:]), Pos: pos}
			}
			l.advance(j - i)
			l.stmtStart = false
			return lexer.Token{Type: tokString, Value: l.src[i:j], Pos: pos}, nil
		}
		j := i + 1
		for j < len(l.src) && isWordByte(l.src[j]) {
			j++
		}
		word := l.src[i:j]
		if l.stmtStart && l.runs && runKeywords[word] {
			if end := l.runEnd(i, word); end > 0 {
				l.advance(end - i)
				return lexer.Token{Type: tokRun, Value: l.src[i:end], Pos: pos}, nil
			}
		}
		l.advance(j - i)
		l.stmtStart = false
		return lexer.Token{Type: tokWord, Value: word, Pos: pos}, nil
	}
}

// quotedEnd returns the index after the string starting at src[i] (a
// double-quoted string knows backslash escapes), -1 when unterminated.
func quotedEnd(src string, i int) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		}
	}
	return -1
}

// quoteStart is the start of an unterminated string for an error message,
// as participle's lexer prints it.
func quoteStart(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	sample := []rune(s)
	if len(sample) > 16 {
		sample = append(sample[:16], []rune("...")...)
	}
	return strconv.Quote(string(sample))
}

// runEnd returns the end (after its last ";") of the run of simple
// statements starting with keyword kw at src[i], or 0 when the statement
// at i is not simple.
func (l *confLexer) runEnd(i int, kw string) int {
	end := simpleStatementEnd(l.src, i)
	if end < 0 {
		return 0
	}
	for {
		j := end
		for j < len(l.src) {
			if isSpace(l.src[j]) {
				j++
				continue
			}
			if l.src[j] == '#' {
				k := strings.IndexByte(l.src[j:], '\n')
				if k < 0 {
					return end
				}
				j += k + 1
				continue
			}
			break
		}
		if !strings.HasPrefix(l.src[j:], kw) || j+len(kw) >= len(l.src) || !isSpace(l.src[j+len(kw)]) {
			return end
		}
		next := simpleStatementEnd(l.src, j)
		if next < 0 {
			return end
		}
		end = next
	}
}

// simpleStatementEnd returns the index after the ";" ending the statement
// at src[i] when it is simple: on one line, no quote, brace, comment or
// backslash, brackets balanced. It returns -1 otherwise.
func simpleStatementEnd(src string, i int) int {
	var stack [8]byte
	depth := 0
	for j := i; j < len(src); j++ {
		switch c := src[j]; c {
		case ';':
			if depth != 0 {
				return -1
			}
			return j + 1
		case '\n', '{', '}', '"', '\'', '\\', '#':
			return -1
		case '[', '(':
			if depth == len(stack) {
				return -1
			}
			stack[depth] = c
			depth++
		case ']', ')':
			open := byte('[')
			if c == ')' {
				open = '('
			}
			if depth == 0 || stack[depth-1] != open {
				return -1
			}
			depth--
		}
	}
	return -1
}
