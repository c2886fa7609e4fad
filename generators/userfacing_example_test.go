package generators_test

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
)

// Make builds plain structs field by field; Field gives one field its own
// generator.
func ExampleMake() {
	type Order struct {
		ID   int
		Item string
		Qty  uint8
	}
	orders := generators.Make[Order](generators.Field("Item", generators.SampledFrom("tea", "cake")))
	o := orders.Draw(generators.Replay(nil)) // no choices: the simplest order
	fmt.Printf("%+v\n", o)
	// Output:
	// {ID:0 Item:tea Qty:0}
}

// Map2 builds a value from two independent parts, each shrunk on its own.
func ExampleMap2() {
	type Point struct{ X, Y int }
	points := generators.Map2(generators.IntRange(0, 9), generators.IntRange(0, 9), func(x, y int) Point { return Point{x, y} })
	p := points.Draw(generators.Replay(generators.Tape{3, 4}))
	fmt.Printf("%+v\n", p)
	// Output:
	// {X:3 Y:4}
}

// A custom generator draws every choice from the Source, so that both
// engines can shrink what it builds.
func ExampleCustom() {
	type Dice struct{ A, B int }
	dice := generators.Custom("Dice", func(s *generators.Source) Dice {
		return Dice{A: 1 + int(s.Choose(5)), B: 1 + int(s.Choose(5))}
	})
	fmt.Println(dice.Draw(generators.Replay(generators.Tape{0, 5})))
	// Output:
	// {1 6}
}
