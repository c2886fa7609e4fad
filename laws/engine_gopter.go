package laws

import (
	"math/rand"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"

	"github.com/kgents/kgents-core/generators"
)

// runGopter checks law with gopter. gopter sees each case as the tape of
// choices that built it: the generator records a tape by running the law
// on a random source seeded with the case's own seed, the property replays
// the tape, and gopter's slice shrinker shrinks the tape.
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

	// The generator already evaluated the law while recording its tape;
	// the property reuses that outcome for the very same tape.
	var recorded struct {
		tape generators.Tape
		o    outcome
	}
	var shrinkDeadline time.Time
	var expired, flaky bool
	stop := func() bool {
		if shrinkDeadline.IsZero() || !time.Now().After(shrinkDeadline) {
			return false
		}
		expired = true
		return true
	}
	tapes := func(*gopter.GenParameters) *gopter.GenResult {
		caseSeed = next
		next = nextCaseSeed(next)
		src := generators.Record(caseSeed)
		o := evalWith(law, src, nil, nil, scratch)
		recorded.tape, recorded.o = src.Tape(), o
		if o.kind == holds || o.kind == discarded {
			return gopter.NewGenResult(recorded.tape, gopter.NoShrinker)
		}
		if st.first == nil && !reproduces(law, recorded.tape, o) {
			// A failure that does not fail again is flaky: shrinking it
			// would chase failures that come and go until the time bound.
			flaky = true
			return gopter.NewGenResult(recorded.tape, gopter.NoShrinker)
		}
		return gopter.NewGenResult(recorded.tape, generators.TapeShrinker(stop))
	}
	condition := func(t generators.Tape) *gopter.PropResult {
		var o outcome
		if sameTape(t, recorded.tape) {
			o = recorded.o
		} else {
			o = evalWith(law, generators.Replay(t), nil, nil, scratch)
		}
		shrinking := st.first != nil
		st.observe(o)
		if st.first != nil && shrinkDeadline.IsZero() && c.shrinkTime > 0 {
			shrinkDeadline = st.firstAt.Add(c.shrinkTime)
		}
		switch {
		case shrinking && !o.sameFailure(*st.first):
			// While shrinking, only a case that fails the same way is a
			// smaller counterexample.
			return &gopter.PropResult{Status: gopter.PropTrue}
		case o.kind == holds:
			return &gopter.PropResult{Status: gopter.PropTrue}
		case o.kind == discarded:
			return &gopter.PropResult{Status: gopter.PropUndecided}
		}
		return &gopter.PropResult{Status: gopter.PropFalse}
	}

	want := c.effectiveChecks()
	params := gopter.DefaultTestParametersWithSeed(int64(base))
	params.MinSuccessfulTests = want
	params.MaxDiscardRatio = 10
	params.MaxShrinkCount = 1 << 20
	params.Rng = rand.New(gopter.NewLockedSource(int64(base)))

	start := time.Now()
	res := prop.ForAll(condition, tapes).Check(params)
	end := time.Now()

	r.Cases, r.Discarded = st.held, st.discarded
	r.Duration = end.Sub(start)
	switch {
	case st.first != nil:
		r.Seed = caseSeed
		final := *st.first
		var tape generators.Tape
		if len(res.Args) > 0 {
			if t, ok := res.Args[0].Arg.(generators.Tape); ok {
				final, tape = eval(law, generators.Replay(t)), t
			}
		}
		reproduced := !flaky && final.sameFailure(*st.first)
		if !reproduced {
			final = *st.first
		} else if !expired && !c.noPostShrink {
			deadline := shrinkDeadline
			if deadline.IsZero() {
				deadline = time.Now().Add(time.Minute)
			}
			var n int
			final, _, n = tapePasses(law, final, tape, deadline)
			st.tries += n
		}
		finish(&r, law, c, &st, final, reproduced, expired)
		r.Duration = time.Since(start)
	case res.Status == gopter.TestExhausted:
		r.Status = Errored
		r.Message = "too many discarded cases: " + itoa(st.held) + " cases held and " + itoa(st.discarded) + " were discarded"
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

func sameTape(a, b generators.Tape) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	return &a[0] == &b[0]
}
