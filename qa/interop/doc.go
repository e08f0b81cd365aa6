// Package interop runs exago against real BGP daemons from Debian (BIRD 2
// and GoBGP) and checks what they learn from it, and what exago's helper
// processes learn from them. Its content is tests only; they need the
// bird/birdc and gobgpd/gobgp binaries on PATH, skip when these are
// missing, and do not run under "go test -short".
package interop
