// Package peer is the functional-test BGP peer of exago's QA: it accepts the
// daemon's sessions on loopback, answers its OPEN with a mirrored OPEN, and
// checks the UPDATEs it receives against a legacy ExaBGP .msg script (see
// Script), or in sink mode simply counts them (see Sink).
//
// It parses the few wire fields it needs itself and imports no exago package.
package peer
