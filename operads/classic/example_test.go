package classic_test

import (
	"fmt"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/classic"
)

// Partial composition in End(int): f ∘₂ g plugs g into the second input of
// f; the operad laws are checked on generated functions with extensional
// equality.
func ExampleEnd() {
	f := classic.MustFn(2, "add(x1, mul(x2, 10))")
	g := classic.MustFn(2, "neg(add(x1, x2))")
	fg, _ := classic.End{}.Compose(f, 2, g)
	v, _ := fg.Call([]int{1, 2, 3})
	fmt.Println(fg, "at (1, 2, 3) =", v)

	results, _ := laws.RunInstance("end_int", laws.Options{Seed: 1},
		laws.SymmetricOperadLaws[classic.Fn](classic.End{}, classic.Fns(3), classic.FnEq()))
	for _, r := range results {
		fmt.Println(r.Law, r.Status)
	}
	// Output:
	// fn/3 add(x1, mul(neg(add(x2, x3)), 10)) at (1, 2, 3) = -49
	// left_unit passed
	// right_unit passed
	// sequential_associativity passed
	// parallel_associativity passed
	// action_identity passed
	// action_composition passed
	// equivariance_left passed
	// equivariance_right passed
}
