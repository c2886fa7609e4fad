package pyjson

import (
	"encoding/json"
	"testing"
)

func TestCanonicalFlavours(t *testing.T) {
	const in = `{"z": [1.50, 1e16, {"b": null, "a": "<&>"}], "a": 1E-7, "m": "\u2028é"}`
	if got, err := CanonicalObject([]byte(in)); err != nil || got != `{"a":1e-07,"m":"\u2028é","z":[1.5,1e+16,{"a":"<&>","b":null}]}` {
		t.Errorf("CanonicalObject = %s, %v", got, err)
	}
	if got, err := Canonical([]byte(in)); err != nil || string(got) != `{"a":1E-7,"m":"\u2028é","z":[1.50,1e16,{"a":"\u003c\u0026\u003e","b":null}]}` {
		t.Errorf("Canonical = %s, %v", got, err)
	}
	for _, empty := range []string{`{}`, `null`, ` { } `} {
		if got, err := CanonicalObject([]byte(empty)); got != "" || err != nil {
			t.Errorf("CanonicalObject(%s) = %q, %v; want empty", empty, got, err)
		}
	}
	for _, bad := range []string{`{} {}`, `[1]`, `{`, ``} {
		if _, err := CanonicalObject([]byte(bad)); err == nil {
			t.Errorf("CanonicalObject(%s) accepted", bad)
		}
	}
}

// FuzzCanonicalObject: canonical text is a fixed point and means what its
// input meant, up to number spelling.
func FuzzCanonicalObject(f *testing.F) {
	for _, s := range []string{`{"z": [1.50, 1e16], "a": {"b": null}}`, `{"s": "<\u00e9>"}`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := CanonicalObject(data)
		if err != nil || s == "" {
			return
		}
		again, err := CanonicalObject([]byte(s))
		if err != nil || again != s {
			t.Fatalf("not a fixed point: %s → %s, %v", s, again, err)
		}
		if !json.Valid([]byte(s)) {
			t.Fatalf("not JSON: %s", s)
		}
	})
}
