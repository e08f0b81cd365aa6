package config

import (
	"bytes"
	"strings"
)

// printTree writes statements in ExaBGP 4.x syntax: one statement a line,
// blocks indented with tabs, a blank line between top-level sections.
// Comments are not kept.
func printTree(nodes []*Node) []byte {
	var b bytes.Buffer
	for i, n := range nodes {
		if i > 0 {
			b.WriteByte('\n')
		}
		printNode(&b, n, 0)
	}
	return b.Bytes()
}

func printNode(b *bytes.Buffer, n *Node, depth int) {
	b.WriteString(strings.Repeat("\t", depth))
	b.WriteString(nodeText(n))
	if !n.Block {
		b.WriteString(";\n")
		return
	}
	b.WriteString(" {\n")
	for _, c := range n.Children {
		printNode(b, c, depth+1)
	}
	b.WriteString(strings.Repeat("\t", depth))
	b.WriteString("}\n")
}

// tokenText is a word as it must be written to read back the same: quoted
// when it was, or when it holds a character that would split it. ExaBGP
// 4.2 knows no escape inside quotes: a word holding a double quote is
// single-quoted.
func tokenText(w Token) string {
	if !w.Quoted && w.Text != "" && !strings.ContainsAny(w.Text, " \t\r\n;{}[](),#\"'") {
		return w.Text
	}
	if w.Text == "[" || w.Text == "]" || w.Text == "(" || w.Text == ")" || w.Text == "," {
		if !w.Quoted {
			return w.Text
		}
	}
	if strings.Contains(w.Text, `"`) {
		return "'" + w.Text + "'"
	}
	return `"` + w.Text + `"`
}
