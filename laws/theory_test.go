package laws_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

var (
	boolSig = term.MustSignature(
		term.Operation{Name: "and", Arity: term.Fixed(2)},
		term.Operation{Name: "or", Arity: term.Fixed(2)},
		term.Operation{Name: "not", Arity: term.Fixed(1)},
		term.Operation{Name: "top", Arity: term.Fixed(0)},
		term.Operation{Name: "bot", Arity: term.Fixed(0)},
	)
	booleanAlgebra = laws.MustTheory("BooleanAlgebra", boolSig,
		"and_commutativity: and(x, y) = and(y, x)",
		"or_associativity: or(or(x, y), z) = or(x, or(y, z))",
		"absorption: and(x, or(x, y)) = x",
		"distributivity: and(x, or(y, z)) = or(and(x, y), and(x, z))",
		"de_morgan: not(and(x, y)) = or(not(x), not(y))",
		"double_negation: not(not(x)) = x",
		"complement: and(x, not(x)) = bot()",
		"top_identity: and(top(), x) = x",
	)
)

func boolAlgebra(not func(bool) bool) laws.Algebra[bool] {
	return laws.Algebra[bool]{Ops: map[string]func([]bool) (bool, error){
		"and": func(a []bool) (bool, error) { return a[0] && a[1], nil },
		"or":  func(a []bool) (bool, error) { return a[0] || a[1], nil },
		"not": func(a []bool) (bool, error) { return not(a[0]), nil },
		"top": func([]bool) (bool, error) { return true, nil },
		"bot": func([]bool) (bool, error) { return false, nil },
	}}
}

func failedLaws(t *testing.T, e laws.Engine, name string, set laws.LawSet) []string {
	t.Helper()
	rs, err := laws.RunInstance(name, laws.Options{Engine: e, Checks: 300}, set)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, r := range rs {
		if r.Status == laws.Errored {
			t.Errorf("%s/%s errored:\n%s", name, r.Law, r.Report())
		}
		if r.Status == laws.Failed {
			failed = append(failed, r.Law)
		}
	}
	return failed
}

func TestTheoryLawfulAndLawlessInterpretations(t *testing.T) {
	vars := map[string]generators.Gen[bool]{"": bools}
	good, err := laws.TheoryLaws(booleanAlgebra, boolAlgebra(func(x bool) bool { return !x }), vars, boolEq)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := laws.TheoryLaws(booleanAlgebra, boolAlgebra(func(x bool) bool { return x }), vars, boolEq)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range engines {
		if f := failedLaws(t, e, "bool", good); len(f) != 0 {
			t.Errorf("%s: the boolean algebra fails %v", e, f)
		}
		// not = identity keeps double negation but breaks De Morgan and
		// complement.
		if f := failedLaws(t, e, "bool_with_identity_as_not", bad); !slices.Equal(f, []string{"de_morgan", "complement"}) {
			t.Errorf("%s: identity-as-not fails %v, want [de_morgan complement]", e, f)
		}
	}
}

var errDivZero = errors.New("division by zero")

func intAlgebra() laws.Algebra[int] {
	return laws.Algebra[int]{
		Ops: map[string]func([]int) (int, error){
			"div": func(a []int) (int, error) {
				if a[1] == 0 {
					return 0, errDivZero
				}
				return a[0] / a[1], nil
			},
			"mul": func(a []int) (int, error) { return a[0] * a[1], nil },
		},
		Constant: func(c any) (int, error) { return int(c.(int64)), nil },
	}
}

var divSig = term.MustSignature(term.Operation{Name: "div", Arity: term.Fixed(2)}, term.Operation{Name: "mul", Arity: term.Fixed(2)})

// Undefined on both sides is a discard, counted; undefined on one side
// only is a failure.
func TestTheoryWithPartialOperations(t *testing.T) {
	th := laws.MustTheory("Division", divSig,
		"scaling: div(x, y) = div(mul(x, 2), mul(y, 2))",
		"self_division: div(x, x) = 1",
	)
	set, err := laws.TheoryLaws(th, intAlgebra(), map[string]generators.Gen[int]{"": generators.IntRange(-5, 5)}, intEq)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range engines {
		rs, _ := laws.RunInstance("int_division", laws.Options{Engine: e}, set)
		if rs[0].Status != laws.Passed || rs[0].Discarded == 0 {
			t.Errorf("%s: scaling: %s with %d discarded, want a pass with the y = 0 cases discarded", e, rs[0].Status, rs[0].Discarded)
		}
		c := rs[1].Counterexample
		if rs[1].Status != laws.Failed || c == nil || !strings.Contains(c.Message, "one side is undefined") ||
			bindingValues(c)["x"] != 0 || !strings.Contains(laws.FormatValue(c.LHS), "division by zero") {
			t.Errorf("%s: self_division:\n%s", e, rs[1].Report())
		}
	}
}

func TestTheoryLawsRejectsBadTheories(t *testing.T) {
	vars := map[string]generators.Gen[int]{"": small}
	for _, c := range []struct {
		eq, want string
		vars     map[string]generators.Gen[int]
	}{
		{"bad: frob(x) = x", `unknown operation "frob"`, vars},
		{"bad: div(x) = x", "div takes 2 arguments, not 1", vars},
		{"bad: div(x, y) = x", "no generator for variable x", map[string]generators.Gen[int]{"other": small}},
	} {
		_, err := laws.TheoryLaws(laws.MustTheory("T", divSig, c.eq), intAlgebra(), c.vars, intEq)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "equation bad") {
			t.Errorf("%s: error %v, want one naming the equation and %q", c.eq, err, c.want)
		}
	}
	noMul := laws.Algebra[int]{Ops: map[string]func([]int) (int, error){"div": intAlgebra().Ops["div"]}}
	if _, err := laws.TheoryLaws(laws.MustTheory("T", divSig, "m: mul(x, x) = x"), noMul, vars, intEq); err == nil || !strings.Contains(err.Error(), "mul has no interpretation") {
		t.Errorf("missing interpretation: %v", err)
	}
}
