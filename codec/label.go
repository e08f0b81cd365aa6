package codec

import (
	"fmt"
	"strconv"
	"strings"
)

// Label is one 3-byte MPLS label stack entry as carried in NLRI (RFC 8277
// section 2): a 20-bit label, 3 traffic-class bits and the bottom-of-stack
// bit, kept raw (24 bits) so decoded entries re-encode unchanged.
type Label uint32

// WithdrawLabel is the raw entry RFC 8277 (and RFC 3107 before it) puts in
// withdrawn labeled NLRI: label 0x80000, bottom of stack unset.
const WithdrawLabel Label = 0x800000

// MakeLabel returns the entry of label value v (20 bits), with the
// bottom-of-stack bit when bos is set.
func MakeLabel(v uint32, bos bool) Label {
	l := Label(v&0xfffff) << 4
	if bos {
		l |= 1
	}
	return l
}

// Value is the 20-bit label.
func (l Label) Value() uint32 { return uint32(l) >> 4 & 0xfffff }

// BOS reports whether the bottom-of-stack bit is set.
func (l Label) BOS() bool { return l&1 != 0 }

// Raw is the 24-bit wire value (ExaBGP's "raw label" in JSON).
func (l Label) Raw() uint32 { return uint32(l) & 0xffffff }

// LabelStack is an MPLS label stack, outermost first.
type LabelStack []Label

// NewLabelStack returns the stack of label values vs with the
// bottom-of-stack bit on the last one, as ExaBGP builds it from
// "label 100" or "label [ 100 200 ]".
func NewLabelStack(vs ...uint32) LabelStack {
	s := make(LabelStack, len(vs))
	for i, v := range vs {
		s[i] = MakeLabel(v, i == len(vs)-1)
	}
	return s
}

// Values are the 20-bit labels of the stack.
func (s LabelStack) Values() []uint32 {
	out := make([]uint32, len(s))
	for i, l := range s {
		out[i] = l.Value()
	}
	return out
}

// Bits is the length of the stack on the wire, in bits.
func (s LabelStack) Bits() int { return 24 * len(s) }

// AppendLabels appends the 3-byte entries of the stack.
func (s LabelStack) AppendLabels(b []byte) []byte {
	for _, l := range s {
		b = append(b, byte(l>>16), byte(l>>8), byte(l))
	}
	return b
}

// String is ExaBGP's suffix: " label 100", " label [ 100 200 ]", or "" for
// an empty stack.
func (s LabelStack) String() string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return " label " + strconv.FormatUint(uint64(s[0].Value()), 10)
	}
	var sb strings.Builder
	sb.WriteString(" label [ ")
	for i, l := range s {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.FormatUint(uint64(l.Value()), 10))
	}
	sb.WriteString(" ]")
	return sb.String()
}

// decodedString is ExaBGP's suffix for labels it decoded, with the raw
// entry in parentheses: " label 100 (1601)", " label [ 10 (160) 20 (321) ]".
func (s LabelStack) decodedString() string {
	one := func(l Label) string {
		v := strconv.FormatUint(uint64(l.Value()), 10)
		if l.Raw() != 0 {
			v += " (" + strconv.FormatUint(uint64(l.Raw()), 10) + ")"
		}
		return v
	}
	switch len(s) {
	case 0:
		return ""
	case 1:
		return " label " + one(s[0])
	}
	parts := make([]string, len(s))
	for i, l := range s {
		parts[i] = one(l)
	}
	return " label [ " + strings.Join(parts, " ") + " ]"
}

// decodeLabelStack reads labels from b while at least 24 more bits of the
// NLRI length bits (beyond the rdBits of a route distinguisher) remain,
// stopping at the bottom of stack, at the withdraw entry 0x800000 and at
// the all-zero entry, as ExaBGP does. It returns the bits left.
func decodeLabelStack(b []byte, bits, rdBits int) (LabelStack, []byte, int, error) {
	var s LabelStack
	for bits-rdBits >= 24 {
		if len(b) < 3 {
			return nil, nil, 0, fmt.Errorf("label needs 3 bytes, %d left", len(b))
		}
		l := Label(uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]))
		b = b[3:]
		bits -= 24
		s = append(s, l)
		if l == WithdrawLabel || l == 0 || l.BOS() {
			break
		}
	}
	return s, b, bits, nil
}
