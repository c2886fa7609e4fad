package trace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Metadata maps are stored as canonical JSON text: compact, keys sorted at
// every level, no HTML escaping, and every number with a fraction or an
// exponent written as Python's json writes it (see pythonNumber). Storing text makes nodes truly immutable (no
// caller can reach the stored map), makes the digest encoding a byte string,
// and lets Metadata() hand out a fresh copy on every call. Values that JSON
// cannot represent are stringified, as kgents does when it saves a store.

// canonicalMap returns the canonical JSON of m, or "" when m is empty.
func canonicalMap(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	b, err := marshalNoEscape(m)
	if err != nil {
		b, err = marshalNoEscape(normalise(m))
		if err != nil { // cannot happen: normalise yields JSON values only
			panic("trace: metadata normalisation failed: " + err.Error())
		}
	}
	s, err := canonicalObject(b)
	if err != nil {
		panic("trace: metadata canonicalisation failed: " + err.Error())
	}
	return s
}

// canonicalObject re-encodes a JSON object canonically; "" for {} or null.
func canonicalObject(b []byte) (string, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return "", err
	}
	if d.More() {
		return "", fmt.Errorf("trailing data after object")
	}
	if len(m) == 0 {
		return "", nil
	}
	pythonNumbers(m)
	out, err := marshalNoEscape(m)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// normalise maps v into JSON values, stringifying what JSON cannot hold.
func normalise(v any) any {
	switch x := v.(type) {
	case nil, bool, string, json.Number, int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64:
		return x
	case float32:
		return normalise(float64(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Sprint(x)
		}
		return x
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = normalise(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = normalise(e)
		}
		return s
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		s := make([]any, rv.Len())
		for i := range s {
			s[i] = normalise(rv.Index(i).Interface())
		}
		return s
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			m := make(map[string]any, rv.Len())
			it := rv.MapRange()
			for it.Next() {
				m[it.Key().String()] = normalise(it.Value().Interface())
			}
			return m
		}
	}
	if b, err := marshalNoEscape(v); err == nil {
		return json.RawMessage(b)
	}
	return fmt.Sprint(v)
}

// decodeMap returns a fresh map decoded from canonical JSON text.
func decodeMap(s string) map[string]any {
	m := map[string]any{}
	if s == "" {
		return m
	}
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		panic("trace: stored metadata is not JSON: " + err.Error())
	}
	return m
}

func metaJSON(s string) string {
	if s == "" {
		return "{}"
	}
	return s
}

// pythonNumbers replaces, in place, every number in v by pythonNumber's text.
func pythonNumbers(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if n, ok := e.(json.Number); ok {
				x[k] = pythonNumber(n)
			} else {
				pythonNumbers(e)
			}
		}
	case []any:
		for i, e := range x {
			if n, ok := e.(json.Number); ok {
				x[i] = pythonNumber(n)
			} else {
				pythonNumbers(e)
			}
		}
	}
}

// pythonNumber returns the text Python's json module writes for the number
// it reads from s, so that metadata (and so a node's equality and digest)
// survives a store file's round trip through kgents: an integer is kept as
// it is (Python's ints are exact), a float is written as Python's repr
// writes it: the shortest digits that read back, positional with at least
// one fractional digit when the decimal exponent is in [-4, 16) ("1500.0",
// "0.0001"), else in e notation with a sign and at least two exponent digits
// ("1e-07", "1e+16"). Go's encoding/json writes 1e-7 and 1500 for the float
// values that Python writes as 1e-07 and 1500.0. A float too large for
// float64, which Python would read as infinity, is kept as it is.
func pythonNumber(s json.Number) json.Number {
	if !strings.ContainsAny(string(s), ".eE") {
		return s
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		return s
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // shortest digits; exponent has a sign and two digits or more
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return json.Number(e)
	}
	p := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(p, ".") {
		p += ".0"
	}
	return json.Number(p)
}
