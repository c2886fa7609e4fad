package laws_test

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// The zoo: lawless instances whose bug random inputs rarely meet (a region,
// a single constant, a boundary, a sign, size spread over variables, a
// modular condition, an operad argument, nil against empty, a flaky
// operation) and lawful controls. Each lawless instance names the law it
// breaks and, where it is known, the minimal counterexample (values as
// reports print them). Every instance is built in a function of its own:
// the constants special cases draw are mined from the declaration that
// built the law set, and then from the package.

type zooAnimal struct {
	name  string
	set   func() laws.LawSet
	law   string
	min   map[string]string // nil: minimum not known
	flaky bool
}

var zoo = []zooAnimal{
	// region bugs
	{"region_commutativity", zooRegionCommutativity, "commutativity", map[string]string{"x": "100", "y": "101"}, false},
	{"region_idempotence", zooRegionIdempotence, "idempotence", map[string]string{"x": "1000"}, false},
	{"region_negative", zooRegionNegative, "idempotence", map[string]string{"x": "-250"}, false},
	{"region_float", zooRegionFloat, "right_identity", nil, false},
	// single constants
	{"constant_7777", zooConstant7777, "right_identity", map[string]string{"x": "7777"}, false},
	{"constant_negative", zooConstantNegative, "right_identity", map[string]string{"x": "-4242"}, false},
	{"constant_string", zooConstantString, "right_identity", map[string]string{"x": `"kgents"`}, false},
	{"constant_large", zooConstantLarge, "right_identity", map[string]string{"x": "1099511627779"}, false},
	{"constant_uint8", zooConstantUint8, "right_identity", map[string]string{"x": "200"}, false},
	{"constant_float", zooConstantFloat, "right_identity", map[string]string{"x": "0.1"}, false},
	// boundaries and edges
	{"boundary_min_int", zooBoundaryMinInt, "left_identity", map[string]string{"x": strconv.Itoa(math.MinInt)}, false},
	{"boundary_max_int", zooBoundaryMaxInt, "left_identity", map[string]string{"x": strconv.Itoa(math.MaxInt)}, false},
	{"boundary_uint8_identity", zooBoundaryUint8, "left_identity", map[string]string{"x": "0"}, false},
	{"boundary_empty_string", zooBoundaryEmptyString, "left_identity", map[string]string{"x": `""`}, false},
	{"boundary_nan", zooBoundaryNaN, "right_identity", map[string]string{"x": "NaN"}, false},
	// signs
	{"sign_abs_morphism", zooSignAbs, "preserves_combine", map[string]string{"x": "1", "y": "-1"}, false},
	{"sign_mixed", zooSignMixed, "commutativity", map[string]string{"x": "-1", "y": "2"}, false},
	{"sign_negative_int", zooSignNegativeInt, "non_negative", map[string]string{"x": "-1"}, false},
	{"sign_negative_range", zooSignNegativeRange, "non_negative", map[string]string{"x": "-1"}, false},
	// size spread over variables
	{"size_commutativity", zooSizeCommutativity, "commutativity", map[string]string{"x": "0", "y": "128"}, false},
	{"size_bounded_sum", zooSizeBoundedSum, "bounded_sum", map[string]string{"x": "0", "y": "1000"}, false},
	// modular conditions
	{"modular_7", zooModular7, "commutativity", map[string]string{"x": "0", "y": "3"}, false},
	{"modular_1000", zooModular1000, "right_identity", map[string]string{"x": "123"}, false},
	{"modular_64", zooModular64, "right_identity", map[string]string{"x": "63"}, false},
	// operads: the bug sits in one argument
	{"operad_drops_last", zooOperadDropsLast, "left_unit", map[string]string{"f": "[0 0]"}, false},
	{"operad_wrong_offset", zooOperadWrongOffset, "right_unit", map[string]string{"f": "[0 0]", "i": "2"}, false},
	{"operad_reverses_wider", zooOperadReversesWider, "left_unit", map[string]string{"f": "[0 1]"}, false},
	{"operad_morphism_action", zooOperadMorphismAction, "preserves_action", map[string]string{"f": "[0 0]", "σ": "[2 1]"}, false},
	{"operad_action_inverse", zooOperadActionInverse, "action_composition", nil, false},
	// nil against empty
	{"nil_versus_empty", zooNilVersusEmpty, "left_identity", map[string]string{"x": "[]"}, false},
	// flaky
	{"flaky_every_53rd", zooFlaky, "commutativity", nil, true},
}

