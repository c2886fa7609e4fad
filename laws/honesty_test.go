package laws_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// The property x ≥ 0 fails on every negative x; its minimal counterexample
// is -1, on both engines (a negative extreme used to flip to a passing
// positive value when its distance shrank; see also the generators test
// of the engines alone).
func TestNegativeExtremesShrinkToMinusOne(t *testing.T) {
	for _, g := range []generators.Gen[int]{generators.IntRange(-100, 10), generators.Int()} {
		for _, e := range engines {
			for seed := uint64(1); seed <= 20; seed++ {
				rs, err := laws.RunInstance("non_negative", laws.Options{Engine: e, Seed: seed}, nonNegative(g))
				if err != nil {
					t.Fatal(err)
				}
				if r := rs[0]; r.Status != laws.Failed || bindingValues(r.Counterexample)["x"] != -1 {
					t.Errorf("%s seed %d over %s: %s", e, seed, g, r.Report())
				}
			}
		}
	}
}

// A lawful monoid over slices, compared without equating nil and empty,
// passes on both engines: SliceOfN gives the same (non-nil) empty slice on
// both.
func TestSlicesAreEmptyNotNilOnBothEngines(t *testing.T) {
	set := laws.MonoidLaws(laws.MonoidOf([]int{}, func(x, y []int) []int { return append(append([]int{}, x...), y...) }),
		generators.SliceOfN(generators.IntRange(0, 9), 0, 3), laws.DefaultEq[[]int]())
	for _, e := range engines {
		rs, err := laws.RunInstance("append", laws.Options{Engine: e, Seed: 3}, set)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Status != laws.Passed {
				t.Errorf("%s: %s", e, r.Report())
			}
		}
	}
}

// A report whose sides print the same says why they differ.
func TestSidesThatPrintTheSameSayWhy(t *testing.T) {
	set := laws.NewLawSet("S", nil, laws.Equation("nil_is_empty", "nil = []", laws.DefaultEq[[]int](), func(d *laws.Draws) ([]int, []int) {
		laws.Draw(d, "x", small)
		return nil, []int{}
	}))
	for _, e := range engines {
		r := runOne(t, e, "nil_empty", set)
		if r.Status != laws.Failed || !contains(r.Counterexample.Message, "lhs is nil and rhs is empty") || !contains(r.Report(), "print the same") {
			t.Errorf("%s: %s", e, r.Report())
		}
	}
	typed := laws.NewLawSet("S", nil, laws.Equation("types", "a = b", laws.DefaultEq[any](), func(d *laws.Draws) (any, any) {
		laws.Draw(d, "x", small)
		return int64(1), int32(1)
	}))
	for _, e := range engines {
		r := runOne(t, e, "types", typed)
		if r.Status != laws.Failed || !contains(r.Counterexample.Message, "lhs is a int64, rhs a int32") {
			t.Errorf("%s: %s", e, r.Report())
		}
	}
}

// An absurd number of cases is refused up front, on both engines, and a
// law never passes on fewer cases than asked.
func TestAbsurdCaseCountsAreRefused(t *testing.T) {
	set := laws.SemigroupLaws(laws.SemigroupOf(add), ints, intEq)
	for _, e := range engines {
		if _, err := laws.RunInstance("add", laws.Options{Engine: e, Checks: math.MaxInt64}, set); err == nil {
			t.Errorf("%s: %d checks accepted", e, math.MaxInt64)
		}
		law := set.Laws()[0]
		law.Checks = math.MaxInt
		rs, err := laws.RunInstance("add", laws.Options{Engine: e}, laws.NewLawSet("S", nil, law))
		if err != nil {
			t.Fatal(err)
		}
		if r := rs[0]; r.Status != laws.Errored || !contains(r.Message, "refused") || r.Cases != 0 {
			t.Errorf("%s: a law asking for MaxInt cases: %s", e, r.Report())
		}
	}
}

// Law.Checks sets one law's number of cases on both engines.
func TestPerLawChecks(t *testing.T) {
	law := laws.SemigroupLaws(laws.SemigroupOf(add), ints, intEq).Laws()[0]
	law.Checks = 37
	for _, e := range engines {
		rs, err := laws.RunInstance("add", laws.Options{Engine: e, Seed: 5}, laws.NewLawSet("S", nil, law))
		if err != nil {
			t.Fatal(err)
		}
		if r := rs[0]; r.Status != laws.Passed || r.Cases != 37 {
			t.Errorf("%s: %s with %d cases, want a pass on 37", e, r.Status, r.Cases)
		}
	}
}

