package places

import (
	"errors"
	"fmt"
)

// ErrMissingColumn is wrapped by parse errors for a CSV header that lacks a
// required column.
var ErrMissingColumn = errors.New("missing column")

// ErrBadValue is wrapped by parse errors for a field that does not parse.
var ErrBadValue = errors.New("bad value")

// ErrBadFormat is wrapped when a file is not of the expected format at all.
var ErrBadFormat = errors.New("bad format")

// ParseError is a problem at one line of one input (Line 0 when the whole
// file is at fault), like encoding/csv's ParseError.
type ParseError struct {
	Source string // file name or other label of the input
	Line   int    // 1-based line number, 0 if not known
	Err    error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Source, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Source, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }
