package peer

import (
	"fmt"
	"strings"
)

// Failure is why a scripted session did not pass: the message that did not
// fit (if any) and the entries still expected.
type Failure struct {
	Conn     byte    // connection letter
	Step     int     // step being waited for (0 when none)
	Reason   string  // "unexpected UPDATE", "timeout", "connection closed", ...
	Got      []byte  // the unexpected message, nil when the failure is not about one
	Item     string  // the decoded item that did not match (announce:/withdraw:), if any
	Expected []Entry // entries still expected on this connection, current step first
	Unused   int     // connections of the script never opened
}

// Error is a one-line summary.
func (f *Failure) Error() string {
	var b strings.Builder
	b.WriteString(f.Reason)
	if f.Step != 0 || f.Conn != 0 {
		fmt.Fprintf(&b, " at %c%d", f.Conn, f.Step)
	}
	if f.Item != "" {
		fmt.Fprintf(&b, ": got %s", f.Item)
	} else if f.Got != nil {
		fmt.Fprintf(&b, ": got %s", splitHex(hexOf(f.Got)))
	}
	switch len(f.Expected) {
	case 0:
	case 1:
		fmt.Fprintf(&b, "; expected %s", f.Expected[0])
	default:
		fmt.Fprintf(&b, "; %d still expected, first %s", len(f.Expected), f.Expected[0])
	}
	if f.Unused > 0 {
		fmt.Fprintf(&b, "; %d connection(s) never opened", f.Unused)
	}
	return b.String()
}

// Detail is a multi-line diff: the unexpected message and every entry still
// expected.
func (f *Failure) Detail() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (connection %c, step %d)\n", f.Reason, f.Conn, f.Step)
	if f.Got != nil {
		fmt.Fprintf(&b, "  received %s: %s\n", typeName(f.Got[18]), splitHex(hexOf(f.Got)))
		if f.Item != "" {
			fmt.Fprintf(&b, "  decoded  %s\n", f.Item)
		}
	}
	if len(f.Expected) == 0 {
		b.WriteString("  nothing more was expected on this connection\n")
	} else {
		b.WriteString("  still expected:\n")
		for _, e := range f.Expected {
			fmt.Fprintf(&b, "    %s  (line %d)\n", e, e.Line)
		}
	}
	if f.Unused > 0 {
		fmt.Fprintf(&b, "  %d later connection(s) never opened\n", f.Unused)
	}
	return b.String()
}
