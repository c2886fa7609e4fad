package builtin

import (
	"math"
	"slices"
	"strings"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// Set is a finite set of strings.
type Set = map[string]struct{}

// Union returns the union of two sets.
func Union(a, b Set) Set {
	out := make(Set, len(a)+len(b))
	for k := range a {
		out[k] = struct{}{}
	}
	for k := range b {
		out[k] = struct{}{}
	}
	return out
}

// Intersection returns the intersection of two sets.
func Intersection(a, b Set) Set {
	out := Set{}
	for k := range a {
		if _, ok := b[k]; ok {
			out[k] = struct{}{}
		}
	}
	return out
}

// Generators of the carriers, exported for tests and examples elsewhere.
var (
	// Ints generates every int, shrinking towards 0.
	Ints = generators.Int()
	// Bools generates booleans.
	Bools = generators.Bool()
	// Strings generates short strings over a small alphabet, so that
	// repetitions and common prefixes are frequent.
	Strings = generators.StringOfN("abc", 0, 8)
	// Sets generates small sets over a small universe, so that unions and
	// intersections overlap.
	Sets = generators.SetOfN(generators.StringOfN("ab", 1, 2), 0, 5)
)

func init() {
	add := func(x, y int) int { return x + y }
	mul := func(x, y int) int { return x * y }
	ints := laws.Comparable[int]()

	laws.Register("int_equality", laws.EqLaws(ints, Ints, nil))
	laws.Register("int_addition",
		laws.GroupLaws(laws.GroupOf(0, add, func(x int) int { return -x }), Ints, ints),
		laws.CommutativeMonoidLaws(laws.MonoidOf(0, add), Ints, ints))
	laws.Register("int_multiplication", laws.CommutativeMonoidLaws(laws.MonoidOf(1, mul), Ints, ints))
	laws.Register("int_semiring", laws.SemiringLaws(laws.SemiringOf(0, 1, add, mul), Ints, ints))
	laws.Register("int_max", laws.BoundedSemilatticeLaws(laws.MonoidOf(math.MinInt, func(x, y int) int { return max(x, y) }), Ints, ints))
	laws.Register("int_min", laws.BoundedSemilatticeLaws(laws.MonoidOf(math.MaxInt, func(x, y int) int { return min(x, y) }), Ints, ints))
	laws.Register("int_max_min_semiring", laws.SemiringLaws(laws.SemiringOf(math.MinInt, math.MaxInt,
		func(x, y int) int { return max(x, y) }, func(x, y int) int { return min(x, y) }), Ints, ints))

	bools := laws.Comparable[bool]()
	and := func(x, y bool) bool { return x && y }
	or := func(x, y bool) bool { return x || y }
	xor := func(x, y bool) bool { return x != y }
	laws.Register("bool_and", laws.BoundedSemilatticeLaws(laws.MonoidOf(true, and), Bools, bools))
	laws.Register("bool_or", laws.BoundedSemilatticeLaws(laws.MonoidOf(false, or), Bools, bools))
	laws.Register("bool_xor",
		laws.GroupLaws(laws.GroupOf(false, xor, func(x bool) bool { return x }), Bools, bools),
		laws.CommutativeMonoidLaws(laws.MonoidOf(false, xor), Bools, bools))
	laws.Register("bool_semiring", laws.SemiringLaws(laws.SemiringOf(false, true, or, and), Bools, bools))

	strs := laws.Comparable[string]()
	concat := laws.MonoidOf("", func(x, y string) string { return x + y })
	laws.Register("string_equality", laws.EqLaws(strs, Strings, nil))
	laws.Register("string_concatenation", laws.MonoidLaws(concat, Strings, strs))
	laws.Register("string_length", laws.MonoidMorphismLaws(func(s string) int { return len(s) },
		concat, laws.MonoidOf(0, add), Strings, ints))
	laws.Register("string_to_upper", laws.MonoidMorphismLaws(strings.ToUpper, concat, concat, Strings, strs))

	sets := laws.DefaultEq[Set]()
	laws.Register("set_union", laws.BoundedSemilatticeLaws(laws.MonoidOf(Set{}, Union), Sets, sets))
	laws.Register("set_intersection", laws.SemilatticeLaws(laws.SemigroupOf(Intersection), Sets, sets))

	// Slices compared as multisets: equal up to reordering. The equivalent
	// of a slice is a permutation of it, so symmetry and transitivity are
	// checked on pairs that really are equal.
	bags := laws.DefaultEq[[]int](cmpopts.SortSlices(func(a, b int) bool { return a < b }), cmpopts.EquateEmpty())
	laws.Register("int_bag_equality", laws.EqLaws(bags, generators.SliceOfN(generators.IntRange(-3, 3), 0, 6),
		func(x []int) generators.Gen[[]int] { return permutations(x) }))
}

// permutations generates the permutations of xs, shrinking towards xs.
func permutations(xs []int) generators.Gen[[]int] {
	return generators.Custom("Permutation", func(s *generators.Source) []int {
		out := slices.Clone(xs)
		for i := len(out) - 1; i > 0; i-- {
			j := int(s.Choose(uint64(i)))
			out[i], out[i-j] = out[i-j], out[i]
		}
		return out
	})
}
