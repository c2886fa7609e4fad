package laws

import (
	"math/rand"
	"time"

	"github.com/leanovate/gopter"

	"github.com/kgents/kgents-core/generators"
)

// runGopter checks law with gopter. gopter sees each case as the tape of
// choices that built it: the property records a tape by running the law
// on a random source seeded with the case's own seed, and when the case
// fails, shrinks the tape with the tape shrinker of tapepasses.go,
// replaying each candidate. gopter's own slice shrinker is not used: it
// starts again from its first candidate after every success, remembers
// none it tried, and lacks the passes that reach the minimum (sorting
// choices, lowering a count together with what it counts).
//
// The seeds of a run's cases form a chain: case 0 uses the run's seed and
// case i+1 the mix (splitmix64) of case i's, so runs started from seeds 1,
// 2, 3… draw unrelated cases (with s, s+1, … they would share all but one),
// and the seed of a failing case, used as the start seed, makes that case
// the first one again (as in rapid).
//
// A discarded case is not shrunk (gopter would shrink it like a failure
// and count every candidate); only cases generated and held count as
// cases.
//
// gopter runs the property (its runner counts passes and discards and
// stops on exhaustion or failure); the property is written against
// gopter.Prop directly rather than through prop.ForAll, which formats
// every generated value with fmt and calls the condition by reflection,
// most of a cheap case's cost.
func runGopter(law Law, c config) (r Result) {
	c, law = c.forLaw(law), law.withConstants()
	base := c.startSeed()
	r.Engine, r.Seed = Gopter, base
	if msg := refuse(law, c); msg != "" {
		r.Status, r.Message = Errored, msg
		return r
	}
	var st runState
	scratch := &Draws{bindings: make([]Binding, 0, 8)}
	next := base
	var caseSeed uint64

	var shrinkDeadline time.Time
	var expired, flaky bool
	stop := func() bool {
		if shrinkDeadline.IsZero() || !time.Now().After(shrinkDeadline) {
			return false
		}
		expired = true
		return true
	}
	// check evaluates a case and reports whether it is a counterexample:
	// before the first failure, any failure; while shrinking, only one
	// that fails the way the first did.
	check := func(o outcome) bool {
		shrinking := st.first != nil
		st.observe(o)
		if st.first != nil && shrinkDeadline.IsZero() && c.shrinkTime > 0 {
			shrinkDeadline = st.firstAt.Add(c.shrinkTime)
		}
		if shrinking {
			return o.sameFailure(*st.first)
		}
		return o.kind != holds && o.kind != discarded
	}
	// tape is the final counterexample's tape, once a case has failed.
	var tape generators.Tape
	src := generators.Record(base)
	property := func(*gopter.GenParameters) *gopter.PropResult {
		caseSeed = next
		next = nextCaseSeed(next)
		src.Restart(caseSeed)
		o := evalWith(law, src, nil, nil, scratch)
		failing := o.kind != holds && o.kind != discarded
		var t generators.Tape
		if failing {
			t = src.Tape()
			if st.first == nil && !reproduces(law, t, o) {
				// A failure that does not fail again is flaky: shrinking it
				// would chase failures that come and go until the time bound.
				flaky = true
			}
		}
		if !check(o) {
			if o.kind == discarded {
				return propUndecided
			}
			return propTrue
		}
		if !flaky {
			t, _ = shrinkTapeCase(t, maxShrinks, stop, func(t generators.Tape) (generators.Tape, bool) {
				src := generators.Replay(t)
				o := evalWith(law, src, nil, nil, scratch)
				if !check(o) {
					return nil, false
				}
				return append(src.Tape(), make(generators.Tape, src.Overrun())...), true
			})
		}
		tape = t
		return &gopter.PropResult{Status: gopter.PropFalse}
	}

	want := c.effectiveChecks()
	params := gopter.DefaultTestParametersWithSeed(int64(base))
	params.MinSuccessfulTests = want
	params.MaxDiscardRatio = 10
	params.MaxShrinkCount = maxShrinks
	params.Rng = rand.New(gopter.NewLockedSource(int64(base)))

	start := time.Now()
	res := gopter.SaveProp(property).Check(params)
	end := time.Now()

	r.Cases, r.Discarded = st.held, st.discarded
	r.Duration = end.Sub(start)
	switch {
	case st.first != nil:
		r.Seed = caseSeed
		final := *st.first
		if tape != nil {
			final = eval(law, generators.Replay(tape))
		}
		reproduced := !flaky && final.sameFailure(*st.first)
		if !reproduced {
			final = *st.first
		}
		finish(&r, law, c, &st, final, reproduced, expired)
		r.Duration = time.Since(start)
	case res.Status == gopter.TestExhausted:
		r.Status = Errored
		r.Message = "too many discarded cases: " + casesHeld(st.held) + " and " + itoa(st.discarded) + " were discarded"
	case !res.Passed():
		r.Status = Errored
		r.Message = "gopter: " + res.Status.String()
		if res.Error != nil {
			r.Message += ": " + res.Error.Error()
		}
	default:
		r.Status = Passed
		checkEnoughCases(&r, want)
	}
	return r
}

// The results of passing and discarded cases, shared: gopter's runner only
// reads them.
var (
	propTrue      = &gopter.PropResult{Status: gopter.PropTrue}
	propUndecided = &gopter.PropResult{Status: gopter.PropUndecided}
)

// maxShrinks bounds the evaluations of one gopter run's shrinking (the
// time bound comes first in practice).
const maxShrinks = 1 << 20

// nextCaseSeed mixes a case's seed into the next case's (splitmix64, a
// bijection, so distinct chains never merge).
func nextCaseSeed(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// reproduces replays a failing tape flakyRuns times and reports whether it
// failed the same way every time.
func reproduces(law Law, tape generators.Tape, o outcome) bool {
	for range flakyRuns {
		if !evalWith(law, generators.Replay(tape), nil, nil, nil).sameFailure(o) {
			return false
		}
	}
	return true
}
