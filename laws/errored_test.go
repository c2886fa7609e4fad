package laws_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func runOne(t *testing.T, e laws.Engine, name string, set laws.LawSet) laws.Result {
	t.Helper()
	rs, err := laws.RunInstance(name, laws.Options{Engine: e, Checks: 200}, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d results, want 1", len(rs))
	}
	return rs[0]
}

// An instance that panics is Errored, with the panic message, the place
// and the (shrunk) case that made it panic; never Passed.
func TestPanickingInstanceIsErrored(t *testing.T) {
	double := func(x int) int {
		if x > 10 {
			panic("double: x too large")
		}
		return 2 * x
	}
	set := laws.NewLawSet("Doubling", nil, laws.Equation("double", "double(x) = x+x", intEq, func(d *laws.Draws) (int, int) {
		x := laws.Draw(d, "x", ints)
		return double(x), x + x
	}))
	for _, e := range engines {
		r := runOne(t, e, "panicky", set)
		if r.Status != laws.Errored {
			t.Fatalf("%s: status %s, want errored", e, r.Status)
		}
		c := r.Counterexample
		if c == nil || !contains(c.Message, "double: x too large") || !contains(c.PanicSite, "errored_test.go") {
			t.Fatalf("%s: counterexample %+v lacks the panic message or site", e, c)
		}
		if x := bindingValues(c)["x"]; x != 11 {
			t.Errorf("%s: panicking case x = %v, want the minimal 11", e, x)
		}
		if !contains(r.Report(), "ERRORED") {
			t.Errorf("%s: report does not say errored:\n%s", e, r.Report())
		}
	}
}

// An equality that panics is Errored too.
func TestPanickingEqualityIsErrored(t *testing.T) {
	bad := laws.EqFunc("broken", func(a, b int) bool { panic(errors.New("eq exploded")) })
	set := laws.MonoidLaws(laws.MonoidOf(0, add), ints, bad)
	for _, e := range engines {
		rs, err := laws.RunInstance("bad_eq", laws.Options{Engine: e}, set)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Status != laws.Errored || !contains(r.Counterexample.Message, "eq exploded") {
				t.Errorf("%s %s: %s, want errored with the panic", e, r.Law, r.Status)
			}
		}
	}
}

// cmp.Equal panics on unexported fields: that broken contract is an
// Errored law, not a pass.
func TestCmpOnUnexportedFieldsIsErrored(t *testing.T) {
	type opaque struct{ n int }
	g := generators.Map(small, func(n int) opaque { return opaque{n} })
	set := laws.SemigroupLaws(laws.SemigroupOf(func(a, b opaque) opaque { return opaque{a.n + b.n} }), g, laws.Eq[opaque]{})
	for _, e := range engines {
		if r := runOne(t, e, "opaque", set); r.Status != laws.Errored {
			t.Errorf("%s: %s, want errored", e, r.Status)
		}
	}
}

// A filter that rejects everything is reported as Errored with the
// filter's own explanation, in Result.Message (where running out of cases
// puts its own), with no counterexample: there is no case to show.
func TestTooStrictFilterIsErrored(t *testing.T) {
	never := small.Filter(func(int) bool { return false })
	set := laws.SemigroupLaws(laws.SemigroupOf(add), never, intEq)
	for _, e := range engines {
		r := runOne(t, e, "never", set)
		if r.Status != laws.Errored || r.Counterexample != nil || !contains(r.Message, "rejects too much") {
			t.Errorf("%s: %s %q %+v, want errored: filter rejects too much, in Message", e, r.Status, r.Message, r.Counterexample)
		}
	}
}

// A law that discards every case did not check anything: Errored.
func TestAllDiscardedIsErrored(t *testing.T) {
	set := laws.NewLawSet("Vacuous", nil, laws.Property("never_applies", "⊥ ⇒ anything", func(d *laws.Draws) error {
		laws.Draw(d, "x", small)
		d.Discard("does not apply")
		return nil
	}))
	for _, e := range engines {
		r := runOne(t, e, "vacuous", set)
		if r.Status != laws.Errored || !contains(r.Message, "discarded") {
			t.Errorf("%s: %s %q, want errored for too many discards", e, r.Status, r.Message)
		}
	}
}

// Some discards are fine; they are counted.
func TestDiscardsAreCounted(t *testing.T) {
	set := laws.NewLawSet("Partial", nil, laws.Property("even_only", "x even ⇒ x+x even", func(d *laws.Draws) error {
		x := laws.Draw(d, "x", small)
		if x%2 != 0 {
			d.Discard("odd")
		}
		if (x+x)%2 != 0 {
			return errors.New("x+x is odd")
		}
		return nil
	}))
	for _, e := range engines {
		r := runOne(t, e, "evens", set)
		if r.Status != laws.Passed || r.Discarded == 0 {
			t.Errorf("%s: %s with %d discarded, want a pass with discards counted", e, r.Status, r.Discarded)
		}
	}
}

// A partial equation holds when both sides are undefined or both are
// defined and equal, and fails when only one side is defined.
func TestPartialEquation(t *testing.T) {
	errUndefined := errors.New("undefined")
	div := func(x, y int) laws.Side[int] {
		if y == 0 {
			return laws.SideOf(0, errUndefined)
		}
		return laws.SideOf(x/y, nil)
	}
	good := laws.NewLawSet("Division", nil, laws.PartialEquation("div_by_one", "x/1 = x", intEq,
		func(d *laws.Draws) (laws.Side[int], laws.Side[int]) {
			x := laws.Draw(d, "x", small)
			return div(x, 1), laws.SideOf(x, nil)
		}))
	bad := laws.NewLawSet("Division", nil, laws.PartialEquation("div_self", "x/x = 1", intEq,
		func(d *laws.Draws) (laws.Side[int], laws.Side[int]) {
			x := laws.Draw(d, "x", small)
			return div(x, x), laws.SideOf(1, nil)
		}))
	for _, e := range engines {
		if r := runOne(t, e, "div", good); r.Status != laws.Passed {
			t.Errorf("%s: %s", e, r.Report())
		}
		r := runOne(t, e, "div", bad)
		if r.Status != laws.Failed || !contains(r.Counterexample.Message, "one side is undefined") ||
			bindingValues(r.Counterexample)["x"] != 0 {
			t.Errorf("%s: %s", e, r.Report())
		}
	}
}
