// Package runner runs functional test suites laid out like ExaBGP's legacy
// QA (ci/NAME.ci + NAME.msg, etc/*.conf, api/*.commands) against a daemon
// binary, with the test peer of package peer and the helper program of
// package helper, and runs the throughput benchmark.
package runner
