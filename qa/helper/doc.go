// Package helper is the API helper program the QA runner gives the daemon
// in place of ExaBGP's run/NAME.run scripts: it replays the command sequence
// of the suite's api/NAME.commands (same lines, same order, same pauses,
// blocking on stdin where the original does), and implements the helpers
// that react to what the daemon sends them (api-check, api-open,
// api-api.nothing, api-api.receive, api-notification, watchdog).
//
// It also holds the benchmark helper, which prints N announce route lines.
package helper
