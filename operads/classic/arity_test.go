package classic_test

import (
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/classic"
)

// End gives the laws Fns restricted to arities n and more, drawing only
// functions of those arities; for generators it does not know, and for
// arities Fns(maxArity) does not reach, it declines.
func TestOperationsOfArityAtLeast(t *testing.T) {
	var _ laws.ArityGenerators[classic.Fn] = classic.End{}
	fns := classic.Fns(3)
	if classic.Fns(3) != fns {
		t.Fatal("Fns(3) made a new generator for the same maxArity")
	}
	for n := 0; n <= 3; n++ {
		g, ok := classic.End{}.OperationsOfArityAtLeast(fns, n)
		if !ok {
			t.Fatalf("n=%d: declined Fns(3)", n)
		}
		seen := map[int]bool{}
		for seed := uint64(1); seed <= 300; seed++ {
			f := g.Example(seed)
			if f.Arity() < n || f.Arity() > 3 {
				t.Fatalf("n=%d: drew %s", n, f)
			}
			seen[f.Arity()] = true
		}
		for a := n; a <= 3; a++ {
			if !seen[a] {
				t.Errorf("n=%d: no function of arity %d in 300 draws", n, a)
			}
		}
	}
	if _, ok := (classic.End{}).OperationsOfArityAtLeast(fns, 4); ok {
		t.Error("accepted arity 4 from Fns(3)")
	}
	other := generators.Map(generators.IntRange(1, 2), func(int) classic.Fn { return classic.End{}.Identity() })
	if _, ok := (classic.End{}).OperationsOfArityAtLeast(other, 1); ok {
		t.Error("accepted a generator Fns did not make")
	}
}

// Functions of arity 0 only cannot check the laws that need an input:
// those laws error with *laws.ArityError, never pass, even though End
// knows the generator. (rapid shrinks the errored case, retrying the
// filter at each step, which takes seconds: it runs one law, and not
// under -short.)
func TestFnsOfArityZeroErrors(t *testing.T) {
	set := laws.OperadLaws[classic.Fn](classic.End{}, classic.Fns(0), classic.FnEq())
	for _, c := range []struct {
		e     laws.Engine
		match string
		laws  int
	}{{laws.Gopter, "right_unit|associativity", 3}, {laws.Rapid, "sequential_associativity", 1}} {
		e := c.e
		if e == laws.Rapid && testing.Short() {
			continue
		}
		rs, err := laws.RunInstance("end_int_constants", laws.Options{Engine: e, Seed: 1, Match: c.match}, set)
		if err != nil {
			t.Fatal(err)
		}
		needy := 0
		for _, r := range rs {
			needy++
			msg := r.Message
			if r.Counterexample != nil {
				msg += r.Counterexample.Message
			}
			if r.Status != laws.Errored || !strings.Contains(msg, "the operad laws need operations of arity at least") {
				t.Errorf("%s: %s", e, r.Report())
			}
		}
		if needy != c.laws {
			t.Errorf("%s: %d laws needing inputs, want %d", e, needy, c.laws)
		}
	}
}
