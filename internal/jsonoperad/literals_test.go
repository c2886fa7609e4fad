package jsonoperad

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// The constants of a law are the literals of the file: near ones from its
// equation and the operations it uses (derived ones followed), far ones
// from every operation and law; each integer with its neighbours, a
// negated number as a negative one, and this package's own literals never.
func TestConstantsAreTheLiteralsOfTheFile(t *testing.T) {
	src := `{"name": "lits",
	  "sorts": {"int": {"kind": "int", "min": -100000, "max": 100000}, "str": {"kind": "string", "alphabet": "abcdef"},
	            "bit": {"kind": "enum", "values": [10, 20]}},
	  "operations": {
	    "f": {"args": ["int", "int"], "result": "int", "expr": "x == -4242 ? 3.5 * x : x + y", "identity": 0, "zero": 31337},
	    "g": {"args": ["int"], "result": "int", "derived": "f(x, 555)"},
	    "h": {"args": ["str", "str"], "result": "str", "expr": "x == \"cafe\" ? y : x + y"},
	    "t": {"args": ["bit"], "result": "bit", "table": [[10, 20], [20, 10]]}
	  },
	  "laws": [
	    {"name": "g_law", "equation": "g(f(x, 99)) = g(x)"},
	    {"name": "h_law", "equation": "h(x, \"\") = x"},
	    {"name": "t_law", "equation": "t(t(b)) = b"}
	  ]}`
	o, err := Parse("lits.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	show := func(c *generators.Constants) string {
		if c == nil {
			return "none"
		}
		return fmt.Sprint(c.Ints, c.Strings)
	}
	for law, want := range map[string]string{
		// The equation's 99, then g's 555, then f's -4242, 31337 (3.5 is
		// a float); then the neighbours.
		"g_law": "[99 555 -4242 31337 98 100 554 556 -4243 -4241 31336 31338] []",
		"h_law": "[] [cafe]",
		"t_law": "[10 20 9 11 19 21] []",
	} {
		near, far := o.Law(law).Constants()
		if got := show(near); got != want {
			t.Errorf("%s: near constants %s, want %s", law, got, want)
		}
		if far == nil || !slices.Contains(far.Ints, 31337) || !slices.Contains(far.Ints, 99) || !slices.Contains(far.Strings, "cafe") || !slices.Contains(far.Floats, 3.5) {
			t.Errorf("%s: far constants %s lack some literal of the file", law, show(far))
		}
		if slices.Contains(far.Ints, DefaultExhaustiveLimit) || slices.Contains(far.Ints, TableLimit) {
			t.Errorf("%s: far constants %s hold this package's literals", law, show(far))
		}
	}
}

// A bug confined to one value that only the file names is caught at the
// default number of cases, on both engines, for every seed, and shrunk to
// exactly that value: an integer (the one_bad_constant fixture) and a
// string over a large alphabet.
func TestBugAtOneConstantIsCaught(t *testing.T) {
	o, err := Load(filepath.Join(fixtureDir, "lawless/one_bad_constant.json"))
	if err != nil {
		t.Fatal(err)
	}
	strs, err := Parse("strings.json", []byte(`{"name": "cafe", "sorts": {"s": {"kind": "string", "alphabet": "abcdefgh", "max_len": 8}},
	  "operations": {"cat": {"arity": 2, "expr": "x == \"cafe\" ? y : x + y", "identity": ""}},
	  "laws": [{"law": "right_identity", "op": "cat"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		law    *Law
		minima []string
	}{
		{o.Law("add.right_identity"), []string{"x=7777"}},
		{o.Law("add.commutativity"), []string{"x=0 y=7777", "x=7777 y=0"}},
		{strs.Law("cat.right_identity"), []string{`x="cafe"`}},
	}
	seeds := 20
	if testing.Short() {
		seeds = 5
	}
	for _, c := range cases {
		for _, engine := range []laws.Engine{laws.Rapid, laws.Gopter} {
			for seed := 1; seed <= seeds; seed++ {
				r, err := c.law.Check(Config{Engine: engine, Seed: uint64(seed), Checks: 100}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if r.Status != laws.Failed || !slices.Contains(c.minima, bindingsText(r.Counterexample)) {
					t.Errorf("%s on %s, seed %d: %s, want failed at one of %q\n%s", c.law.Name, engine, seed, r.Status, c.minima, r.Report())
				}
			}
		}
	}
}
