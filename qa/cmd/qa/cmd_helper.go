package main

import (
	"context"
	"io"

	"github.com/exago/exago/qa/helper"
)

func cmdHelper(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return helper.Main(ctx, args, stdin, stdout, stderr)
}
