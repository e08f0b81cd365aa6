package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []string
	}{
		{"plain", "route 1.0.0.0/24 next-hop 1.2.3.4", []string{"route", "1.0.0.0/24", "next-hop", "1.2.3.4"}},
		{"spaces and tabs", "  route\t1.0.0.0/24   next-hop  self ", []string{"route", "1.0.0.0/24", "next-hop", "self"}},
		{"glued brackets", "community [2:1]", []string{"community", "[", "2:1", "]"}},
		{"commas", "as-path [100, 500]", []string{"as-path", "[", "100", ",", "500", "]"}},
		{"parentheses", "aggregator (1:2.3.4.5)", []string{"aggregator", "(", "1:2.3.4.5", ")"}},
		{"braces and semicolons", "route { match { source 1.0.0.0/8; } }",
			[]string{"route", "{", "match", "{", "source", "1.0.0.0/8", ";", "}", "}"}},
		{"double quotes", `name "a b;c"`, []string{"name", "a b;c"}},
		{"single quotes", `name 'x [y]' med 1`, []string{"name", "x [y]", "med", "1"}},
		{"empty quotes", `name ""`, []string{"name", ""}},
		{"comment", "route 1.0.0.0/8 # comment", []string{"route", "1.0.0.0/8"}},
		{"empty", "   ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, SplitWords(tt.line))
		})
	}
}

func TestAppendWordsNoAlloc(t *testing.T) {
	buf := make([]string, 0, 16)
	line := "route 1.1.0.0/24 next-hop 101.1.101.1 community [2:1]"
	allocs := testing.AllocsPerRun(100, func() {
		buf = AppendWords(buf[:0], line)
	})
	assert.Zero(t, allocs)
}
