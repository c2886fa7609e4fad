package laws_test

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// Register an instance with the law sets it must satisfy; CheckAll, called
// from a test named TestLaws, then checks it with every other registered
// instance:
//
//	func TestLaws(t *testing.T) { laws.CheckAll(t) }
//
// Outside `go test`, Run returns the same checks as structured results.
func ExampleRegister() {
	// A buggy "addition" that subtracts.
	laws.Register("example_int_subtraction",
		laws.SemigroupLaws(laws.SemigroupOf(func(x, y int) int { return x - y }), generators.Int(), laws.Eq[int]{}))

	results, err := laws.Run(laws.Options{Match: "^example_int_subtraction/", Seed: 42})
	if err != nil {
		panic(err)
	}
	for _, r := range results {
		c := r.Counterexample
		fmt.Printf("%s/%s: %s\n", r.Instance, r.Law, r.Status)
		for _, b := range c.Bindings {
			fmt.Printf("  %s = %v\n", b.Name, b.Value)
		}
		fmt.Printf("  lhs = %v, rhs = %v\n", c.LHS, c.RHS)
	}
	// Output:
	// example_int_subtraction/associativity: failed
	//   x = 0
	//   y = 0
	//   z = 1
	//   lhs = -1, rhs = 1
}

// RunInstance checks an instance without registering it, here on both
// engines: the same generators, the same minimal counterexample.
func ExampleRunInstance() {
	avg := laws.SemigroupOf(func(x, y int) int { return (x + y) / 2 })
	for _, engine := range []laws.Engine{laws.Rapid, laws.Gopter} {
		results, _ := laws.RunInstance("int_average", laws.Options{Engine: engine, Seed: 1},
			laws.SemilatticeLaws(avg, generators.IntRange(-100, 100), laws.Comparable[int]()))
		for _, r := range results {
			fmt.Printf("%s %s: %s", engine, r.Law, r.Status)
			if r.Status == laws.Failed {
				fmt.Printf(" with lhs %v, rhs %v", r.Counterexample.LHS, r.Counterexample.RHS)
			}
			fmt.Println()
		}
	}
	// Output:
	// rapid associativity: failed with lhs 1, rhs 0
	// rapid idempotence: passed
	// rapid commutativity: passed
	// gopter associativity: failed with lhs 1, rhs 0
	// gopter idempotence: passed
	// gopter commutativity: passed
}

// A theory written in the kgents law syntax, interpreted in an algebra: int
// with mul as subtraction breaks both laws.
func ExampleTheoryLaws() {
	sig := term.MustSignature(term.Operation{Name: "mul", Arity: term.Fixed(2)}, term.Operation{Name: "e", Arity: term.Fixed(0)})
	monoid := laws.MustTheory("Monoid", sig,
		"associativity: mul(mul(x, y), z) = mul(x, mul(y, z))",
		"left_identity: mul(e(), x) = x")
	subtraction := laws.Algebra[int]{Ops: map[string]func([]int) (int, error){
		"mul": func(a []int) (int, error) { return a[0] - a[1], nil },
		"e":   func([]int) (int, error) { return 0, nil },
	}}
	set, err := laws.TheoryLaws(monoid, subtraction, map[string]generators.Gen[int]{"": generators.Int()}, laws.Comparable[int]())
	if err != nil {
		panic(err)
	}
	results, _ := laws.RunInstance("int_subtraction", laws.Options{Seed: 5}, set)
	for _, r := range results {
		fmt.Printf("%s: %s, %s\n", r.Law, r.Status, r.Equation)
		for _, b := range r.Counterexample.Bindings {
			fmt.Printf("  %s = %v\n", b.Name, b.Value)
		}
	}
	// Output:
	// associativity: failed, mul(mul(x, y), z) = mul(x, mul(y, z))
	//   x = 0
	//   y = 0
	//   z = 1
	// left_identity: failed, mul(e(), x) = x
	//   x = 1
}

// A law that does not apply to an instance is dropped with Without: the
// strict identity laws do not hold for addition with a saturating bound,
// but associativity and commutativity still must.
func ExampleLawSet_Without() {
	saturating := laws.MonoidOf(0, func(x, y int) int { return min(x+y, 100) })
	set := laws.CommutativeMonoidLaws(saturating, generators.IntRange(0, 1000), laws.Comparable[int]()).
		Without("left_identity", "right_identity")
	results, _ := laws.RunInstance("saturating_addition", laws.Options{Seed: 1}, set)
	for _, r := range results {
		fmt.Println(r.Law, r.Status)
	}
	// Output:
	// associativity passed
	// commutativity passed
}
