package jsonoperad

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kgents/kgents-core/laws"
)

// simplicity is the documented order of a sort's values, written
// independently of Sort.Values: a key to compare lexicographically.
// Integers by distance from the value of the range nearest 0, the larger
// one first at a distance; false before true; enum values as written;
// strings and lists shortest first, then element by element (a string's
// runes in the order of its alphabet); pairs by first then second
// component.
func simplicity(s *Sort, v any) []int {
	switch s.Kind {
	case "int":
		x, t := int64(v.(int)), int64(0)
		if s.min > 0 {
			t = s.min
		} else if s.max < 0 {
			t = s.max
		}
		d := x - t
		if d > 0 {
			return []int{int(2*d - 1)}
		}
		return []int{int(-2 * d)}
	case "bool":
		if v.(bool) {
			return []int{1}
		}
		return []int{0}
	case "enum":
		return []int{slices.Index(s.values, v)}
	case "string":
		key := []int{utf8.RuneCountInString(v.(string))}
		for _, r := range v.(string) {
			key = append(key, slices.Index(s.alphabet, r))
		}
		return key
	case "list":
		key := []int{len(v.(List))}
		for _, e := range v.(List) {
			key = append(key, simplicity(s.elem[0], e)...)
		}
		return key
	case "pair":
		p := v.(List)
		return append(simplicity(s.elem[0], p[0]), simplicity(s.elem[1], p[1])...)
	}
	panic("no order for sort " + s.Kind)
}

// caseKey is the order of cases: by the first variable, then the second...
func caseKey(l *Law, vals []any) []int {
	var key []int
	for i, v := range l.Vars {
		key = append(key, simplicity(v.Sort, vals[i])...)
	}
	return key
}

