package pyjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"time"
)

// A Reader reads the fields of one JSON object the way kgents' from_dict
// reads a dict: by key, in the order the decoder asks for them, with a
// default for a missing key and unknown keys ignored. A key given twice
// takes its last value, and keys match exactly, as in a Python dict.
//
// A Reader keeps the first problem it meets, and so do the readers it opens
// for nested objects: a decoder reads its fields as a plain list and checks
// Err once, and the error it returns is the one of the first field, in that
// list's order, that was wrong. Each problem goes through the report
// function the decoder gave, which turns it into the decoder's own error
// type.
type Reader struct {
	path   string // the object's place, "" for the outermost
	fields map[string]json.RawMessage
	st     *state
}

type state struct {
	err    error
	report func(Problem) error
}

// Problem is what a Reader found wrong with one field.
type Problem struct {
	Field string          // the field's place, as "links[0].relation"
	Value json.RawMessage // the value as written; nil for a missing field
	Want  string          // what the field should hold ("want a string"); "" when Err says what is wrong
	Err   error           // ErrMissing, a wrapped ErrTimestamp, or a decoder's own reason
}

// ErrMissing is the Err of the Problem of a required field that is absent.
var ErrMissing = errors.New("missing required field")

// Open decodes data, which must hold one JSON object, into a Reader whose
// fields are named from the top ("id", "links[0].source"). Input that is not
// JSON gives a *SyntaxError; JSON that is not an object is reported as a
// Problem of the field name, with "want an object".
func Open(data []byte, name string, report func(Problem) error) (*Reader, *SyntaxError) {
	r := &Reader{st: &state{report: report}}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		if loc := Locate(data, err); loc != nil {
			return nil, loc
		}
		r.wrong(name, data, "want an object")
	}
	r.fields = m
	return r, nil
}

// Err returns the first problem met by r or by any reader opened from it.
func (r *Reader) Err() error { return r.st.err }

// Field returns the place of key in r: "key" at the top, "parent.key"
// below.
func (r *Reader) Field(key string) string {
	if r.path == "" {
		return key
	}
	return r.path + "." + key
}

// Report keeps err as r's error, unless r already has one.
func (r *Reader) Report(err error) {
	if r.st.err == nil && err != nil {
		r.st.err = err
	}
}

// Fail reports that the value raw of key is wrong because of err.
func (r *Reader) Fail(key string, raw json.RawMessage, err error) {
	r.problem(Problem{Field: r.Field(key), Value: raw, Err: err})
}

// Wrong reports that the value raw of key is not what want says.
func (r *Reader) Wrong(key string, raw json.RawMessage, want string) {
	r.wrong(r.Field(key), raw, want)
}

func (r *Reader) wrong(field string, raw json.RawMessage, want string) {
	r.problem(Problem{Field: field, Value: raw, Want: want})
}

func (r *Reader) problem(p Problem) {
	if r.st.err == nil {
		r.st.err = r.st.report(p)
	}
}

// Raw returns the value of key as written, null included, and whether the
// key is present.
func (r *Reader) Raw(key string) (json.RawMessage, bool) {
	raw, ok := r.fields[key]
	return raw, ok
}

// All yields the keys of r and their values as written, in no order.
func (r *Reader) All() iter.Seq2[string, json.RawMessage] {
	return func(yield func(string, json.RawMessage) bool) {
		for k, v := range r.fields {
			if !yield(k, v) {
				return
			}
		}
	}
}

