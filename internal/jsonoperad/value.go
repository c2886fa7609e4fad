package jsonoperad

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Values of an operad are dynamic: a value of sort int is an int, float a
// float64, bool a bool, string a string, enum the JSON scalar it is
// written as (string, int, float64 or bool), and list and pair a List.

// List is a value of a list or pair sort. It prints as a JSON array, so
// that reports show ["a", 1] rather than Go's [a 1].
type List []any

// String prints the list as JSON, with floats exact and NaN and
// infinities by name.
func (l List) String() string {
	var b strings.Builder
	writeValue(&b, l)
	return b.String()
}

// MarshalJSON encodes the list as a JSON array; it fails on NaN and
// infinities, which JSON cannot hold.
func (l List) MarshalJSON() ([]byte, error) { return json.Marshal([]any(l)) }

func writeValue(b *strings.Builder, v any) {
	switch x := v.(type) {
	case List:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e)
		}
		b.WriteByte(']')
	case string:
		b.WriteString(strconv.Quote(x))
	case float64:
		b.WriteString(formatFloat(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case fmt.Stringer:
		b.WriteString(x.String())
	default:
		b.WriteString("?")
	}
}

func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case f == 0 && math.Signbit(f):
		return "-0"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}

// formatValue prints a value as reports and case files show it.
func formatValue(v any) string {
	var b strings.Builder
	writeValue(&b, v)
	return b.String()
}

// sizeOf is a value's size for -stats: |n| for an int, the length of a
// string or a list, the index of an enum value, 0 otherwise.
func (s *Sort) sizeOf(v any) int {
	if s.Kind == "enum" {
		for i, e := range s.values {
			if e == v {
				return i
			}
		}
		return 0
	}
	if l, ok := v.(Leaf); ok && s.Kind == "agent" {
		for i, e := range s.values {
			if e.(Leaf).Name == l.Name {
				return i
			}
		}
	}
	return size(v)
}

func size(v any) int {
	switch x := v.(type) {
	case int:
		if x < 0 {
			if x == math.MinInt {
				return math.MaxInt
			}
			return -x
		}
		return x
	case string:
		return len(x)
	case List:
		return len(x)
	}
	return 0
}
