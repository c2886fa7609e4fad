package laws

import (
	"slices"
	"time"

	"github.com/kgents/kgents-core/generators"
)

// tapePasses continue gopter's shrinking of a failing case on its tape of
// choices, with the passes rapid's shrinker runs on its bitstream (and
// Hypothesis' on its choice sequence) that gopter's slice shrinker lacks:
// delete spans of choices, zero spans, minimise each choice (0, the small
// values, then a binary search towards 0, which gopter's halving shrinker
// cannot do when the failure is not monotone, such as a modular condition)
// and swap two choices when that sorts the tape. Every candidate is a tape
// replayed through the generators, so it is a value they can produce. It
// runs until no pass improves the tape, maxPassTries evaluations or the
// deadline.
func tapePasses(law Law, cur outcome, tape generators.Tape, deadline time.Time) (outcome, generators.Tape, int) {
	// Choices read past the end of the tape read as 0: write them out, so
	// that the passes can move them (sorting [1, 0] needs the 0).
	src := generators.Replay(tape)
	evalWith(law, src, nil, nil, nil)
	tape = append(slices.Clone(tape), make(generators.Tape, src.Overrun())...)
	tries := 1
	try := func(t generators.Tape) bool {
		if tries >= maxPassTries || (tries%16 == 0 && time.Now().After(deadline)) {
			tries = maxPassTries
			return false
		}
		tries++
		src := generators.Replay(t)
		o := evalWith(law, src, nil, nil, nil)
		if !o.sameFailure(cur) || (o.message == "") != (cur.message == "") {
			return false
		}
		t = append(t, make(generators.Tape, src.Overrun())...)
		if !simplerTape(t, tape) {
			return false
		}
		cur, tape = o, t
		return true
	}
	for tries < maxPassTries {
		if !deleteSpans(tape, try) && !zeroSpans(tape, try) && !minimiseChoices(tape, try) && !sortChoices(tape, try) {
			break
		}
	}
	return cur, tape, tries
}

func deleteSpans(t generators.Tape, try func(generators.Tape) bool) bool {
	for k := min(8, len(t)); k >= 1; k /= 2 {
		for i := 0; i+k <= len(t); i++ {
			if try(slices.Concat(t[:i], t[i+k:])) {
				return true
			}
		}
	}
	return false
}

func zeroSpans(t generators.Tape, try func(generators.Tape) bool) bool {
	for k := min(8, len(t)); k >= 2; k /= 2 {
		for i := 0; i+k <= len(t); i++ {
			if slices.ContainsFunc(t[i:i+k], func(u uint64) bool { return u != 0 }) {
				c := slices.Clone(t)
				clear(c[i : i+k])
				if try(c) {
					return true
				}
			}
		}
	}
	return false
}

func minimiseChoices(t generators.Tape, try func(generators.Tape) bool) bool {
	with := func(i int, u uint64) generators.Tape {
		c := slices.Clone(t)
		c[i] = u
		return c
	}
	for i, u := range t {
		if u == 0 {
			continue
		}
		for v := uint64(0); v < min(u, smallScan); v++ {
			if try(with(i, v)) {
				return true
			}
		}
		if u <= smallScan {
			continue
		}
		lo, hi := uint64(smallScan-1), u
		improved := false
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			if try(with(i, mid)) {
				hi, improved = mid, true
				t = with(i, mid)
			} else {
				lo = mid
			}
		}
		if improved {
			return true
		}
		for v := uint64(smallScan); v < min(u, modularScan); v++ {
			if try(with(i, v)) {
				return true
			}
		}
	}
	return false
}

func sortChoices(t generators.Tape, try func(generators.Tape) bool) bool {
	for i := range t {
		for j := i + 1; j < len(t) && j <= i+8; j++ {
			if t[j] < t[i] {
				c := slices.Clone(t)
				c[i], c[j] = c[j], c[i]
				if try(c) {
					return true
				}
			}
		}
	}
	return false
}

// simplerTape orders tapes shortlex: shorter first, then lexicographically.
func simplerTape(a, b generators.Tape) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return slices.Compare(a, b) < 0
}
