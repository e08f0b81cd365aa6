// Package healthcheck is `exago healthcheck`, ExaBGP's anycast
// health-checker built into the exago binary: run as a helper process of
// the daemon, it runs a check command every few seconds and prints
// "announce route" / "withdraw route" API commands for the service IPs,
// with a better or worse MED (or a withdraw) as the check passes or fails.
//
// Its options, its configuration file, its state machine (INIT, RISING,
// UP, FALLING, DOWN, DISABLED, EXIT) and the lines it prints are those of
// ExaBGP 4.2's healthcheck (exabgp/application/healthcheck.py), checked
// against goldens captured from Debian's package; the options ExaBGP 5.0
// added are accepted too. The machine runs on an injected Clock and
// Checker so that tests replay check sequences without sleeping.
//
// It imports config only, to validate the route attributes given on the
// command line with the syntax the daemon will parse them with; it must
// not import session or api.
package healthcheck
