package config

import (
	"errors"
	"fmt"
)

// PosError is an error found at a place of a configuration file. It prints
// as "file:line:col: message"; the route parsers and the model builder
// both return it. Detail (error_detail.go) adds the source line with a
// caret and a hint, for people.
type PosError struct {
	Pos Position
	Msg string
	// Err is the underlying error, if any.
	Err error
	// source is the text of Pos.File as the loader read it, for Detail;
	// nil when unknown (Detail then reads the file).
	source []byte
}

// Error implements error.
func (e *PosError) Error() string {
	msg := e.Msg
	if e.Err != nil {
		if msg == "" {
			msg = e.Err.Error()
		} else {
			msg += ": " + e.Err.Error()
		}
	}
	return posString(e.Pos) + ": " + msg
}

// Unwrap returns the underlying error.
func (e *PosError) Unwrap() error { return e.Err }

// posString is "file:line:col" ("line:col" without a file name).
func posString(p Position) string {
	if p.File == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// errorAt returns a PosError at pos.
func errorAt(pos Position, format string, args ...any) error {
	return &PosError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// wrapAt returns err as a PosError at pos, unless it already is one.
func wrapAt(pos Position, err error) error {
	var pe *PosError
	if errors.As(err, &pe) {
		return err
	}
	return &PosError{Pos: pos, Err: err}
}
