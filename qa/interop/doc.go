// Package interop runs exago against real BGP daemons from Debian (BIRD 2
// and GoBGP, and ExaBGP 4.2 as the reference) and checks what they learn
// from it, and what exago's helper processes learn from them. Its content
// is tests only.
//
// The tests need bird/birdc, gobgpd/gobgp and exabgp on PATH; each skips
// when a binary it needs is missing, and none runs under "go test -short".
// Every daemon runs on loopback (exago on 127.0.0.1 or ::1, the peer on
// 127.0.0.2, ExaBGP on 127.0.0.3) at free ports, its state in the test's
// temporary folder, and is stopped by pid with SIGTERM.
//
// Environment:
//   - EXAGO_INTEROP_BIN: an exago binary to use instead of building
//     ./cmd/exago once per run.
//   - EXAGO_INTEROP_DUMP: when set, the ExaBGP comparison tests log both
//     helpers' raw output.
package interop
