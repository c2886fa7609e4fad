package laws_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

func bindingValues(c *laws.Counterexample) map[string]any {
	out := map[string]any{}
	for _, b := range c.Bindings {
		out[b.Name] = b.Value
	}
	return out
}

// (x−y)−z = x−(y−z) fails exactly when z ≠ 0, so the minimal
// counterexample is x = 0, y = 0, z = 1 (1 is the simplest non-zero int).
// Both engines must reach it from any seed.
func TestSubtractionAssociativityShrinksToMinimalCase(t *testing.T) {
	set := laws.SemigroupLaws(laws.SemigroupOf(sub), ints, intEq)
	want := map[string]any{"x": 0, "y": 0, "z": 1}
	for _, e := range engines {
		for seed := uint64(1); seed <= 10; seed++ {
			rs, err := laws.RunInstance("int_subtraction", laws.Options{Engine: e, Seed: seed}, set)
			if err != nil {
				t.Fatal(err)
			}
			r := rs[0]
			if r.Status != laws.Failed || r.Law != "associativity" {
				t.Fatalf("%s seed %d: got %s on %s, want associativity to fail", e, seed, r.Status, r.Law)
			}
			c := r.Counterexample
			if diff := cmp.Diff(want, bindingValues(c)); diff != "" {
				t.Errorf("%s seed %d: counterexample not minimal (-want +got):\n%s", e, seed, diff)
			}
			if c.LHS != -1 || c.RHS != 1 || c.Diff == "" {
				t.Errorf("%s seed %d: sides lhs=%v rhs=%v diff=%q, want -1, 1 and a diff", e, seed, c.LHS, c.RHS, c.Diff)
			}
			if c.Shrink.BoundHit {
				t.Errorf("%s seed %d: shrinking hit its bound on a 3-variable case", e, seed)
			}
		}
	}
}

// The reported seed replays the failure as the very first case.
func TestFailureSeedReplaysAsFirstCase(t *testing.T) {
	set := laws.SemigroupLaws(laws.SemigroupOf(func(x, y int) int {
		if x > 1000 && y > 1000 { // rare: needs a few cases to find
			return x - y
		}
		return x + y
	}), ints, intEq)
	for _, e := range engines {
		rs, err := laws.RunInstance("rare", laws.Options{Engine: e, Checks: 10000}, set)
		if err != nil {
			t.Fatal(err)
		}
		first := rs[0]
		if first.Status != laws.Failed || first.Seed == 0 {
			t.Fatalf("%s: %s with seed %d, want a failure with a seed", e, first.Status, first.Seed)
		}
		rs, err = laws.RunInstance("rare", laws.Options{Engine: e, Seed: first.Seed}, set)
		if err != nil {
			t.Fatal(err)
		}
		again := rs[0]
		if again.Status != laws.Failed || again.Cases != 0 {
			t.Errorf("%s: replay with seed %d: %s after %d cases, want a failure on the first case", e, first.Seed, again.Status, again.Cases)
		}
		if diff := cmp.Diff(bindingValues(first.Counterexample), bindingValues(again.Counterexample)); diff != "" {
			t.Errorf("%s: replay found another counterexample (-first +replay):\n%s", e, diff)
		}
	}
}

// When shrinking hits its time bound the report says so and carries the
// unshrunk case.
func TestShrinkTimeBoundReportsUnshrunkCase(t *testing.T) {
	slow := laws.SemigroupLaws(laws.SemigroupOf(func(x, y int) int {
		time.Sleep(2 * time.Millisecond)
		return x - y
	}), generators.IntRange(1000, 1<<40), intEq)
	for _, e := range engines {
		rs, err := laws.RunInstance("slow_subtraction", laws.Options{Engine: e, Seed: 7, ShrinkTime: 20 * time.Millisecond}, slow)
		if err != nil {
			t.Fatal(err)
		}
		c := rs[0].Counterexample
		if rs[0].Status != laws.Failed || c == nil {
			t.Fatalf("%s: %s, want a failure", e, rs[0].Status)
		}
		if !c.Shrink.BoundHit || c.Original == nil {
			t.Fatalf("%s: BoundHit=%v Original=%v, want the bound hit and the unshrunk case", e, c.Shrink.BoundHit, c.Original)
		}
		if got := bindingValues(c.Original); len(got) != 3 {
			t.Errorf("%s: unshrunk case has bindings %v", e, got)
		}
		if rep := rs[0].Report(); !contains(rep, "shrinking stopped at its time bound") || !contains(rep, "the unshrunk case:") {
			t.Errorf("%s: report does not say the bound was hit:\n%s", e, rep)
		}
	}
}