// Every finite sort lists each of its values once, in the documented
// order, smallest first.
func TestValuesAreInTheDocumentedOrder(t *testing.T) {
	o, err := Parse("sorts.json", []byte(`{"name": "sorts",
	  "sorts": {
	    "around0": {"kind": "int", "min": -3, "max": 4}, "above0": {"kind": "int", "min": 2, "max": 6}, "below0": {"kind": "int", "min": -9, "max": -5},
	    "b": {"kind": "bool"}, "e": {"kind": "enum", "values": ["z", "y", "x"]},
	    "s": {"kind": "string", "alphabet": "cab", "min_len": 1, "max_len": 3},
	    "l": {"kind": "list", "of": "b", "max_len": 3},
	    "p": {"kind": "pair", "of": ["above0", "e"]}
	  },
	  "operations": {"f": {"args": ["around0"], "result": "around0", "expr": "x"}},
	  "laws": [{"name": "l", "equation": "f(x) = x"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"around0", "above0", "below0", "b", "e", "s", "l", "p"} {
		s := o.Sort(name)
		vals := s.Values(1 << 20)
		if int64(len(vals)) != s.Size().Int64() {
			t.Errorf("sort %s: %d values, size %v", name, len(vals), s.Size())
		}
		for i := 1; i < len(vals); i++ {
			if slices.Compare(simplicity(s, vals[i-1]), simplicity(s, vals[i])) >= 0 {
				t.Errorf("sort %s: %s comes before %s, which is simpler or equal", name, formatValue(vals[i-1]), formatValue(vals[i]))
			}
		}
	}
	if got := fmt.Sprint(o.Sort("around0").Values(100)); got != "[0 1 -1 2 -2 3 -3 4]" {
		t.Errorf("around0 in order %s", got)
	}
	if got := fmt.Sprint(o.Sort("below0").Values(100)); got != "[-5 -6 -7 -8 -9]" {
		t.Errorf("below0 in order %s", got)
	}
}

// randomTable is a total table of a binary operation over the values of
// a sort, each result drawn at random, with a bias towards being lawful
// so that failures are rare and lie anywhere in the space.
func randomTable(rng *rand.Rand, vals []string) string {
	var rows []string
	for i, x := range vals {
		for j, y := range vals {
			r := vals[max(i, j)] // max: associative, commutative, idempotent
			if rng.IntN(12) == 0 {
				r = vals[rng.IntN(len(vals))]
			}
			rows = append(rows, fmt.Sprintf("[%s, %s, %s]", x, y, r))
		}
	}
	return "[" + strings.Join(rows, ", ") + "]"
}

// The first failure of an enumeration is the minimum of all failing cases
// in the documented order: for random tables over integers and strings,
// every case is evaluated (in reverse order), the smallest failing one by
// the independent order above is computed, and the proof must report
// exactly that one. The engines, with proof off, never shrink to a
// smaller case, and often reach the same one.
func TestEnumerationGivesTheMinimum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sorts := map[string]struct {
		decl string
		vals []string
	}{
		"int": {`{"kind": "int", "min": -2, "max": 2}`, []string{"0", "1", "-1", "2", "-2"}},
		"str": {`{"kind": "string", "alphabet": "ba", "max_len": 1}`, []string{`""`, `"b"`, `"a"`}},
	}
	tables, failures, engineRuns, engineSame := 150, 0, 0, 0
	if testing.Short() {
		tables = 40
	}
	for i := range tables {
		kind := []string{"int", "str"}[i%2]
		so := sorts[kind]
		// The values are listed in a shuffled order, so that the table's
		// order says nothing about the enumeration's.
		shuffled := slices.Clone(so.vals)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		src := fmt.Sprintf(`{"name": "random_%d", "sorts": {"v": %s},
		  "operations": {"f": {"arity": 2, "table": %s}},
		  "laws": [{"law": "associativity", "op": "f"}, {"law": "commutativity", "op": "f"}, {"law": "idempotence", "op": "f"},
		           {"name": "mixed", "equation": "f(x, f(y, x)) = f(f(x, y), x)"}]}`, i, so.decl, randomTable(rng, shuffled))
		o, err := Parse("random.json", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range o.Laws {
			domains := make([][]any, len(l.Vars))
			for j, v := range l.Vars {
				domains[j] = v.Sort.Values(1000)
				slices.Reverse(domains[j])
			}
			var smallest []any
			eq := l.eq()
			var ev evaluator
			forEachTuple(domains, func(tuple []any) bool {
				if _, kind := l.evalCase(&ev, tuple, eq); kind == caseFails {
					if smallest == nil || slices.Compare(caseKey(l, tuple), caseKey(l, smallest)) < 0 {
						smallest = slices.Clone(tuple)
					}
				}
				return true
			})
			r, err := l.Check(Config{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if smallest == nil {
				if r.Status != laws.Proved {
					t.Errorf("%s %s: no case fails, but %s", o.Name, l.Name, r.Report())
				}
				continue
			}
			failures++
			want := bindingsOf(l, smallest)
			if r.Status != laws.Failed || r.Engine != "exhaustive" || bindingsText(r.Counterexample) != want || r.Counterexample.Shrink.By != laws.ShrinkByEnumeration {
				t.Errorf("%s %s (table %s): smallest failing case %s, enumeration reports\n%s", o.Name, l.Name, src, want, r.Report())
				continue
			}
			if i%5 != 0 {
				continue
			}
			// The engines' shrinkers reach a local minimum: never smaller.
			engineRuns++
			e, err := l.Check(Config{ExhaustiveLimit: -1, Seed: uint64(i + 1), Engine: []laws.Engine{laws.Rapid, laws.Gopter}[i/5%2]}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if e.Status != laws.Failed {
				continue // 100 random cases may miss a rare failure
			}
			got := make([]any, len(e.Counterexample.Bindings))
			for j, b := range e.Counterexample.Bindings {
				got[j] = b.Value
			}
			switch c := slices.Compare(caseKey(l, got), caseKey(l, smallest)); {
			case c < 0:
				t.Errorf("%s %s: %s shrank to %s, smaller than the enumeration's %s", o.Name, l.Name, e.Engine, bindingsText(e.Counterexample), want)
			case c == 0:
				engineSame++
			}
		}
	}
	if failures < tables/2 {
		t.Errorf("only %d failing laws in %d random tables: the test checks too little", failures, tables)
	}
	t.Logf("%d failing laws, each reported at its minimum; the engines reached the same case in %d of %d runs", failures, engineSame, engineRuns)
}

func bindingsOf(l *Law, vals []any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = l.Vars[i].Name + "=" + laws.FormatValue(v)
	}
	return strings.Join(parts, " ")
}
