package laws_test

import (
	"math"
	"slices"
	"strings"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// The instances the self-tests use: lawful ones that every shipped law set
// must pass, and lawless ones that each law must catch.

var (
	ints    = generators.Int()
	small   = generators.IntRange(-20, 20)
	bools   = generators.Bool()
	strs    = generators.StringOfN("ab", 0, 6)
	sets    = generators.SetOfN(generators.StringOfN("ab", 1, 2), 0, 5)
	intEq   = laws.Comparable[int]()
	boolEq  = laws.Comparable[bool]()
	strEq   = laws.Comparable[string]()
	setEq   = laws.DefaultEq[map[string]struct{}]()
	floatEq = laws.Comparable[float64]()
)

func add(x, y int) int          { return x + y }
func sub(x, y int) int          { return x - y }
func mul(x, y int) int          { return x * y }
func concat(x, y string) string { return x + y }

func union(a, b map[string]struct{}) map[string]struct{} {
	out := map[string]struct{}{}
	for k := range a {
		out[k] = struct{}{}
	}
	for k := range b {
		out[k] = struct{}{}
	}
	return out
}

func intersection(a, b map[string]struct{}) map[string]struct{} {
	out := map[string]struct{}{}
	for k := range a {
		if _, ok := b[k]; ok {
			out[k] = struct{}{}
		}
	}
	return out
}

var sortedSlices = generators.Map(generators.SliceOfN(generators.IntRange(0, 3), 0, 4), func(x []int) []int {
	slices.Sort(x)
	return x
})

// lawful lists, for every shipped law set, at least two instances that
// satisfy it.
var lawful = map[string][]struct {
	name string
	set  laws.LawSet
}{
	"Eq": {
		{"int_equality", laws.EqLaws(intEq, ints, nil)},
		{"string_equality", laws.EqLaws(strEq, strs, nil)},
		{"float_equality_without_nan", laws.EqLaws(floatEq, generators.Float64(generators.NoNaN()), nil)},
		{"bag_equality_up_to_order", laws.EqLaws(
			laws.DefaultEq[[]int](cmpopts.SortSlices(func(a, b int) bool { return a < b }), cmpopts.EquateEmpty()),
			generators.SliceOfN(generators.IntRange(-2, 2), 0, 5),
			func(x []int) generators.Gen[[]int] {
				return generators.Custom("reverse", func(*generators.Source) []int {
					r := slices.Clone(x)
					slices.Reverse(r)
					return r
				})
			})},
	},
	"Semigroup": {
		{"int_addition", laws.SemigroupLaws(laws.SemigroupOf(add), ints, intEq)},
		{"string_concatenation", laws.SemigroupLaws(laws.SemigroupOf(concat), strs, strEq)},
		{"left_zero", laws.SemigroupLaws(laws.SemigroupOf(func(x, y int) int { return x }), ints, intEq)},
	},
	"Monoid": {
		{"int_addition", laws.MonoidLaws(laws.MonoidOf(0, add), ints, intEq)},
		{"string_concatenation", laws.MonoidLaws(laws.MonoidOf("", concat), strs, strEq)},
		{"int_max", laws.MonoidLaws(laws.MonoidOf(math.MinInt, func(x, y int) int { return max(x, y) }), ints, intEq)},
	},
	"CommutativeMonoid": {
		{"int_addition", laws.CommutativeMonoidLaws(laws.MonoidOf(0, add), ints, intEq)},
		{"int_multiplication", laws.CommutativeMonoidLaws(laws.MonoidOf(1, mul), ints, intEq)},
		{"bool_or", laws.CommutativeMonoidLaws(laws.MonoidOf(false, func(x, y bool) bool { return x || y }), bools, boolEq)},
	},
	"Band": {
		{"int_max", laws.BandLaws(laws.SemigroupOf(func(x, y int) int { return max(x, y) }), ints, intEq)},
		{"left_zero", laws.BandLaws(laws.SemigroupOf(func(x, y int) int { return x }), ints, intEq)},
		{"set_union", laws.BandLaws(laws.SemigroupOf(union), sets, setEq)},
	},
	"Semilattice": {
		{"int_min", laws.SemilatticeLaws(laws.SemigroupOf(func(x, y int) int { return min(x, y) }), ints, intEq)},
		{"set_intersection", laws.SemilatticeLaws(laws.SemigroupOf(intersection), sets, setEq)},
	},
	"BoundedSemilattice": {
		{"int_max", laws.BoundedSemilatticeLaws(laws.MonoidOf(math.MinInt, func(x, y int) int { return max(x, y) }), ints, intEq)},
		{"set_union", laws.BoundedSemilatticeLaws(laws.MonoidOf(map[string]struct{}{}, union), sets, setEq)},
		{"bool_and", laws.BoundedSemilatticeLaws(laws.MonoidOf(true, func(x, y bool) bool { return x && y }), bools, boolEq)},
		{"bool_or", laws.BoundedSemilatticeLaws(laws.MonoidOf(false, func(x, y bool) bool { return x || y }), bools, boolEq)},
	},
	"Group": {
		{"int_addition", laws.GroupLaws(laws.GroupOf(0, add, func(x int) int { return -x }), ints, intEq)},
		{"bool_xor", laws.GroupLaws(laws.GroupOf(false, func(x, y bool) bool { return x != y }, func(x bool) bool { return x }), bools, boolEq)},
		{"integers_mod_7", laws.GroupLaws(laws.GroupOf(0, func(x, y int) int { return (x + y) % 7 }, func(x int) int { return (7 - x) % 7 }),
			generators.IntRange(0, 6), intEq)},
	},
	"Semiring": {
		{"int", laws.SemiringLaws(laws.SemiringOf(0, 1, add, mul), ints, intEq)},
		{"bool_or_and", laws.SemiringLaws(laws.SemiringOf(false, true,
			func(x, y bool) bool { return x || y }, func(x, y bool) bool { return x && y }), bools, boolEq)},
		{"int_max_min", laws.SemiringLaws(laws.SemiringOf(math.MinInt, math.MaxInt,
			func(x, y int) int { return max(x, y) }, func(x, y int) int { return min(x, y) }), ints, intEq)},
	},
	"MonoidMorphism": {
		{"string_length", laws.MonoidMorphismLaws(func(s string) int { return len(s) },
			laws.MonoidOf("", concat), laws.MonoidOf(0, add), strs, intEq)},
		{"tripling", laws.MonoidMorphismLaws(func(x int) int { return 3 * x },
			laws.MonoidOf(0, add), laws.MonoidOf(0, add), ints, intEq)},
		{"to_upper", laws.MonoidMorphismLaws(strings.ToUpper,
			laws.MonoidOf("", concat), laws.MonoidOf("", concat), strs, strEq)},
	},
}

// lawless lists instances that break laws, each with exactly the laws it
// breaks: the test asserts that these, and only these, fail.
var lawless = []struct {
	name  string
	set   laws.LawSet
	fails []string
}{
	// Eq
	{"float_equality_with_nan", laws.EqLaws(floatEq, generators.Float64(), nil), []string{"reflexivity"}},
	{"less_or_equal_as_equality", laws.EqLaws(laws.EqFunc("<=", func(a, b int) bool { return a <= b }), small,
		func(x int) generators.Gen[int] { return generators.IntRange(x, x+1) }), []string{"symmetry"}},
	{"within_one_as_equality", laws.EqLaws(laws.EqFunc("|a-b|<=1", func(a, b int) bool { return a-b <= 1 && b-a <= 1 }), small,
		func(x int) generators.Gen[int] { return generators.IntRange(x-1, x+1) }), []string{"transitivity"}},

	// associativity
	{"int_subtraction", laws.SemigroupLaws(laws.SemigroupOf(sub), ints, intEq), []string{"associativity"}},
	{"int_average", laws.SemilatticeLaws(laws.SemigroupOf(func(x, y int) int { return (x + y) / 2 }), small, intEq), []string{"associativity"}},
	{"float_addition", laws.CommutativeMonoidLaws(laws.MonoidOf(0.0, func(x, y float64) float64 { return x + y }),
		generators.Float64(generators.Finite(), generators.NoNegZero()), floatEq), []string{"associativity"}},

	// identities
	{"addition_with_wrong_identity", laws.MonoidLaws(laws.MonoidOf(1, add), ints, intEq), []string{"left_identity", "right_identity"}},
	{"concatenation_with_separator", laws.MonoidLaws(laws.MonoidOf("", func(x, y string) string { return x + "," + y }), strs, strEq),
		[]string{"left_identity", "right_identity"}},
	{"left_zero_with_identity", laws.MonoidLaws(laws.MonoidOf(0, func(x, y int) int { return x }), ints, intEq), []string{"left_identity"}},
	{"right_zero_with_identity", laws.MonoidLaws(laws.MonoidOf(0, func(x, y int) int { return y }), ints, intEq), []string{"right_identity"}},

	// commutativity and idempotence
	{"concatenation_as_commutative", laws.CommutativeMonoidLaws(laws.MonoidOf("", concat), strs, strEq), []string{"commutativity"}},
	{"addition_as_band", laws.BandLaws(laws.SemigroupOf(add), ints, intEq), []string{"idempotence"}},
	{"left_zero_as_semilattice", laws.SemilatticeLaws(laws.SemigroupOf(func(x, y int) int { return x }), ints, intEq), []string{"commutativity"}},
	{"multiset_union_as_semilattice", laws.BoundedSemilatticeLaws(laws.MonoidOf([]int(nil), func(x, y []int) []int {
		out := append(slices.Clone(x), y...)
		slices.Sort(out)
		return out
	}), sortedSlices, laws.DefaultEq[[]int](cmpopts.EquateEmpty())), []string{"idempotence"}},

	// inverses
	{"addition_with_identity_as_inverse", laws.GroupLaws(laws.GroupOf(0, add, func(x int) int { return x }), ints, intEq),
		[]string{"left_inverse", "right_inverse"}},

	// semiring
	{"semiring_with_subtraction_as_addition", laws.SemiringLaws(laws.SemiringOf(0, 1, sub, mul), small, intEq),
		[]string{"add_associativity", "add_commutativity", "add_left_identity"}},
	{"semiring_with_subtraction_as_multiplication", laws.SemiringLaws(laws.SemiringOf(0, 1, add, sub), small, intEq),
		[]string{"mul_associativity", "mul_left_identity", "mul_right_identity", "left_distributivity", "right_distributivity", "left_annihilation", "right_annihilation"}},
	{"semiring_with_wrong_zero", laws.SemiringLaws(laws.SemiringOf(1, 1, add, mul), small, intEq),
		[]string{"add_left_identity", "add_right_identity", "left_annihilation", "right_annihilation"}},

	// morphisms
	{"successor_as_morphism", laws.MonoidMorphismLaws(func(x int) int { return x + 1 },
		laws.MonoidOf(0, add), laws.MonoidOf(0, add), small, intEq), []string{"preserves_identity", "preserves_combine"}},
	{"set_size_as_morphism", laws.MonoidMorphismLaws(func(s map[string]struct{}) int { return len(s) },
		laws.MonoidOf(map[string]struct{}{}, union), laws.MonoidOf(0, add), sets, intEq), []string{"preserves_combine"}},
}
