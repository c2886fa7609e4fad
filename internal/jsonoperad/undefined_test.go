package jsonoperad

import (
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws"
)

// A side that is undefined says which operation failed on which arguments
// and why, in a line, without the package's sentinel or expr's snippet.
func TestUndefinedSideSaysWhy(t *testing.T) {
	o, err := Parse("mod.json", []byte(`{"name": "mod", "sorts": {"n": {"kind": "int", "min": 0, "max": 9}},
	  "operations": {"mod": {"arity": 2, "expr": "x % y"}}, "laws": [{"name": "self", "equation": "mod(x, x) = 0"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := o.Law("self").Check(Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := r.Counterexample
	if r.Status != laws.Failed || c == nil || laws.FormatValue(c.LHS) != "undefined: mod[0, 0]: runtime error: integer divide by zero" {
		t.Fatalf("%s", r.Report())
	}
	if strings.Contains(r.Report(), "jsonoperad:") || strings.Contains(r.Report(), "^") {
		t.Errorf("the report shows internals:\n%s", r.Report())
	}
}