// With about half the cases discarded, a pass counts exactly the cases
// asked for, and the law is evaluated once per generated case: gopter no
// longer shrinks discarded cases (and counted each candidate as a case).
func TestDiscardsAreNotShrunkNorCounted(t *testing.T) {
	for _, e := range engines {
		evaluations := 0
		set := laws.NewLawSet("Half", nil, laws.Property("half", "x even ⇒ true", func(d *laws.Draws) error {
			evaluations++
			if x := laws.Draw(d, "x", ints); x%2 != 0 {
				d.Discard("odd")
			}
			return nil
		}))
		rs, err := laws.RunInstance("half", laws.Options{Engine: e, Seed: 9, Checks: 100}, set)
		if err != nil {
			t.Fatal(err)
		}
		r := rs[0]
		if r.Status != laws.Passed || r.Cases != 100 || evaluations != r.Cases+r.Discarded {
			t.Errorf("%s: %s, %d cases, %d discarded, %d evaluations: want a pass on 100 cases, one evaluation each", e, r.Status, r.Cases, r.Discarded, evaluations)
		}
	}
}

// Running out of cases reports the counts it saw, once and consistently.
func TestExhaustedReportIsConsistent(t *testing.T) {
	// The one value is named by its square: special cases draw the literals
	// of this package and their neighbours, and would find the value itself
	// often enough to let 100 cases hold.
	set := laws.NewLawSet("Rare", nil, laws.Property("rare", "x = 12345678 ⇒ true", func(d *laws.Draws) error {
		if x := laws.Draw(d, "x", ints); x*x != 152415765279684 {
			d.Discard("not the one value")
		}
		return nil
	}))
	for _, e := range engines {
		r := runOne(t, e, "rare", set)
		held := itoa(r.Cases) + " cases held"
		if r.Cases == 1 {
			held = "1 case held"
		}
		want := held + " and " + itoa(r.Discarded) + " were discarded"
		if r.Status != laws.Errored || !contains(r.Message, want) || r.Counterexample != nil {
			t.Errorf("%s: %q, want errored with %q", e, r.Message, want)
		}
	}
}

// An operation wrong on every 53rd call fails a law once, and the case
// does not fail again: both engines report it as flaky.
func TestFlakyInstancesAreDetected(t *testing.T) {
	for _, e := range engines {
		for seed := uint64(1); seed <= 10; seed++ {
			rs, err := laws.RunInstance("flaky", laws.Options{Engine: e, Checks: zooChecks, Seed: seed, Match: "commutativity"}, zooFlaky())
			if err != nil {
				t.Fatal(err)
			}
			if r := rs[0]; !r.Flaky || r.Status != laws.Failed || !contains(r.Message, "flaky") {
				t.Errorf("%s seed %d: not reported flaky:\n%s", e, seed, r.Report())
			}
		}
	}
	// A deterministic failure is not flaky.
	r := runOne(t, laws.Gopter, "sub", laws.SemigroupLaws(laws.SemigroupOf(sub), ints, intEq))
	if r.Flaky {
		t.Errorf("a deterministic failure reported flaky:\n%s", r.Report())
	}
}

// Without drops laws that do not apply, and refuses names it does not know.
func TestLawSetWithout(t *testing.T) {
	set := laws.CommutativeMonoidLaws(laws.MonoidOf(0, add), ints, intEq).Without("associativity", "commutativity")
	var names []string
	for _, l := range set.Laws() {
		names = append(names, l.Name)
	}
	if len(names) != 2 || names[0] != "left_identity" || names[1] != "right_identity" {
		t.Errorf("Without left %v", names)
	}
	defer func() {
		if recover() == nil {
			t.Error("Without with an unknown name did not panic")
		}
	}()
	set.Without("no_such_law")
}

func itoa(n int) string { return strconv.Itoa(n) }

// Runs from seeds 1..20 draw unrelated cases on both engines: gopter's
// case seeds form a mixing chain instead of s, s+1, … (which made the
// runs from 1..20 share all but about 119 cases).
func TestRunsFromNearbySeedsDrawUnrelatedCases(t *testing.T) {
	for _, e := range engines {
		seen := map[uint64]bool{}
		large := 0
		// raw choices: no boundary or mined constant among them
		raw := generators.Custom("raw", func(s *generators.Source) uint64 { return s.Bits(64) })
		set := laws.NewLawSet("Record", nil, laws.Property("record", "true", func(d *laws.Draws) error {
			if x := laws.Draw(d, "x", raw); x >= 1<<20 {
				seen[x] = true
				large++
			}
			return nil
		}))
		for seed := uint64(1); seed <= 20; seed++ {
			if _, err := laws.RunInstance("record", laws.Options{Engine: e, Seed: seed, Checks: 100}, set); err != nil {
				t.Fatal(err)
			}
		}
		// the largest choice repeats by design (both engines draw the
		// maximum on about 2.6% of draws); other large values must not
		if large < 400 || len(seen) < large*80/100 {
			t.Errorf("%s: %d distinct among %d large values from seeds 1..20", e, len(seen), large)
		}
	}
}
