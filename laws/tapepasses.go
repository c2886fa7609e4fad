package laws

import (
	"github.com/kgents/kgents-core/generators"
)

// tapeShrinker shrinks a failing case on its tape of choices: it is the
// gopter engine's shrinker (gopter's own slice shrinker is not used). It
// runs the passes rapid's shrinker runs on its bitstream and Hypothesis'
// on its choice sequence, cheap ones in every round:
//
//   - delete spans of choices: chunks of half the tape, a quarter, …, one
//     choice, from the end backwards, so that a deletion leaves the
//     positions before it in place;
//   - minimise each choice: 0, then a binary search towards 0;
//
// and, in a round where those make no progress, the dearer ones:
//
//   - delete two adjacent choices at the positions the chunks missed (an
//     element of a collection is a choice to go on plus the element's);
//   - try the smallest values of each choice (a failure that is not
//     monotone in the choice, such as a modular condition, leaves the
//     binary search above its minimum);
//   - lower a coin (a choice of 1) to 0 and try the smallest values of
//     the choice after it: a coin that switches what the next choice
//     means (a special int's, between a special value the choice spells
//     and the plain value at that distance) turns the value into a
//     different one only together with that choice;
//   - swap two choices when that sorts the tape (an input moved between
//     operad arguments or variables);
//   - lower a choice by one and delete one choice after it (a count drawn
//     before what it counts shrinks only together with one of them).
//
// The last two pair a choice only with the nearChoices choices after it:
// pairing every two choices would cost a number of evaluations that grows
// with the square of the tape, in the round that confirms the minimum,
// which every shrink ends with.
//
// A candidate replaces the case when it fails the same way and the
// choices it read are simpler (shortlex: fewer, then smaller); the case
// kept is always the choices the law read, with the choices read past the
// end written out as zeros, so that the passes can move them (sorting
// [1, 0] needs the 0). No tape is evaluated twice: every tape tried and
// every tape kept is remembered (by a 64-bit hash; past maxSeenTapes the
// memory starts afresh). A pass does not start again from the beginning
// after a success: it goes on from where it is. The shrinker stops when a
// round of all passes makes no progress, after max evaluations, or when
// stop returns true (the time bound).
type tapeShrinker struct {
	// fails evaluates a candidate and, when it fails the way the case
	// does, returns the choices it read.
	fails func(generators.Tape) (generators.Tape, bool)
	stop  func() bool
	max   int

	cur     generators.Tape
	seen    map[uint64]struct{}
	buf     generators.Tape // the candidate being built; fails must not keep it
	tries   int
	shrinks int
	done    bool // stop returned true or max evaluations were made
}

// shrinkTapeCase shrinks tape, a failing case, with a tapeShrinker and
// returns the simplest tape found and the number of evaluations.
func shrinkTapeCase(tape generators.Tape, max int, stop func() bool, fails func(generators.Tape) (generators.Tape, bool)) (generators.Tape, int) {
	s := &tapeShrinker{fails: fails, stop: stop, max: max, cur: tape, seen: make(map[uint64]struct{}, 64)}
	s.seen[hashTape(tape)] = struct{}{}
	s.run()
	return s.cur, s.tries
}

func (s *tapeShrinker) run() {
	for !s.done {
		before := s.shrinks
		s.deleteSpans()
		s.minimiseChoices()
		if s.shrinks == before {
			s.deletePairs()
			s.lowerChoices()
			s.lowerCoins()
			s.sortChoices()
			s.lowerAndDelete()
		}
		if s.shrinks == before {
			return
		}
	}
}

// try evaluates the candidate in s.buf and keeps it if it fails the same
// way and what it read is simpler than the current case.
func (s *tapeShrinker) try() bool {
	if s.done || !simplerTape(s.buf, s.cur) {
		return false
	}
	h := hashTape(s.buf)
	if _, ok := s.seen[h]; ok {
		return false
	}
	if s.tries >= s.max || (s.stop != nil && s.stop()) {
		s.done = true
		return false
	}
	if len(s.seen) >= maxSeenTapes {
		clear(s.seen) // bounded memory: a long shrink may then try a tape again
	}
	s.seen[h] = struct{}{}
	s.tries++
	read, ok := s.fails(s.buf)
	if !ok {
		return false
	}
	s.seen[hashTape(read)] = struct{}{}
	if !simplerTape(read, s.cur) {
		return false
	}
	s.cur = read
	s.shrinks++
	return true
}

// without puts the current case without its choices [i, j) in s.buf.
func (s *tapeShrinker) without(i, j int) {
	s.buf = append(append(s.buf[:0], s.cur[:i]...), s.cur[j:]...)
}

