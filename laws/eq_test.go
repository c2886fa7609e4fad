package laws_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kgents/kgents-core/laws"
)

func TestDefaultEqMatchesCmp(t *testing.T) {
	ints := laws.DefaultEq[int]()
	if !ints.Equal(3, 3) || ints.Equal(3, 4) {
		t.Error("DefaultEq[int] is not ==")
	}
	floats := laws.DefaultEq[float64]()
	if floats.Equal(math.NaN(), math.NaN()) {
		t.Error("DefaultEq[float64] says NaN = NaN, unlike cmp.Equal")
	}
	// go-cmp randomly uses non-breaking spaces so that nobody depends on
	// its exact format; compare modulo that.
	if d := strings.ReplaceAll(floats.Diff(1, 2), "\u00a0", " "); !strings.Contains(d, "- \t1") || !strings.Contains(d, "+ \t2") {
		t.Errorf("Diff(1, 2) = %q", d)
	}
	approx := laws.DefaultEq[float64](cmpopts.EquateApprox(0, 1e-9))
	if !approx.Equal(0.1+0.2, 0.3) || approx.Equal(0.1, 0.2) {
		t.Error("DefaultEq with EquateApprox does not use the option")
	}
	var zero laws.Eq[[]int]
	if !zero.Equal([]int{1}, []int{1}) || zero.Equal([]int{1}, []int{2}) || zero.String() != "cmp.Equal" {
		t.Error("the zero Eq is not cmp.Equal")
	}
}

func TestEqFuncAndDiffs(t *testing.T) {
	type opaque struct{ n int }
	e := laws.EqFunc("same n", func(a, b opaque) bool { return a.n == b.n })
	if !e.Equal(opaque{1}, opaque{1}) || e.Equal(opaque{1}, opaque{2}) {
		t.Error("EqFunc does not use its function")
	}
	if d := e.Diff(opaque{1}, opaque{2}); d != "" {
		t.Errorf("Diff on unexported fields should be empty (cmp cannot tell), got %q", d)
	}
	e = e.WithDiff(func(a, b opaque) string { return "n differs" })
	if e.Diff(opaque{1}, opaque{2}) != "n differs" || e.String() != "same n" {
		t.Error("WithDiff is not used")
	}
}

func TestLawSetMergesByName(t *testing.T) {
	set := laws.BoundedSemilatticeLaws(laws.MonoidOf(0, func(x, y int) int { return max(x, y) }), small, intEq)
	var names, structures []string
	for _, l := range set.Laws() {
		names = append(names, l.Name)
		structures = append(structures, l.Structure)
	}
	want := []string{"associativity", "idempotence", "commutativity", "left_identity", "right_identity"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("laws %v, want each inherited law once: %v", names, want)
	}
	if structures[0] != "Semigroup" || structures[3] != "Monoid" {
		t.Errorf("structures %v: laws should name the set that declared them", structures)
	}

	// A law declared again further down replaces the inherited one.
	parent := laws.NewLawSet("P", nil, laws.Property("p", "old", func(*laws.Draws) error { return nil }))
	child := laws.NewLawSet("C", []laws.LawSet{parent}, laws.Property("p", "new", func(*laws.Draws) error { return nil }))
	if ls := child.Laws(); len(ls) != 1 || ls[0].Equation != "new" || ls[0].Structure != "C" {
		t.Errorf("override: %+v", ls)
	}

	semiring := laws.SemiringLaws(laws.SemiringOf(0, 1, add, mul), small, intEq).Laws()
	if len(semiring) != 11 {
		t.Errorf("the semiring has %d laws, want 11 (4 add, 3 mul, 2 distributivity, 2 annihilation)", len(semiring))
	}
}

func TestFormatValue(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{nil, "nil"}, {"a b", `"a b"`}, {math.Copysign(0, -1), "-0"}, {math.NaN(), "NaN"},
		{math.Inf(1), "+Inf"}, {0.1, "0.1"}, {float32(0.5), "0.5"}, {42, "42"},
		{[]int{1, 2}, "[1 2]"}, {struct{ A int }{3}, "{A:3}"},
		{strings.Repeat("é", 1500), strconv.Quote(strings.Repeat("é", 1500))[:1999] + "… (1003 more bytes)"},
	} {
		if got := laws.FormatValue(c.v); got != c.want {
			t.Errorf("FormatValue(%#v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestStatusText(t *testing.T) {
	for _, s := range []laws.Status{laws.Passed, laws.Failed, laws.Errored} {
		b, _ := s.MarshalText()
		var back laws.Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%v does not round-trip through text: %q, %v", s, b, err)
		}
	}
	var s laws.Status
	if err := s.UnmarshalText([]byte("structural")); err == nil {
		t.Error(`"structural" was accepted as a status`)
	}
}

// EqLaws draws equal pairs on purpose, so transitivity is tested on cases
// where its premise holds. With ==, a case of transitivity calls the
// equality once when x ≠ y (no true), twice when x = y ≠ z (one true) and
// three times when x = y = z (three true); so from the number of cases N,
// of calls C and of true results T, the number of cases whose premise held
// is T - (C - N).
func TestEqLawsTransitivityIsNotVacuous(t *testing.T) {
	for _, e := range engines {
		var calls, trues int
		counting := laws.EqFunc("counting ==", func(a, b int) bool {
			calls++
			if a == b {
				trues++
				return true
			}
			return false
		})
		rs, err := laws.RunInstance("int", laws.Options{Engine: e, Checks: 1000, Match: "/transitivity$"}, laws.EqLaws(counting, ints, nil))
		if err != nil || len(rs) != 1 || rs[0].Status != laws.Passed {
			t.Fatalf("%s: %v %+v", e, err, rs)
		}
		n := rs[0].Cases
		premises := trues - (calls - n)
		if premises*100 < 15*n { // two fair coins make it about 25%
			t.Errorf("%s: the premise x = y ∧ y = z held in %d of %d cases; transitivity is close to vacuous", e, premises, n)
		}
	}
}
