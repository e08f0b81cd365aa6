package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// words flattens the tree into "text@line:col" strings for comparison.
func words(nodes []*Node) []string {
	var out []string
	for _, n := range nodes {
		for _, w := range n.Words {
			out = append(out, w.Text+"@"+posString(Position{Line: w.Pos.Line, Column: w.Pos.Column}))
		}
		if n.Block {
			out = append(out, "{")
			out = append(out, words(n.Children)...)
			out = append(out, "}")
		} else {
			out = append(out, ";")
		}
	}
	return out
}

func TestParseTree(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "statement and block",
			src:  "a b;\nc {\n\td;\n}\n",
			want: []string{"a@1:1", "b@1:3", ";", "c@2:1", "{", "d@3:2", ";", "}"},
		},
		{
			name: "lists, groups and commas are words of their own",
			src:  "x [a,b] (c);",
			want: []string{"x@1:1", "[@1:3", "a@1:4", ",@1:5", "b@1:6", "]@1:7", "(@1:9", "c@1:10", ")@1:11", ";"},
		},
		{
			name: "comments and continuations",
			src:  "# heading\na \\\n  b; # trailing\n",
			want: []string{"a@2:1", "b@3:3", ";"},
		},
		{
			name: "quoted strings",
			src:  `d "two words" 'single' "tab\there";`,
			want: []string{"d@1:1", "two words@1:3", "single@1:15", "tab\there@1:24", ";"},
		},
		{
			name: "empty statements are skipped",
			src:  ";; a;",
			want: []string{"a@1:4", ";"},
		},
		{
			name: "missing closing braces at the end of the file are accepted, as by ExaBGP",
			src:  "a {\n b {\n  c;\n",
			want: []string{"a@1:1", "{", "b@2:2", "{", "c@3:3", ";", "}", "}"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes, err := parseTree("t.conf", []byte(tt.src))
			require.NoError(t, err)
			assert.Equal(t, tt.want, words(nodes))
		})
	}
}

func TestParseTreeErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"extra brace", "a { b; }\n}\n", `t.conf:2:1: syntax error: unexpected "}" (unbalanced braces)`},
		{"missing semicolon before brace", "a { b c }", `t.conf:1:7: missing ";" after "c"`},
		{"missing semicolon at end of line", "a {\n b c\n d;\n}", `t.conf:2:4: missing ";" after "c"`},
		{"missing semicolon at end of file", "a b", `t.conf:1:3: missing ";" after "b"`},
		{"unclosed list", "a [ b ;", `t.conf:1:7: syntax error: unexpected ";" (expected "]")`},
		{"unterminated string", "a \"b;\n", `t.conf:1:3: syntax error: unterminated quoted string`},
		{"block without a name", "{ a; }", `t.conf:1:1: syntax error: unexpected "{" (a block needs a name before it)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseTree("t.conf", []byte(tt.src))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var pe *PosError
			assert.True(t, errors.As(err, &pe))
		})
	}
}

// FuzzParse checks the parser and model builder never panic and always
// report errors with a position.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "valid", "*.conf"))
	legacy, _ := filepath.Glob(filepath.Join("testdata", "legacy", "*.conf"))
	for _, s := range append(seeds, legacy...) {
		if src, err := os.ReadFile(s); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("neighbor 10.0.0.1 { local-as 1; }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, err := Parse("f.conf", src)
		if err == nil {
			return
		}
		var pe *PosError
		if !errors.As(err, &pe) {
			t.Fatalf("error without a position: %v", err)
		}
	})
}
