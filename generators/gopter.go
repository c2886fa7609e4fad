package generators

import (
	"reflect"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
)

// TapeShrinker returns gopter's own slice shrinker over a [Tape]: it removes
// chunks of choices and shrinks single choices towards 0. Because a Tape is
// replayed through the generator, every shrink of the tape is a shrink of
// the generated value, even through Map and Bind (which plain gopter
// generators cannot shrink through).
//
// Single choices shrink by [ChoiceShrinker] rather than gopter's
// UInt64Shrinker, whose candidates v-v/2^k let a failure that depends on
// the low bits of a large choice (a float mantissa) shrink one unit at a
// time for minutes.
//
// If stop is not nil, every shrink stream ends as soon as stop returns
// true: that is how a caller bounds shrinking in time.
func TapeShrinker(stop func() bool) gopter.Shrinker {
	inner := gen.SliceShrinker(ChoiceShrinker)
	return func(v interface{}) gopter.Shrink {
		stream := inner([]uint64(v.(Tape)))
		return func() (interface{}, bool) {
			if stop != nil && stop() {
				return nil, false
			}
			next, ok := stream()
			if !ok {
				return nil, false
			}
			return Tape(next.([]uint64)), true
		}
	}
}

// Gopter returns g as a gopter generator. Each generated value is backed by
// the [Tape] of choices that produced it; gopter shrinks the tape with its
// slice shrinker and the value is rebuilt from the shrunk tape, so values
// shrink through Map and Bind.
//
// The returned generator shrinks correctly with gopter's prop.ForAll, which
// asks for the next shrinks of the most recently accepted candidate; the
// shrinker finds that candidate's tape among those it has produced.
func Gopter[T any](g Gen[T]) gopter.Gen {
	impl := g.get()
	var zero T
	typ := reflect.TypeOf(&zero).Elem()
	return func(params *gopter.GenParameters) *gopter.GenResult {
		src := Record(params.Rng.Uint64())
		value := impl.draw(src)
		tape := src.Tape()

		// The shrinker is asked to shrink values; it keeps the tapes of the
		// values it has produced so it can continue from the accepted one.
		type cand struct {
			value T
			tape  Tape
		}
		history := []cand{{value, tape}}
		tapeShrink := TapeShrinker(nil)
		shrinker := func(v interface{}) gopter.Shrink {
			from := history[0].tape
			for i := len(history) - 1; i >= 0; i-- {
				if reflect.DeepEqual(history[i].value, v) {
					from = history[i].tape
					break
				}
			}
			history = history[:1]
			stream := tapeShrink(from)
			return func() (interface{}, bool) {
				for {
					next, ok := stream()
					if !ok {
						return nil, false
					}
					t := next.(Tape)
					v, ok := tryDraw(impl, t)
					if !ok {
						continue
					}
					history = append(history, cand{v, t})
					return v, true
				}
			}
		}
		res := gopter.NewGenResult(value, shrinker)
		res.ResultType = typ
		return res
	}
}

// tryDraw replays t through impl; a replay that panics (for example a
// Filter that rejects every value of a truncated tape) is not a candidate.
func tryDraw[T any](impl *genImpl[T], t Tape) (v T, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return impl.draw(Replay(t)), true
}

// ChoiceShrinker is a gopter shrinker for one choice of a tape (a uint64).
// It proposes 0 and then binary-searches for the smallest failing value:
// gopter asks for the next candidate only when the previous one passed,
// which tells the search to move up. For a choice above 256 it searches
// only [1, v/2], so each accepted shrink at least halves the choice; small
// choices are searched all the way to v-1, which finds exact thresholds.
func ChoiceShrinker(v interface{}) gopter.Shrink {
	u := v.(uint64)
	if u == 0 {
		return gopter.NoShrink
	}
	lo, hi := uint64(1), u-1
	var last uint64
	started := false
	return func() (interface{}, bool) {
		if !started {
			started = true
			return uint64(0), true
		}
		if last != 0 { // the previous candidate passed: the threshold is above it
			lo = last + 1
		}
		if lo > hi {
			return nil, false
		}
		last = lo + (hi-lo)/2
		return last, true
	}
}
