package pyjson

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Canonical JSON is compact with object keys sorted at every level, so that
// equal values have equal text: the text can then be stored, compared and
// digested as bytes. The two packages that keep JSON metadata keep it in two
// flavours, and each flavour is on disk, so both stay as they are.

// CanonicalObject re-encodes the JSON object b as the trace package stores
// metadata: canonical, no HTML escaping, and every number with a fraction or
// an exponent written as Python writes it (see [PythonNumber]). It returns
// "" for {} and null, and an error for anything after the object.
func CanonicalObject(b []byte) (string, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return "", err
	}
	if d.More() {
		return "", errTrailing
	}
	if len(m) == 0 {
		return "", nil
	}
	pythonNumbers(m)
	out, err := MarshalNoEscape(m)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

var errTrailing = errors.New("trailing data after object")

// Canonical re-encodes one JSON value as the covenant package stores
// metadata: canonical, numbers kept as written, strings escaped as
// encoding/json escapes them by default (HTML characters included).
func Canonical(raw []byte) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// MarshalNoEscape is json.Marshal without HTML escaping, which Python's
// json module does not do either.
func MarshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// pythonNumbers replaces, in place, every number in v by PythonNumber's text.
func pythonNumbers(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if n, ok := e.(json.Number); ok {
				x[k] = PythonNumber(n)
			} else {
				pythonNumbers(e)
			}
		}
	case []any:
		for i, e := range x {
			if n, ok := e.(json.Number); ok {
				x[i] = PythonNumber(n)
			} else {
				pythonNumbers(e)
			}
		}
	}
}