// with puts the current case with choice i set to u in s.buf.
func (s *tapeShrinker) with(i int, u uint64) {
	s.buf = append(s.buf[:0], s.cur...)
	s.buf[i] = u
}

func (s *tapeShrinker) deleteSpans() {
	for k := max(len(s.cur)/2, 1); k >= 1 && !s.done; k /= 2 {
		for i := len(s.cur) - k; i >= 0 && !s.done; i -= k {
			if i+k > len(s.cur) {
				continue // the case got shorter than what it read
			}
			s.without(i, i+k)
			s.try()
		}
	}
}

// deletePairs deletes two adjacent choices at every position (deleteSpans
// deletes pairs only at even distances from the end): an element of a
// collection is often a choice to go on and the element's own.
func (s *tapeShrinker) deletePairs() {
	for i := len(s.cur) - 3; i >= 0 && !s.done; i -= 2 {
		if i+2 <= len(s.cur) {
			s.without(i, i+2)
			s.try()
		}
	}
}

func (s *tapeShrinker) minimiseChoices() {
	for i := 0; i < len(s.cur) && !s.done; i++ {
		u := s.cur[i]
		if u == 0 {
			continue
		}
		if s.with(i, 0); s.try() {
			continue
		}
		// Binary search for the smallest failing value, taking failure as
		// monotone in the choice: lo does not fail, hi does.
		lo, hi := uint64(0), u
		for hi-lo > 1 && !s.done && i < len(s.cur) && s.cur[i] == hi {
			mid := lo + (hi-lo)/2
			if s.with(i, mid); s.try() {
				hi = mid
			} else {
				lo = mid
			}
		}
	}
}

// maxSeenTapes bounds the shrinker's memory of tapes tried.
const maxSeenTapes = 1 << 16

// nearChoices is how far apart two choices sortChoices and lowerAndDelete
// pair can be: an element of a collection and the next, or a count and
// the first things it counts.
const nearChoices = 4

// smallChoices is how many of the smallest values lowerChoices tries for
// each choice.
const smallChoices = 8

func (s *tapeShrinker) lowerChoices() {
	for i := 0; i < len(s.cur) && !s.done; i++ {
		for v := uint64(1); v < min(s.cur[i], smallChoices) && !s.done; v++ {
			if s.with(i, v); s.try() {
				break
			}
		}
	}
}

// lowerCoins lowers each coin that is 1 to 0 together with setting the
// choice after it to each of its smallChoices smallest values (the coin
// lowered alone is minimiseChoices' first candidate).
func (s *tapeShrinker) lowerCoins() {
	for i := 0; i+1 < len(s.cur) && !s.done; i++ {
		if s.cur[i] != 1 {
			continue
		}
		for v := uint64(0); v < smallChoices && !s.done; v++ {
			if v == s.cur[i+1] {
				continue
			}
			s.buf = append(s.buf[:0], s.cur...)
			s.buf[i], s.buf[i+1] = 0, v
			if s.try() {
				break
			}
		}
	}
}

func (s *tapeShrinker) sortChoices() {
	for i := 0; i < len(s.cur) && !s.done; i++ {
		for j := i + 1; j < len(s.cur) && j <= i+nearChoices && !s.done; j++ {
			if s.cur[j] < s.cur[i] {
				s.buf = append(s.buf[:0], s.cur...)
				s.buf[i], s.buf[j] = s.buf[j], s.buf[i]
				if s.try() {
					break
				}
			}
		}
	}
}

// lowerAndDelete lowers a choice by one and deletes one choice after it
// at once: a count drawn before what it counts (pieces of a template,
// elements of a collection) shrinks only with one of them.
func (s *tapeShrinker) lowerAndDelete() {
	for i := 0; i < len(s.cur) && !s.done; i++ {
		if s.cur[i] == 0 {
			continue
		}
		for j := i + 1; j < len(s.cur) && j <= i+nearChoices && !s.done; j++ {
			s.buf = append(append(s.buf[:0], s.cur[:j]...), s.cur[j+1:]...)
			s.buf[i]--
			if s.try() {
				break
			}
		}
	}
}

// simplerTape orders tapes shortlex: shorter first, then lexicographically.
func simplerTape(a, b generators.Tape) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// hashTape hashes a tape for the shrinker's memory of tapes tried
// (splitmix64 over the choices and the length: deterministic, so a run
// shrinks the same way every time).
func hashTape(t generators.Tape) uint64 {
	h := uint64(len(t))
	for _, u := range t {
		h = nextCaseSeed(h ^ u)
	}
	return h
}
