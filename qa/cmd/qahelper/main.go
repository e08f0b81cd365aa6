// Command qahelper is the API helper the QA runner hands the daemon in place
// of ExaBGP's run/NAME.run scripts (see package helper).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/exago/exago/qa/helper"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := helper.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