// zooControls are lawful: every law must pass.
var zooControls = []struct {
	name string
	set  func() laws.LawSet
}{
	{"control_int_addition", func() laws.LawSet {
		return laws.CommutativeMonoidLaws(laws.MonoidOf(0, add), generators.Int(), intEq)
	}},
	{"control_max", func() laws.LawSet {
		return laws.BoundedSemilatticeLaws(laws.MonoidOf(math.MinInt, func(x, y int) int { return max(x, y) }), generators.Int(), intEq)
	}},
	{"control_uint8_max", func() laws.LawSet {
		return laws.BoundedSemilatticeLaws(laws.MonoidOf(uint8(0), func(x, y uint8) uint8 { return max(x, y) }), generators.IntRange[uint8](0, 255), laws.Comparable[uint8]())
	}},
	{"control_concatenation", func() laws.LawSet {
		return laws.MonoidLaws(laws.MonoidOf("", concat), generators.StringOfN(generators.Letters, 0, 10), strEq)
	}},
	{"control_append", func() laws.LawSet {
		return laws.MonoidLaws(laws.MonoidOf([]int{}, func(x, y []int) []int { return append(slices.Clone(x), y...) }),
			generators.SliceOfN(generators.IntRange(-5, 5), 0, 4), laws.DefaultEq[[]int](cmpopts.EquateEmpty()))
	}},
	{"control_shift_operad", func() laws.LawSet { return laws.SymmetricOperadLaws[shiftOp](shiftOperad{}, shiftOps, shiftEq) }},
	{"control_shift_morphism", func() laws.LawSet {
		return laws.OperadMorphismLaws(func(f shiftOp) shiftOp { return f }, shiftOperad{}, shiftOperad{}, shiftOps, shiftEq)
	}},
	{"control_float_max", func() laws.LawSet {
		return laws.SemilatticeLaws(laws.SemigroupOf(math.Max), generators.Float64(generators.NoNaN()), floatEq)
	}},
}

func zooRegionCommutativity() laws.LawSet {
	op := func(x, y int) int {
		if x >= 100 && x <= 200 && y >= 100 && y <= 200 && x < y {
			return x + y + 1
		}
		return x + y
	}
	return laws.CommutativeMonoidLaws(laws.MonoidOf(0, op), generators.Int(), intEq)
}

func zooRegionIdempotence() laws.LawSet {
	op := func(x, y int) int {
		if x == y && x >= 1000 && x <= 1010 {
			return x + 1
		}
		return max(x, y)
	}
	return laws.BandLaws(laws.SemigroupOf(op), generators.Int(), intEq)
}

func zooRegionNegative() laws.LawSet {
	op := func(x, y int) int {
		if x == y && x >= -300 && x <= -250 {
			return x - 1
		}
		return min(x, y)
	}
	return laws.BandLaws(laws.SemigroupOf(op), generators.Int(), intEq)
}

