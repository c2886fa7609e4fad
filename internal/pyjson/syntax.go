package pyjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// SyntaxError places a JSON syntax error at a line and a column (both from
// 1, the column counted in bytes) of the input.
type SyntaxError struct {
	Line, Column int
	Err          error // the decoder's error, a *json.SyntaxError
	Hint         string
}

// Error gives the place, the decoder's reason and any hint.
func (e *SyntaxError) Error() string {
	s := fmt.Sprintf("line %d column %d: %v", e.Line, e.Column, e.Err)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Unwrap returns the decoder's error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// nonFinite is the hint for the one syntax error Python's json module
// causes on purpose.
const nonFinite = "Python's json writes NaN and Infinity for non-finite floats; JSON has no such values"

// Locate turns a *json.SyntaxError from decoding data into a *SyntaxError
// with its line and column; it returns nil for any other error. Any input,
// even empty, gets a place: the end of the input when the decoder ran out.
func Locate(data []byte, err error) *SyntaxError {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil
	}
	// Offset counts the bytes read before the error, so the offending byte
	// is the one before it; an error at the start names the first byte.
	off := int(min(max(se.Offset, 1), int64(len(data)+1))) - 1
	before := data[:min(off, len(data))]
	line := 1 + bytes.Count(before, []byte{'\n'})
	col := len(before) - bytes.LastIndexByte(before, '\n')
	e := &SyntaxError{Line: line, Column: col, Err: err}
	if off < len(data) && (data[off] == 'N' || data[off] == 'I') {
		e.Hint = nonFinite
	}
	return e
}
