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
// the tape, and gopter's slice shrinker shrinks the tape. Case i of a run
// started from seed s uses seed s+i, so the seed of a failing case, used as
// the start seed, makes that case the first one again (as in rapid).
func runGopter(law Law, c config) (r Result) {
	var st runState
	scratch := &Draws{bindings: make([]Binding, 0, 8)}
	base := c.startSeed()
	next := base
	var caseSeed uint64

	// The generator already evaluated the law while recording its tape;
	// the property reuses that outcome for the very same tape.
	var recorded struct {
		tape generators.Tape
		o    outcome
	}
	var shrinkDeadline time.Time
	var expired bool
	stop := func() bool {
		if shrinkDeadline.IsZero() || !time.Now().After(shrinkDeadline) {
			return false
		}
		expired = true
		return true
	}
	tapes := func(*gopter.GenParameters) *gopter.GenResult {
		caseSeed = next
		next++
		src := generators.Record(caseSeed)
		o := evalWith(law, src, nil, scratch)
		recorded.tape, recorded.o = src.Tape(), o
		return gopter.NewGenResult(recorded.tape, generators.TapeShrinker(stop))
	}
	condition := func(t generators.Tape) *gopter.PropResult {
		var o outcome
		if sameTape(t, recorded.tape) {
			o = recorded.o
		} else {
			o = evalWith(law, generators.Replay(t), nil, scratch)
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

	params := gopter.DefaultTestParametersWithSeed(int64(base))
	params.MinSuccessfulTests = c.effectiveChecks()
	params.MaxDiscardRatio = 10
	params.MaxShrinkCount = 1 << 20
	params.Rng = rand.New(gopter.NewLockedSource(int64(base)))

	start := time.Now()
	res := prop.ForAll(condition, tapes).Check(params)
	end := time.Now()

	r.Engine = Gopter
	r.Cases, r.Discarded = st.held, st.discarded
	r.Seed = base
	r.Duration = end.Sub(start)
	switch {
	case st.first != nil:
		r.Seed = caseSeed
		r.Status = statusOf(st.first.kind)
		final := *st.first
		if len(res.Args) > 0 {
			if t, ok := res.Args[0].Arg.(generators.Tape); ok {
				final = eval(law, generators.Replay(t))
			}
		}
		if !final.sameFailure(*st.first) {
			final = *st.first
			r.Message = "the failure did not reproduce when replayed: the law, its instance or its generators are not deterministic"
		}
		r.Counterexample = conclude(law, c, &st, final, expired)
		r.Duration = time.Since(start)
	case res.Status == gopter.TestExhausted:
		r.Status = Errored
		r.Message = "too many discarded cases: gopter gave up after " + itoa(res.Succeeded) + " cases held and " + itoa(res.Discarded) + " were discarded"
	case !res.Passed():
		r.Status = Errored
		r.Message = "gopter: " + res.Status.String()
		if res.Error != nil {
			r.Message += ": " + res.Error.Error()
		}
	default:
		r.Status = Passed
	}
	return r
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
