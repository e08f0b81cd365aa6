package codec

import "fmt"

// AtomicAggregate is the ATOMIC_AGGREGATE attribute (RFC 4271 section
// 5.1.6), empty.
type AtomicAggregate struct{}

// Code is AttrAtomicAggregate.
func (AtomicAggregate) Code() AttrCode { return AttrAtomicAggregate }

// Flags is well-known transitive.
func (AtomicAggregate) Flags() AttrFlags { return FlagTransitive }

// AppendValue appends nothing.
func (AtomicAggregate) AppendValue(b []byte, _ Options) ([]byte, error) { return b, nil }

// String is empty: ExaBGP prints the name alone.
func (AtomicAggregate) String() string { return "" }

// DecodeAtomicAggregate decodes an ATOMIC_AGGREGATE value.
func DecodeAtomicAggregate(v []byte, _ Options) (Attribute, error) {
	// RFC 7606 section 7.6: "If the length is not 0, the attribute is
	// considered malformed" (attribute discard).
	if len(v) != 0 {
		return nil, fmt.Errorf("decode atomic-aggregate: length %d, want 0", len(v))
	}
	return AtomicAggregate{}, nil
}
