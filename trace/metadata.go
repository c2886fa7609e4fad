package trace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"

	"github.com/kgents/kgents-core/internal/pyjson"
)

// Metadata maps are stored as canonical JSON text: compact, keys sorted at
// every level, no HTML escaping, and every number with a fraction or an
// exponent written as Python's json writes it (see pyjson.PythonNumber). Storing text makes nodes truly immutable (no
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
func canonicalObject(b []byte) (string, error) { return pyjson.CanonicalObject(b) }

func marshalNoEscape(v any) ([]byte, error) { return pyjson.MarshalNoEscape(v) }

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
