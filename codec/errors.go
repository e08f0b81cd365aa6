package codec

import (
	"errors"
	"fmt"
)

// TreatAsWithdraw is the RFC 7606 "treat-as-withdraw" outcome of decoding
// an UPDATE: "In this approach, the UPDATE message containing the path
// attribute in question MUST be treated as though all contained routes had
// been withdrawn just as if they had been listed in the WITHDRAWN ROUTES
// field (or in the MP_UNREACH_NLRI attribute if appropriate) of the UPDATE
// message, thus causing them to be removed from the Adj-RIB-In according
// to the procedures of [RFC4271]." (RFC 7606 section 2)
type TreatAsWithdraw struct {
	// Code is the attribute at fault, 0 when the fault is not one
	// attribute's (a missing attribute, a length mismatch).
	Code AttrCode
	// Err says what was wrong.
	Err error
}

// Error says which attribute caused the withdrawal and why.
func (e *TreatAsWithdraw) Error() string {
	if e.Code == 0 {
		return fmt.Sprintf("treat-as-withdraw: %v", e.Err)
	}
	return fmt.Sprintf("treat-as-withdraw due to %s: %v", e.Code, e.Err)
}

// Unwrap returns the cause.
func (e *TreatAsWithdraw) Unwrap() error { return e.Err }

// AttributeDiscard is the RFC 7606 "attribute discard" outcome: "In this
// approach, the malformed attribute MUST be discarded and the UPDATE
// message continues to be processed." (RFC 7606 section 2). The decoded
// UPDATE no longer holds the attribute.
type AttributeDiscard struct {
	// Code is the discarded attribute.
	Code AttrCode
	// Err says what was wrong.
	Err error
}

// Error says which attribute was discarded and why.
func (e *AttributeDiscard) Error() string {
	return fmt.Sprintf("discard %s: %v", e.Code, e.Err)
}

// Unwrap returns the cause.
func (e *AttributeDiscard) Unwrap() error { return e.Err }

// severity ranks an error: 3 session reset (a *Notification or any other
// error), 2 treat-as-withdraw, 1 attribute discard, 0 none.
func severity(err error) int {
	if err == nil {
		return 0
	}
	var n *Notification
	if errors.As(err, &n) {
		return 3
	}
	var t *TreatAsWithdraw
	if errors.As(err, &t) {
		return 2
	}
	var d *AttributeDiscard
	if errors.As(err, &d) {
		return 1
	}
	return 3
}

// Strongest returns the error of errs calling for the strongest action:
// "When multiple errors are found in an UPDATE message, the approach that
// is the most severe [...] MUST be applied" (RFC 7606 section 3, the
// order being session reset, treat-as-withdraw, attribute discard). Nil
// errors are skipped; ties keep the first.
func Strongest(errs ...error) error {
	var best error
	bs := 0
	for _, e := range errs {
		if s := severity(e); s > bs {
			best, bs = e, s
		}
	}
	return best
}

// IsSessionReset reports whether err asks for the session to be reset
// (a *Notification or an error not of the RFC 7606 soft kinds).
func IsSessionReset(err error) bool { return severity(err) == 3 }
