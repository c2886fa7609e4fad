package jsonoperad

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a problem with an operad file, at a place in it. Every error of
// Load and Parse that concerns the file's contents is an *Error.
type Error struct {
	File      string
	Line, Col int // 1-based; Col counts runes; 0 when unknown
	Msg       string
	Err       error // the underlying error, if any
}

// Error prints "file:line:col: message".
func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// source is an operad file's bytes with the offset of every JSON value,
// keyed by JSON pointer ("" for the root, "/operations/add/expr").
type source struct {
	file   string
	data   []byte
	values map[string]int // pointer -> offset of the value's first byte
	keys   map[string]int // pointer -> offset of the member name's quote
}

// errAt returns an error at the byte offset off.
func (s *source) errAt(off int, err error, format string, args ...any) *Error {
	line, col := s.lineCol(off)
	return &Error{File: s.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Err: err}
}

// errPtr returns an error at the value that ptr points to, or at the
// nearest enclosing value that exists.
func (s *source) errPtr(ptr string, err error, format string, args ...any) *Error {
	return s.errAt(s.offset(ptr), err, format, args...)
}

// errKey returns an error at the member name of ptr (the key "add" in
// "operations": {"add": ...}), or at its value when there is no name.
func (s *source) errKey(ptr string, err error, format string, args ...any) *Error {
	if off, ok := s.keys[ptr]; ok {
		return s.errAt(off, err, format, args...)
	}
	return s.errPtr(ptr, err, format, args...)
}

func (s *source) offset(ptr string) int {
	for {
		if off, ok := s.values[ptr]; ok {
			return off
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return 0
		}
		ptr = ptr[:i]
	}
}

func (s *source) lineCol(off int) (line, col int) {
	if off > len(s.data) {
		off = len(s.data)
	}
	line, col = 1, 1
	for _, r := range string(s.data[:off]) {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// inString maps a byte offset into the decoded contents of the JSON
// string at ptr to the file offset of the character it came from, so that
// an error inside an expression or an equation points into the file.
func (s *source) inString(ptr string, decodedOff int) int {
	start := s.offset(ptr)
	if start >= len(s.data) || s.data[start] != '"' {
		return start
	}
	raw, dec := start+1, 0
	for raw < len(s.data) && s.data[raw] != '"' && dec < decodedOff {
		if s.data[raw] == '\\' {
			n := 2
			var width int
			if raw+1 < len(s.data) && s.data[raw+1] == 'u' {
				n = 6
				if v, err := strconv.ParseUint(string(s.data[raw+2:min(raw+6, len(s.data))]), 16, 32); err == nil {
					width = utf8.RuneLen(rune(v))
					if width < 0 {
						width = 3
					}
				}
			} else {
				width = 1
			}
			raw += n
			dec += width
			continue
		}
		_, size := utf8.DecodeRune(s.data[raw:])
		raw += size
		dec += size
	}
	return raw
}

// ptrEscape escapes a member name for a JSON pointer (RFC 6901).
func ptrEscape(name string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}

// scan reads data as one JSON value, records the offset of every value and
// member name, and returns the value decoded with numbers as json.Number.
// A syntax error, a duplicate member name or trailing data is an *Error.
func scan(file string, data []byte) (*source, any, error) {
	s := &source{file: file, data: data, values: map[string]int{}, keys: map[string]int{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := s.scanValue(dec, "")
	if err != nil {
		return nil, nil, err
	}
	off := s.skipSpace(int(dec.InputOffset()))
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, nil, s.syntaxErr(dec, err)
		}
		return nil, nil, s.errAt(off, nil, "unexpected data after the operad's closing brace")
	}
	return s, v, nil
}

func (s *source) skipSpace(off int) int {
	for off < len(s.data) {
		switch s.data[off] {
		case ' ', '\t', '\n', '\r', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (s *source) syntaxErr(dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := s.offending(int(se.Offset), se.Error())
		return s.errAt(off, err, "malformed JSON: %v%s", se, syntaxHint(se.Error()))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		return s.errAt(len(s.data), err, "malformed JSON: the file ends in the middle of a value")
	}
	return s.errAt(int(dec.InputOffset()), err, "malformed JSON: %v", err)
}

var invalidChar = regexp.MustCompile(`^invalid character ('(?:[^'\\]|\\.)+')`)

// offending returns the offset of the character a syntax error is about:
// the decoder reports some errors (a bad value after a ':') at the
// offset of the separator before it.
func (s *source) offending(off int, msg string) int {
	m := invalidChar.FindStringSubmatch(msg)
	if m == nil || off >= len(s.data) {
		return off
	}
	ch, err := strconv.Unquote(m[1])
	if err != nil || strings.HasPrefix(string(s.data[off:]), ch) {
		return off
	}
	if next := s.skipSpace(off); strings.HasPrefix(string(s.data[next:]), ch) {
		return next
	}
	return off
}

// syntaxHint guesses the usual cause of a JSON syntax error, the ones
// JSON does not forgive where people and other formats do.
func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "after object key:value pair"), strings.Contains(msg, "after array element"):
		return " (a ',' missing before it?)"
	case strings.Contains(msg, "after object key"):
		return " (a ':' missing after the member name?)"
	case strings.HasPrefix(msg, "invalid character ',' looking for beginning"),
		strings.HasPrefix(msg, "invalid character '}' looking for beginning"),
		strings.HasPrefix(msg, "invalid character ']' looking for beginning"):
		return " (a ',' too many? JSON allows no trailing comma)"
	case strings.HasPrefix(msg, "invalid character '\\''"):
		return " (JSON strings take double quotes)"
	case strings.Contains(msg, "looking for beginning of object key string"):
		return " (member names take double quotes)"
	case strings.Contains(msg, "looking for beginning of value"):
		return " (strings take double quotes; JSON has no comments)"
	}
	return ""
}

func (s *source) scanValue(dec *json.Decoder, ptr string) (any, error) {
	start := s.skipSpace(int(dec.InputOffset()))
	tok, err := dec.Token()
	if err != nil {
		return nil, s.syntaxErr(dec, err)
	}
	s.values[ptr] = start
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := map[string]any{}
			for dec.More() {
				keyOff := s.skipSpace(int(dec.InputOffset()))
				kt, err := dec.Token()
				if err != nil {
					return nil, s.syntaxErr(dec, err)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, s.errAt(keyOff, nil, "malformed JSON: expected a member name in quotes")
				}
				child := ptr + "/" + ptrEscape(key)
				if _, dup := obj[key]; dup {
					return nil, s.errAt(keyOff, nil, "duplicate member %q", key)
				}
				s.keys[child] = keyOff
				v, err := s.scanValue(dec, child)
				if err != nil {
					return nil, err
				}
				obj[key] = v
			}
			if _, err := dec.Token(); err != nil {
				return nil, s.syntaxErr(dec, err)
			}
			return obj, nil
		case '[':
			arr := []any{}
			for i := 0; dec.More(); i++ {
				v, err := s.scanValue(dec, ptr+"/"+strconv.Itoa(i))
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, s.syntaxErr(dec, err)
			}
			return arr, nil
		}
		return nil, s.errAt(start, nil, "malformed JSON: unexpected %q", t)
	}
	return tok, nil
}
