package laws_test

import (
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// A planted bug: evaluating x·(v·y) is off by one when v is a constant
// above 500. The smallest term that shows it has 5 nodes:
// mul(0, mul(501, 0)).
var (
	mulSig   = term.MustSignature(term.Operation{Name: "mul", Arity: term.Fixed(2)})
	mulTerms = term.Generator(mulSig, term.Leaves{"": term.ConstantsFrom(generators.IntRange(0, 1000))},
		term.Budget{Nodes: 21, Depth: 7}, "")
)

func evalMul(t *term.Term, buggy bool) int {
	if t.Kind() == term.Const {
		return t.Value().(int)
	}
	x, r := t.Arg(0), t.Arg(1)
	v := evalMul(x, buggy) + evalMul(r, buggy)
	if buggy && r.Kind() == term.App && r.Arg(0).Kind() == term.Const && r.Arg(0).Value().(int) > 500 {
		v++
	}
	return v
}

var plantedBug = laws.NewLawSet("Evaluator", nil, laws.Equation("agrees_with_reference", "eval(t) = reference(t)", intEq,
	func(d *laws.Draws) (int, int) {
		t := laws.Draw(d, "t", mulTerms)
		return evalMul(t, true), evalMul(t, false)
	}))

func TestTermShrinkingReachesTheMinimalTerm(t *testing.T) {
	const want = "mul(0, mul(501, 0))"
	for _, e := range engines {
		reached, alone := 0, 0
		for seed := uint64(1); seed <= 20; seed++ {
			for _, post := range []bool{true, false} {
				rs, err := laws.RunInstance("planted", laws.Options{Engine: e, Seed: seed, Checks: 1000, NoPostShrink: !post}, plantedBug)
				if err != nil {
					t.Fatal(err)
				}
				r := rs[0]
				if r.Status != laws.Failed {
					t.Fatalf("%s seed %d: %s, want the planted bug found", e, seed, r.Report())
				}
				got := r.Counterexample.Bindings[0].Value.(*term.Term)
				if got.String() == want {
					if post {
						reached++
					} else {
						alone++
					}
				} else if post {
					t.Logf("%s seed %d: shrank to %s (%d nodes)", e, seed, got, got.Size())
				}
			}
		}
		t.Logf("%s: minimal term in %d of 20 seeds with term shrinking, %d of 20 with the engine alone", e, reached, alone)
		if reached < 20 {
			t.Errorf("%s: term shrinking reached %s in %d of 20 seeds, want all 20", e, want, reached)
		}
	}
}
