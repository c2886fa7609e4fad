package laws_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/observe"
)

// caseTiming checks the timing of every test case of property in obs and
// returns the parts summed over the run, by name (all generate:x
// together as "generate"), and the run's duration from its result. Every
// case must have a generate:x member for each of vars, an execute:test
// member, a shrink member exactly when it is a shrink step, no other
// member, and no negative part.
func caseTiming(t *testing.T, e laws.Engine, obs []observe.Observation, property string, vars ...string) (sum map[string]float64, duration float64) {
	t.Helper()
	sum = map[string]float64{}
	cases := 0
	for _, o := range obs {
		if o.Property != property {
			continue
		}
		if o.Type == observe.Info {
			if d, ok := observe.ResultDetails(&o); ok {
				duration, _ = d.Number("duration_s")
			}
			continue
		}
		if o.Type != observe.TestCase {
			continue
		}
		cases++
		want := map[string]bool{"execute:test": true}
		for _, v := range vars {
			want["generate:"+v] = true
		}
		if o.HowGenerated == observe.ShrinkStep {
			want["shrink"] = true
		}
		caseSum := 0.0
		for _, f := range o.Timing {
			v, ok := o.Timing.Number(f.Key)
			if !ok || v < 0 {
				t.Errorf("%s: case %q: timing %s = %v, want a non-negative number", e, o.Representation, f.Key, f.Value)
			}
			if !want[f.Key] {
				t.Errorf("%s: case %q (%s): unexpected timing member %s", e, o.Representation, o.HowGenerated, f.Key)
			}
			delete(want, f.Key)
			caseSum += v
			part := f.Key
			if strings.HasPrefix(part, "generate:") {
				part = "generate"
			}
			sum[part] += v
		}
		for k := range want {
			t.Errorf("%s: case %q (%s): no timing member %s in %v", e, o.Representation, o.HowGenerated, k, o.Timing)
		}
		sum["case"] = max(sum["case"], caseSum)
	}
	if cases == 0 {
		t.Fatalf("%s: no test case observed for %s", e, property)
	}
	if duration <= 0 {
		t.Fatalf("%s: no duration in the result of %s", e, property)
	}
	// The parts do not overlap and happen within the run: together they
	// cannot exceed it (a microsecond of slack for the rounding of nine
	// decimals per part).
	total := sum["generate"] + sum["execute:test"] + sum["shrink"]
	if total > duration+1e-6*float64(cases) {
		t.Errorf("%s: the timing of %d cases adds up to %.6fs, more than the run's %.6fs", e, cases, total, duration)
	}
	return sum, duration
}

// Every case of a law with three variables says how long each draw and
// the evaluation took, and the parts fit in the run, on both engines.
func TestObservedCasesSplitGenerationAndEvaluation(t *testing.T) {
	for _, e := range engines {
		rs, obs := observedRun(t, laws.Options{Engine: e, Checks: 50, Seed: 3}, "int_addition", additionAssociativity)
		if rs[0].Status != laws.Passed {
			t.Fatalf("%s: %s", e, rs[0].Report())
		}
		sum, _ := caseTiming(t, e, obs, "int_addition/associativity", "x", "y", "z")
		if sum["generate"] <= 0 || sum["execute:test"] <= 0 {
			t.Errorf("%s: generation %v s and evaluation %v s over 50 cases: a clock that does not run", e, sum["generate"], sum["execute:test"])
		}
	}
}

// The split puts time where it is spent: a generator that sleeps shows
// in generate:x, a comparison that sleeps longer in execute:test. Only
// lower bounds are asserted, which a loaded machine cannot break, and
// they catch either part being counted in the other.
func TestObservedTimingPutsTimeWhereItIsSpent(t *testing.T) {
	const drawSleep, evalSleep = 2 * time.Millisecond, 6 * time.Millisecond
	slow := generators.Map(generators.IntRange(0, 9), func(x int) int { time.Sleep(drawSleep); return x })
	set := laws.NewLawSet("Slow", nil, laws.Equation("identity", "x = x", intEq, func(d *laws.Draws) (int, int) {
		x := laws.Draw(d, "x", slow)
		time.Sleep(evalSleep)
		return x, x
	}))
	for _, e := range engines {
		rs, obs := observedRun(t, laws.Options{Engine: e, Checks: 3, Seed: 1}, "slow", set)
		if rs[0].Status != laws.Passed {
			t.Fatalf("%s: %s", e, rs[0].Report())
		}
		caseTiming(t, e, obs, "slow/identity", "x")
		for _, o := range obs {
			if o.Type != observe.TestCase {
				continue
			}
			gen, _ := o.Timing.Number("generate:x")
			exe, _ := o.Timing.Number("execute:test")
			if gen < drawSleep.Seconds() || exe < evalSleep.Seconds() {
				t.Errorf("%s: generate:x %.6fs (the draw sleeps %v), execute:test %.6fs (the evaluation sleeps %v)", e, gen, drawSleep, exe, evalSleep)
			}
		}
	}
}

// Shrink steps add the shrinker's own time to their draws and evaluation;
// the cases before the failure have none.
func TestObservedShrinkStepsTimeTheShrinker(t *testing.T) {
	for _, e := range engines {
		rs, obs := observedRun(t, laws.Options{Engine: e, Checks: 1000, Seed: 5}, "planted", plantedBug)
		if rs[0].Status != laws.Failed {
			t.Fatalf("%s: %s", e, rs[0].Report())
		}
		sum, _ := caseTiming(t, e, obs, "planted/agrees_with_reference", "t")
		if tl := tallyOf(obs, "planted/agrees_with_reference"); tl.shrink == 0 {
			t.Fatalf("%s: no shrink step observed", e)
		}
		if _, ok := sum["shrink"]; !ok {
			t.Errorf("%s: shrink steps without shrink time: %v", e, sum)
		}
	}
}

// A case the generators cannot build stops inside a draw: its time after
// the last finished draw is generation, not evaluation.
func TestObservedUnbuildableCaseTimesItsUnfinishedDraw(t *testing.T) {
	never := generators.IntRange(0, 9).Filter(func(int) bool { return false })
	set := laws.NewLawSet("Never", nil, laws.Equation("unbuildable", "x = x", intEq, func(d *laws.Draws) (int, int) {
		x := laws.Draw(d, "x", generators.IntRange(0, 9))
		y := laws.Draw(d, "y", never)
		return x, y
	}))
	for _, e := range engines {
		_, obs := observedRun(t, laws.Options{Engine: e, Checks: 5, Seed: 1}, "never", set)
		n := 0
		for _, o := range obs {
			if o.Type != observe.TestCase || o.HowGenerated == observe.ShrinkStep {
				continue
			}
			n++
			if _, ok := o.Timing.Number("generate:unlabeled"); !ok {
				t.Errorf("%s: %s case without generate:unlabeled: %v", e, o.Status, o.Timing)
			}
			if _, ok := o.Timing.Number("execute:test"); ok {
				t.Errorf("%s: a case that was never evaluated has execute:test: %v", e, o.Timing)
			}
		}
		if n == 0 {
			t.Errorf("%s: no case observed", e)
		}
	}
}
