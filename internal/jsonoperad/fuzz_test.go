package jsonoperad

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParse: whatever the bytes, Parse returns an operad or one *Error
// with a place in the file, never panics; and a loaded operad's laws can
// be checked without an error of the checker's own.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*", "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"name": "t", "sorts": {"int": {"kind": "int"}}, "operations": {"f": {"params": ["a"], "derived": "f(a)"}}, "laws": [{"name": "l", "equation": "f(x) = x"}]}`))
	f.Add([]byte(`{"name": "t", "sorts": {"l": {"kind": "list", "of": "l"}}, "operations": {}, "laws": []}`))
	// Errors that point inside an equation or a derived term, and
	// syntax errors with a hint.
	f.Add([]byte(`{"name": "t", "sorts": {"int": {"kind": "int"}}, "operations": {"f": {"arity": 2, "expr": "x"}, "g": {"params": ["a"], "derived": "f(a, f(a))"}}, "laws": [{"name": "l", "equation": "f(x, f(x)) = g(x, x)"}]}`))
	f.Add([]byte("{\"name\": \"t\"\n \"sorts\": {\"a\": {\"kind\": \"int\"},},\n \"operations\": {\"f\": {\"exp\": \"x\"}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang becomes a crash, which the fuzzer records with its input.
		tm := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("HANG on %q", data)) })
		defer tm.Stop()
		o, err := Parse("fuzz.json", data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if e.Line < 1 || e.Col < 1 || !strings.HasPrefix(err.Error(), "fuzz.json:") {
				t.Fatalf("error without a place: %v", err)
			}
			return
		}
		for _, l := range o.Laws {
			if _, err := l.Check(Config{Checks: 2, ExhaustiveLimit: 9, ShrinkTime: time.Millisecond, Seed: 1}, nil); err != nil {
				t.Fatalf("law %s of a loaded operad: %v", l.Name, err)
			}
		}
	})
}
