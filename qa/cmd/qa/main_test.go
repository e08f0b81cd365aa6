package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"list", []string{"list", "--suite", "../../cases"}, 0, "qa-static-v4"},
		{"unknown command", []string{"frob"}, 2, ""},
		{"no suite", []string{"run", "--suite", "/nonexistent"}, 2, ""},
		{"unknown test", []string{"run", "--suite", "../../cases", "nope"}, 2, ""},
		{"peer needs a mode", []string{"peer", "--port", "0"}, 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errs strings.Builder
			code := run(context.Background(), tc.args, strings.NewReader(""), &out, &errs)
			assert.Equal(t, tc.code, code, errs.String())
			assert.Contains(t, out.String(), tc.out)
		})
	}
}