// Require reports key as missing, and returns false, when r has no such
// key; null counts as present.
func (r *Reader) Require(key string) bool {
	if _, ok := r.fields[key]; ok {
		return true
	}
	r.problem(Problem{Field: r.Field(key), Err: ErrMissing})
	return false
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

// String reads key as a string: def when absent; null is wrong.
func (r *Reader) String(key, def string) string {
	raw, ok := r.fields[key]
	if !ok {
		return def
	}
	s, ok := decodeString(raw)
	if !ok {
		r.Wrong(key, raw, "want a string")
	}
	return s
}

// OptString reads key as a string, and says whether it was one: absent and
// null give "", false.
func (r *Reader) OptString(key string) (string, bool) {
	raw, ok := r.fields[key]
	if !ok || isNull(raw) {
		return "", false
	}
	s, ok := decodeString(raw)
	if !ok {
		r.Wrong(key, raw, "want a string")
	}
	return s, ok
}

// decodeString decodes a JSON string literal; one without escapes or
// non-ASCII bytes is its own text.
func decodeString(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	plain := true
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		return string(raw[1 : len(raw)-1]), true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// Strings reads key as a list of strings: absent and null give nil, false.
// A wrong item is reported at its place, "key[i]".
func (r *Reader) Strings(key string) ([]string, bool) {
	raw, ok := r.fields[key]
	if !ok || isNull(raw) {
		return nil, false
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		r.Wrong(key, raw, "want a list of strings")
		return nil, false
	}
	out := make([]string, len(items))
	for i, it := range items {
		s, ok := decodeString(it)
		if !ok {
			r.wrong(fmt.Sprintf("%s[%d]", r.Field(key), i), it, "want a string")
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

// Bool reads key as true or false: def when absent; null is wrong.
func (r *Reader) Bool(key string, def bool) bool {
	raw, ok := r.fields[key]
	if !ok {
		return def
	}
	switch string(raw) {
	case "true":
		return true
	case "false":
		return false
	}
	r.Wrong(key, raw, "want true or false")
	return def
}

// Int reads key as an integer literal that fits an int: def when absent;
// anything else (null, a fraction, an exponent) is reported with want.
func (r *Reader) Int(key string, def int, want string) int {
	raw, ok := r.fields[key]
	if !ok {
		return def
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil {
		r.Wrong(key, raw, want)
	}
	return n
}

// Number reads key as a number and returns its literal: absent and null
// give "", false.
func (r *Reader) Number(key string) (string, bool) {
	raw, ok := r.fields[key]
	if !ok || isNull(raw) {
		return "", false
	}
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		r.Wrong(key, raw, "want a number")
		return "", false
	}
	return string(raw), true
}

// Time reads key as a timestamp in the forms of [ParseTimestamp]: absent
// gives false; null is wrong. A string in no such form is reported with
// the Err of ParseTimestamp.
func (r *Reader) Time(key string) (time.Time, bool) {
	raw, ok := r.fields[key]
	if !ok {
		return time.Time{}, false
	}
	return r.timestamp(key, raw)
}

// OptTime reads key as Time does, but null counts as absent.
func (r *Reader) OptTime(key string) (time.Time, bool) {
	raw, ok := r.fields[key]
	if !ok || isNull(raw) {
		return time.Time{}, false
	}
	return r.timestamp(key, raw)
}

func (r *Reader) timestamp(key string, raw json.RawMessage) (time.Time, bool) {
	s, ok := decodeString(raw)
	if !ok {
		r.Wrong(key, raw, "want a string")
		return time.Time{}, false
	}
	t, err := ParseTimestamp(s)
	if err != nil {
		r.Fail(key, raw, err)
		return t, false
	}
	return t, true
}

// Object opens key as a nested object whose fields are named "key.field":
// absent and null give nil, false.
func (r *Reader) Object(key string) (*Reader, bool) {
	raw, ok := r.fields[key]
	if !ok || isNull(raw) {
		return nil, false
	}
	return r.open(r.Field(key), raw)
}

// List reads key as a list of raw values: absent and null give nil, false;
// anything but a list is reported with want.
func (r *Reader) List(key, want string) ([]json.RawMessage, bool) {
	raw, ok := r.fields[key]
	if !ok || isNull(raw) {
		return nil, false
	}
	var items []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		r.Wrong(key, raw, want)
		return nil, false
	}
	return items, true
}

// Item opens the i-th item of the list key, raw, as an object whose fields
// are named "key[i].field"; an item that is not an object is reported
// ("want an object") and gives nil, false.
func (r *Reader) Item(key string, i int, raw json.RawMessage) (*Reader, bool) {
	return r.open(fmt.Sprintf("%s[%d]", r.Field(key), i), raw)
}

func (r *Reader) open(path string, raw json.RawMessage) (*Reader, bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		r.wrong(path, raw, "want an object")
		return nil, false
	}
	return &Reader{path: path, fields: m, st: r.st}, true
}

// Path returns the place of r itself: "" for the outermost object,
// "review_gates[1]" for an item.
func (r *Reader) Path() string { return r.path }
