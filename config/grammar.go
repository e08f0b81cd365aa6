package config

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// confFile is the parse tree of a whole configuration file.
type confFile struct {
	Pos   lexer.Position
	Stmts []*confStmt `parser:"@@*"`
}

// confStmt is a statement: words ended by ";" or followed by a block. A lone
// ";" is an empty statement, skipped. The terminator is optional in the
// grammar so that the tree builder can report a missing ";" where the
// statement ends rather than where the parser gave up.
type confStmt struct {
	Pos   lexer.Position
	Empty bool        `parser:"(  @';'"`
	Run   *string     `parser:" | @Run"`
	Words []*confWord `parser:" | @@+"`
	Block *confBlock  `parser:"   ( @@"`
	Semi  bool        `parser:"   | @';' )? )"`
	// EndPos is where the statement ends (participle fills it).
	EndPos lexer.Position
}

// confBlock is "{ statements }".
type confBlock struct {
	Pos   lexer.Position
	Stmts []*confStmt `parser:"'{' @@* ( '}' | EOF )"`
}

// confWord is one word of a statement: a plain word, a quoted string, a
// comma, a "[ ... ]" list or a "( ... )" group.
type confWord struct {
	Pos    lexer.Position
	Plain  *string    `parser:"(  @Word"`
	Quoted *string    `parser:" | @String"`
	Comma  bool       `parser:" | @','"`
	List   *confList  `parser:" | @@"`
	Group  *confGroup `parser:" | @@ )"`
}

// confOpenList, confCloseList, confOpenGroup and confCloseGroup are one
// bracket or parenthesis with its position.
type confOpenList struct {
	Pos   lexer.Position
	Value string `parser:"@'['"`
}

type confCloseList struct {
	Pos   lexer.Position
	Value string `parser:"@']'"`
}

type confOpenGroup struct {
	Pos   lexer.Position
	Value string `parser:"@'('"`
}

type confCloseGroup struct {
	Pos   lexer.Position
	Value string `parser:"@')'"`
}

// confList is "[ words ]", keeping both brackets with their positions.
type confList struct {
	Open  *confOpenList  `parser:"@@"`
	Items []*confWord    `parser:"@@*"`
	Close *confCloseList `parser:"@@"`
}

// confGroup is "( words )", keeping both parentheses with their positions.
type confGroup struct {
	Open  *confOpenGroup  `parser:"@@"`
	Items []*confWord     `parser:"@@*"`
	Close *confCloseGroup `parser:"@@"`
}

var confParser = participle.MustBuild[confFile](
	participle.Lexer(confLexDef{}),
	participle.Elide("Comment", "Continuation", "Whitespace"),
	participle.UseLookahead(2),
)

// parseTree parses src into the generic statement tree. Syntax errors are
// *PosError values naming the offending token.
func parseTree(name string, src []byte) ([]*Node, error) {
	f, err := confParser.ParseBytes(name, src)
	if err != nil {
		return nil, syntaxError(name, err)
	}
	c := converter{lines: bytes.Split(src, []byte("\n"))}
	return c.stmts(f.Stmts, nil)
}

// converter turns the parse tree into Nodes, checking what the grammar
// leaves open: as in ExaBGP, a statement ends on its own line with ";" or
// "{" unless the line ends with a backslash.
type converter struct {
	lines [][]byte
}

// continued reports whether line (1-based) ends with a backslash.
func (c converter) continued(line int) bool {
	if line < 1 || line > len(c.lines) {
		return false
	}
	return bytes.HasSuffix(bytes.TrimRight(c.lines[line-1], " \t\r"), []byte(`\`))
}

// checkLines reports a statement running over a line end without a
// backslash: the ";" is missing after the last word of the line.
func (c converter) checkLines(words []Token, next Position, terminated bool) error {
	for i, w := range words {
		var following Position
		if i+1 < len(words) {
			following = words[i+1].Pos
		} else if terminated {
			following = next
		} else {
			return errorAt(w.Pos, "missing \";\" after %q", w.Text)
		}
		if w.Quoted && strings.Contains(w.Text, "\n") {
			continue
		}
		for l := w.Pos.Line; l < following.Line; l++ {
			if !c.continued(l) {
				return errorAt(w.Pos, "missing \";\" after %q", w.Text)
			}
		}
	}
	return nil
}

// syntaxError turns a participle error into a PosError with a message
// naming the offending token.
func syntaxError(name string, err error) error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return &PosError{Pos: Position{File: name}, Msg: "syntax error", Err: err}
	}
	p := perr.Position()
	pos := Position{File: name, Line: p.Line, Column: p.Column}
	msg := perr.Message()
	var lexErr *lexer.Error
	switch {
	case errors.As(err, &lexErr) || strings.Contains(msg, "invalid input text"):
		_, rest, _ := strings.Cut(msg, "invalid input text ")
		if strings.HasPrefix(rest, `"\"`) || strings.HasPrefix(rest, `"'`) {
			return &PosError{Pos: pos, Msg: "syntax error: unterminated quoted string"}
		}
		return &PosError{Pos: pos, Msg: "syntax error: invalid character " + rest}
	case strings.HasPrefix(msg, `unexpected token "}"`):
		return &PosError{Pos: pos, Msg: `syntax error: unexpected "}" (unbalanced braces)`}
	case strings.HasPrefix(msg, `unexpected token "{"`):
		return &PosError{Pos: pos, Msg: `syntax error: unexpected "{" (a block needs a name before it)`}
	}
	msg = strings.NewReplacer(
		`"<EOF>"`, "end of file", "<EOF>", "end of file", "<eof>", "end of file",
		"ConfCloseList", `"]"`, "ConfCloseGroup", `")"`,
		"ConfOpenList", `"["`, "ConfOpenGroup", `"("`,
		"unexpected token", "unexpected",
	).Replace(msg)
	return &PosError{Pos: pos, Msg: "syntax error: " + msg}
}

