package config

import "fmt"

// Warning is a construct accepted for compatibility (an ExaBGP 3.x
// spelling, a stray "}" ExaBGP ignores): where it was read, what it is,
// and how ExaBGP 4.x writes it.
type Warning struct {
	Pos Position
	// Msg says what was read ("group is ExaBGP 3.x syntax").
	Msg string
	// Modern is the 4.x spelling ("template { neighbor NAME { } }"),
	// empty when the construct is only dropped.
	Modern string
}

// String is "file:line:col: warning: MSG (ExaBGP 4.x: MODERN)".
func (w Warning) String() string {
	s := fmt.Sprintf("%s: warning: %s", posString(w.Pos), w.Msg)
	if w.Modern != "" {
		s += " (ExaBGP 4.x: " + w.Modern + ")"
	}
	return s
}

// warnAt records a warning on the builder.
func (b *builder) warnAt(pos Position, modern, format string, args ...any) {
	b.cfg.Warnings = append(b.cfg.Warnings, Warning{Pos: pos, Msg: fmt.Sprintf(format, args...), Modern: modern})
}

// String is "file:line:col" (or "line:col" without a file name).
func (p Position) String() string { return posString(p) }