func zooRegionFloat() laws.LawSet {
	op := func(x, y float64) float64 {
		if x >= 0.5 && x <= 0.75 {
			return x + y + 1
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(0.0, op), generators.Float64(), floatEq)
}

func zooConstant7777() laws.LawSet {
	op := func(x, y int) int {
		if x == 7777 {
			return x + y + 1
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(0, op), generators.Int(), intEq)
}

func zooConstantNegative() laws.LawSet {
	op := func(x, y int) int {
		if x == -4242 {
			return 0
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(0, op), generators.Int(), intEq)
}

func zooConstantString() laws.LawSet {
	op := func(x, y string) string {
		if x == "kgents" {
			return x + y + "!"
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf("", op), generators.StringOfN(generators.Letters, 0, 10), strEq)
}

func zooConstantLarge() laws.LawSet {
	op := func(x, y int64) int64 {
		if x == 1099511627779 {
			return y
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(int64(0), op), generators.Int64(), laws.Comparable[int64]())
}

func zooConstantUint8() laws.LawSet {
	op := func(x, y uint8) uint8 {
		if x == 200 {
			return x + y + 1
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(uint8(0), op), generators.IntRange[uint8](0, 255), laws.Comparable[uint8]())
}

func zooConstantFloat() laws.LawSet {
	op := func(x, y float64) float64 {
		if x == 0.1 {
			return x + y + 1
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(0.0, op), generators.Float64(generators.NoNaN()), floatEq)
}

func zooBoundaryMinInt() laws.LawSet {
	return laws.MonoidLaws(laws.MonoidOf(math.MinInt+1, func(x, y int) int { return max(x, y) }), generators.Int(), intEq)
}

func zooBoundaryMaxInt() laws.LawSet {
	return laws.MonoidLaws(laws.MonoidOf(math.MaxInt-1, func(x, y int) int { return min(x, y) }), generators.Int(), intEq)
}

func zooBoundaryUint8() laws.LawSet {
	return laws.MonoidLaws(laws.MonoidOf(uint8(1), func(x, y uint8) uint8 { return max(x, y) }),
		generators.IntRange[uint8](0, 255), laws.Comparable[uint8]())
}

func zooBoundaryEmptyString() laws.LawSet {
	op := func(x, y string) string {
		if x == "" {
			return y + "!"
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf("", op), generators.StringOfN(generators.Letters, 0, 10), strEq)
}

func zooBoundaryNaN() laws.LawSet {
	op := func(x, y float64) float64 {
		if math.IsNaN(x) {
			return 0
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(0.0, op), generators.Float64(), laws.DefaultEq[float64](cmpopts.EquateNaNs()))
}

func zooSignAbs() laws.LawSet {
	abs := func(x int) int {
		if x < 0 {
			return -x
		}
		return x
	}
	return laws.MonoidMorphismLaws(abs, laws.MonoidOf(0, add), laws.MonoidOf(0, add), generators.IntRange(-1000, 1000), intEq)
}

func zooSignMixed() laws.LawSet {
	op := func(x, y int) int {
		if x >= 2 && y < 0 {
			return x + y + 1
		}
		return x + y
	}
	return laws.CommutativeMonoidLaws(laws.MonoidOf(0, op), generators.IntRange(-1000, 1000), intEq)
}

func nonNegative(g generators.Gen[int]) laws.LawSet {
	return laws.NewLawSet("NonNegative", nil, laws.Property("non_negative", "x ≥ 0", func(d *laws.Draws) error {
		if x := laws.Draw(d, "x", g); x < 0 {
			return fmt.Errorf("%d < 0", x)
		}
		return nil
	}))
}

func zooSignNegativeInt() laws.LawSet   { return nonNegative(generators.Int()) }
func zooSignNegativeRange() laws.LawSet { return nonNegative(generators.IntRange(-100, 10)) }

func zooSizeCommutativity() laws.LawSet {
	op := func(x, y int) int {
		if x < y && x+y >= 128 {
			return x + y + 1
		}
		return x + y
	}
	return laws.CommutativeMonoidLaws(laws.MonoidOf(0, op), generators.IntRange(0, 1<<20), intEq)
}

func zooSizeBoundedSum() laws.LawSet {
	g := generators.IntRange(0, 5000)
	return laws.NewLawSet("BoundedSum", nil, laws.Property("bounded_sum", "x + y < 1000", func(d *laws.Draws) error {
		x, y := laws.Draw(d, "x", g), laws.Draw(d, "y", g)
		if x+y >= 1000 {
			return fmt.Errorf("%d + %d ≥ 1000", x, y)
		}
		return nil
	}))
}

func zooModular7() laws.LawSet {
	op := func(x, y int) int {
		if x%7 == 3 && y%2 == 0 {
			return x + y + 1
		}
		return x + y
	}
	return laws.CommutativeMonoidLaws(laws.MonoidOf(0, op), generators.Int(), intEq)
}

func zooModular1000() laws.LawSet {
	op := func(x, y int) int {
		if x%1000 == 123 {
			return x + y + 1
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(0, op), generators.Int(), intEq)
}

func zooModular64() laws.LawSet {
	op := func(x, y int) int {
		if x%64 == 63 {
			return x + y + 1
		}
		return x + y
	}
	return laws.MonoidLaws(laws.MonoidOf(0, op), generators.Int(), intEq)
}

// shiftOp is an operation of the shift operad: its arity is its length,
// and composing g into input i shifts g's entries by f's entry i.
type shiftOp []int

type shiftOperad struct {
	compose func(f shiftOp, i int, g shiftOp) shiftOp // nil: the lawful one
	act     func(f shiftOp, s laws.Perm) shiftOp
}

func (shiftOperad) Arity(f shiftOp) int { return len(f) }
func (shiftOperad) Identity() shiftOp   { return shiftOp{0} }
func (o shiftOperad) Compose(f shiftOp, i int, g shiftOp) (shiftOp, error) {
	if i < 1 || i > len(f) {
		return nil, fmt.Errorf("index %d out of range for arity %d", i, len(f))
	}
	if o.compose != nil {
		return o.compose(f, i, g), nil
	}
	return shiftCompose(f, i, g), nil
}

func shiftCompose(f shiftOp, i int, g shiftOp) shiftOp {
	out := append(shiftOp{}, f[:i-1]...)
	for _, v := range g {
		out = append(out, v+f[i-1])
	}
	return append(out, f[i:]...)
}

func (o shiftOperad) Act(f shiftOp, s laws.Perm) (shiftOp, error) {
	if len(s) != len(f) {
		return nil, fmt.Errorf("permutation of %d for arity %d", len(s), len(f))
	}
	if o.act != nil {
		return o.act(f, s), nil
	}
	return shiftAct(f, s), nil
}

func shiftAct(f shiftOp, s laws.Perm) shiftOp {
	out := make(shiftOp, len(f))
	for k := range f {
		out[s[k]-1] = f[k]
	}
	return out
}

var (
	shiftOps = generators.Map(generators.SliceOfN(generators.IntRange(0, 3), 0, 3), func(v []int) shiftOp { return shiftOp(v) })
	shiftEq  = laws.DefaultEq[shiftOp]()
)

func zooOperadDropsLast() laws.LawSet {
	o := shiftOperad{compose: func(f shiftOp, i int, g shiftOp) shiftOp {
		if len(g) >= 2 {
			g = g[:len(g)-1]
		}
		return shiftCompose(f, i, g)
	}}
	return laws.OperadLaws[shiftOp](o, shiftOps, shiftEq)
}

func zooOperadWrongOffset() laws.LawSet {
	o := shiftOperad{compose: func(f shiftOp, i int, g shiftOp) shiftOp {
		out := shiftCompose(f, i, g)
		if i >= 2 && len(g) > 0 {
			out[i-1]++
		}
		return out
	}}
	return laws.OperadLaws[shiftOp](o, shiftOps, shiftEq)
}

func zooOperadReversesWider() laws.LawSet {
	o := shiftOperad{compose: func(f shiftOp, i int, g shiftOp) shiftOp {
		if len(g) > len(f) {
			g = slices.Clone(g)
			slices.Reverse(g)
		}
		return shiftCompose(f, i, g)
	}}
	return laws.OperadLaws[shiftOp](o, shiftOps, shiftEq)
}

func zooOperadMorphismAction() laws.LawSet {
	phi := func(f shiftOp) shiftOp {
		out := make(shiftOp, len(f))
		for k, v := range f {
			out[k] = v + k
		}
		return out
	}
	return laws.OperadMorphismLaws(phi, shiftOperad{}, shiftOperad{}, shiftOps, shiftEq)
}

func zooOperadActionInverse() laws.LawSet {
	o := shiftOperad{act: func(f shiftOp, s laws.Perm) shiftOp {
		if len(f) >= 3 {
			return shiftAct(f, s.Inverse())
		}
		return shiftAct(f, s)
	}}
	return laws.SymmetricOperadLaws[shiftOp](o, shiftOps, shiftEq)
}

func zooNilVersusEmpty() laws.LawSet {
	op := func(x, y []int) []int { return append([]int(nil), append(x, y...)...) }
	return laws.MonoidLaws(laws.MonoidOf([]int{}, op), generators.SliceOfN(generators.IntRange(0, 9), 0, 4), laws.DefaultEq[[]int]())
}

func zooFlaky() laws.LawSet {
	calls := 0
	op := func(x, y int) int {
		calls++
		if calls%53 == 0 {
			return x + y + 1
		}
		return x + y
	}
	return laws.CommutativeMonoidLaws(laws.MonoidOf(0, op), generators.Int(), intEq)
}

// zooFigures runs every zoo instance's failing law on seeds 1..seeds with
// engine e and returns the runs, the runs that caught the law, the runs
// with a known minimum and those that reached it; each miss is logged.
func zooFigures(t *testing.T, e laws.Engine, seeds int) (runs, caught, known, minimal int) {
	t.Helper()
	for _, a := range zoo {
		for seed := 1; seed <= seeds; seed++ {
			rs, err := laws.RunInstance(a.name, laws.Options{Engine: e, Checks: zooChecks, Seed: uint64(seed), Match: "^" + regexp.QuoteMeta(a.name+"/"+a.law) + "$"}, a.set())
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 {
				t.Fatalf("%s: %d results for law %s, want 1", a.name, len(rs), a.law)
			}
			r := rs[0]
			runs++
			ok := r.Status == laws.Failed && r.Flaky == a.flaky
			if !ok {
				t.Logf("%s seed %d: %s not caught:\n%s", e, seed, a.name, r.Report())
				continue
			}
			caught++
			if a.min == nil {
				continue
			}
			known++
			got := map[string]string{}
			for _, b := range r.Counterexample.Bindings {
				got[b.Name] = laws.FormatValue(b.Value)
			}
			if fmt.Sprint(got) == fmt.Sprint(a.min) {
				minimal++
			} else {
				t.Logf("%s seed %d: %s: %v, want the minimum %v", e, seed, a.name, got, a.min)
			}
		}
	}
	return runs, caught, known, minimal
}

// zooChecks is the default number of cases, given explicitly: the zoo's
// figures are claims about the default, and -test.short would otherwise
// lower it to a fifth, as rapid does.
const zooChecks = 100

// TestZoo checks that every zoo instance is caught on its law with the
// known minimum, on both engines, with the default number of cases. By
// default it runs one seed per engine; ZOO_SEEDS=20 runs the figures
// BENCHMARKS.md reports (go test -run TestZoo -v ./laws with ZOO_SEEDS=20)
// and then requires at least 99% caught and 95% minimal.
func TestZoo(t *testing.T) {
	seeds := 1
	if s := os.Getenv("ZOO_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("ZOO_SEEDS=%q: want a positive number", s)
		}
		seeds = n
	}
	for _, e := range engines {
		runs, caught, known, minimal := zooFigures(t, e, seeds)
		cp, mp := 100*float64(caught)/float64(runs), 100*float64(minimal)/float64(known)
		t.Logf("%s: %d instances × %d seeds: caught %d/%d (%.1f%%), minimal %d/%d (%.1f%%)", e, len(zoo), seeds, caught, runs, cp, minimal, known, mp)
		if seeds == 1 && (caught != runs || minimal != known) {
			t.Errorf("%s: caught %d/%d, minimal %d/%d: every instance must be caught at its minimum", e, caught, runs, minimal, known)
		}
		if cp < 99 || mp < 95 {
			t.Errorf("%s: caught %.1f%% (goal 99%%), minimal %.1f%% (goal 95%%)", e, cp, mp)
		}
	}
}

// TestZooControlsPass: the lawful controls pass every law on both engines.
func TestZooControlsPass(t *testing.T) {
	for _, c := range zooControls {
		for _, e := range engines {
			rs, err := laws.RunInstance(c.name, laws.Options{Engine: e, Checks: zooChecks, Seed: 1}, c.set())
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.Status != laws.Passed {
					t.Errorf("%s: lawful control failed:\n%s", e, r.Report())
				}
			}
		}
	}
}