func position(p lexer.Position) Position {
	return Position{File: p.Filename, Line: p.Line, Column: p.Column}
}

// stmts converts the statements of a block; path holds the keywords of
// the enclosing blocks, outermost first.
func (c converter) stmts(stmts []*confStmt, path []string) ([]*Node, error) {
	var out []*Node
	for _, s := range stmts {
		if s.Empty {
			continue
		}
		if s.Run != nil {
			out = appendRun(out, *s.Run, position(s.Pos), path)
			continue
		}
		n := &Node{Pos: position(s.Pos)}
		for _, w := range s.Words {
			var err error
			if n.Words, err = appendWord(n.Words, w); err != nil {
				return nil, err
			}
		}
		end := position(s.EndPos)
		if s.Block != nil {
			end = position(s.Block.Pos)
		}
		if err := c.checkLines(n.Words, end, s.Semi || s.Block != nil); err != nil {
			return nil, err
		}
		if s.Block != nil {
			n.Block = true
			children, err := c.stmts(s.Block.Stmts, append(path, keyword(n)))
			if err != nil {
				return nil, err
			}
			n.Children = children
		}
		out = append(out, n)
	}
	return out, nil
}

// appendRun adds the run of simple statements text, read at pos, to dst:
// as one run node where a route parser reads it (static, a neighbor,
// announce { ipv4 { } }, l2vpn), otherwise as a node per statement, so
// that the other blocks see the statements as they were written.
func appendRun(dst []*Node, text string, pos Position, path []string) []*Node {
	kw, _, _ := strings.Cut(text, " ")
	kw, _, _ = strings.Cut(kw, "\t")
	keep := false
	if n := len(path); n > 0 {
		switch {
		case kw == "route":
			switch path[n-1] {
			case "static", "neighbor", "peer", "group":
				keep = true
			}
		case kw == "vpls" && path[n-1] == "l2vpn" && (n < 2 || path[n-2] != "announce"):
			keep = true
		default:
			keep = n >= 2 && path[n-2] == "announce"
		}
	}
	if keep {
		return append(dst, &Node{Words: []Token{{Text: kw, Pos: pos}}, Pos: pos, Run: text})
	}
	return appendRunStatements(dst, text, pos)
}

// appendRunStatements adds the statements of a run, text read at pos, to
// dst as a node each.
func appendRunStatements(dst []*Node, text string, pos Position) []*Node {
	l := &confLexer{src: text, pos: lexer.Position{Filename: pos.File, Line: pos.Line, Column: pos.Column}}
	var n *Node
	for {
		t, _ := l.Next() // a run holds no quote: no lexing error
		if t.EOF() {
			return dst
		}
		if t.Type == tokWhitespace || t.Type == tokComment {
			continue
		}
		if t.Value == ";" {
			dst = append(dst, n)
			n = nil
			continue
		}
		if n == nil {
			n = &Node{Pos: position(t.Pos)}
		}
		n.Words = append(n.Words, Token{Text: t.Value, Pos: position(t.Pos)})
	}
}

// expandRuns replaces the run nodes of the tree by a node per statement,
// for the tools that rewrite statements one by one (Migrate).
func expandRuns(nodes []*Node) []*Node {
	var out []*Node
	for _, n := range nodes {
		if n.Run != "" {
			out = appendRunStatements(out, n.Run, n.Pos)
			continue
		}
		if n.Block {
			n.Children = expandRuns(n.Children)
		}
		out = append(out, n)
	}
	return out
}

func appendWord(dst []Token, w *confWord) ([]Token, error) {
	pos := position(w.Pos)
	switch {
	case w.Plain != nil:
		return append(dst, Token{Text: *w.Plain, Pos: pos}), nil
	case w.Quoted != nil:
		text, err := unquote(*w.Quoted)
		if err != nil {
			return nil, errorAt(pos, "invalid quoted string %s: %v", *w.Quoted, err)
		}
		return append(dst, Token{Text: text, Pos: pos, Quoted: true}), nil
	case w.Comma:
		return append(dst, Token{Text: ",", Pos: pos}), nil
	case w.List != nil:
		return appendGroup(dst, "[", w.List.Open.Pos, "]", w.List.Close.Pos, w.List.Items)
	case w.Group != nil:
		return appendGroup(dst, "(", w.Group.Open.Pos, ")", w.Group.Close.Pos, w.Group.Items)
	}
	return dst, nil
}

func appendGroup(dst []Token, open string, openPos lexer.Position, close string, closePos lexer.Position, items []*confWord) ([]Token, error) {
	dst = append(dst, Token{Text: open, Pos: position(openPos)})
	for _, item := range items {
		var err error
		if dst, err = appendWord(dst, item); err != nil {
			return nil, err
		}
	}
	return append(dst, Token{Text: close, Pos: position(closePos)}), nil
}

// unquote removes the quotes of a string token and, for double quotes,
// resolves the escapes ExaBGP knows (\b \f \n \r \t \uXXXX, any other
// escaped character stands for itself).
func unquote(s string) (string, error) {
	if len(s) < 2 {
		return s, nil
	}
	q, body := s[0], s[1:len(s)-1]
	if q == '\'' || !strings.Contains(body, `\`) {
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			if i+5 > len(body) {
				return "", errors.New(`short \u escape`)
			}
			r, err := strconv.ParseUint(body[i+1:i+5], 16, 32)
			if err != nil {
				return "", errors.New(`bad \u escape`)
			}
			b.WriteRune(rune(r))
			i += 4
		default:
			b.WriteByte(body[i])
		}
	}
	return b.String(), nil
}
