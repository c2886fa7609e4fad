package generators_test

import (
	"fmt"
	"math/rand"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"

	"github.com/kgents/kgents-core/generators"
)

// One generator definition, run by rapid and by gopter. The property
// "every even number below 2,000,000 is below 1000" is false; both engines
// shrink the counterexample through Map to the smallest one, 1000.
func Example_bothEngines() {
	evens := generators.Map(generators.IntRange(0, 1_000_000), func(x int) int { return 2 * x })
	holds := func(v int) bool { return v < 1000 }

	// rapid: draw with generators.Rapid(evens).Draw(t, "v") in a property.
	v, _ := rapidMinimal(evens, func(v int) bool { return !holds(v) })
	fmt.Println("rapid shrinks to", v)

	// gopter: pass generators.Gopter(evens) to prop.ForAll.
	params := gopter.DefaultTestParametersWithSeed(1)
	params.Rng = rand.New(gopter.NewLockedSource(1))
	res := prop.ForAll(holds, generators.Gopter(evens)).Check(params)
	fmt.Println("gopter shrinks to", res.Args[0].Arg)
	// Output:
	// rapid shrinks to 1000
	// gopter shrinks to 1000
}

// Example draws a deterministic sample, for documentation and debugging.
func ExampleGen_Example() {
	pairs := generators.Bind(generators.IntRange(1, 3), func(n int) generators.Gen[[]string] {
		return generators.SliceOfN(generators.StringOfN("ab", 1, 2), n, n)
	})
	fmt.Println(pairs.Example(7))
	// Output: [a a b]
}
