package generators

import (
	"math"
	"sync"
	"sync/atomic"

	"pgregory.net/rapid"
)

// Constants are values that a special case draws on purpose: the literals
// of the code under test and their neighbours (package laws mines them
// from the package that built a law set). Ints serve integer generators,
// Floats float generators and Strings string generators; each list is in
// order of priority (the first values are the most likely) and a generator
// uses only the values it can produce (those in its range, over its
// alphabet).
type Constants struct {
	Ints    []int64
	Floats  []float64
	Strings []string
}

// Empty reports whether c offers no value.
func (c *Constants) Empty() bool {
	return c == nil || len(c.Ints)+len(c.Floats)+len(c.Strings) == 0
}

type specialState struct {
	near, far *Constants
}

// SpecialCase makes the rest of the case drawn from s a special one: the
// integer, float and string generators of this package then draw, for
// each value, a kind: a plain random value, a boundary or edge value of
// the carrier (its ends, 0, ±1, ±2, the float edges), one of near (the
// literals closest to the code under test) or one of far (the literals of
// its whole package); see the package documentation for the rates. Either
// may be nil. Package laws makes a case special on a fair coin drawn from
// the choices, so half of the cases stay plain random.
func (s *Source) SpecialCase(near, far *Constants) {
	st := &specialState{near: near, far: far}
	s.special = st
	if s.rt != nil {
		specialCases.Store(s.rt, st)
		specialActive.Add(1)
	}
}

// EndCase ends what SpecialCase began; a caller that made a case special
// must call it when the case ends.
func (s *Source) EndCase() {
	if s.special != nil && s.rt != nil {
		specialCases.Delete(s.rt)
		specialActive.Add(-1)
	}
	s.special = nil
}

// specialCases maps the *rapid.T of a special case to its state, so that
// generators drawn as separate rapid groups (each with a Source of its
// own) see that the case is special.
var (
	specialCases  sync.Map // *rapid.T -> *specialState
	specialActive atomic.Int64
)

func specialOf(t *rapid.T) *specialState {
	if specialActive.Load() == 0 {
		return nil
	}
	if c, ok := specialCases.Load(t); ok {
		return c.(*specialState)
	}
	return nil
}

// Kinds of value a generator draws in a special case.
const (
	kindPlain = iota
	kindBoundary
	kindConstant
)

var kindChoice = newChoice(7)

// kind draws the kind of the next value: always plain outside a special
// case; in one, a choice k in [0, 7]: 0 plain, 1 boundary, 2 to 5 a near
// constant, 6 and 7 a far one; a kind whose list is empty (no near
// constant, say) draws a boundary value instead. For a constant it
// returns the list to pick from.
func (s *Source) kind() (int, *Constants) {
	if s.special == nil {
		return kindPlain, nil
	}
	k := kindChoice.draw(s)
	switch {
	case k == 0:
		return kindPlain, nil
	case k == 1:
		return kindBoundary, nil
	case k <= 5 && !s.special.near.Empty():
		return kindConstant, s.special.near
	case k >= 6 && !s.special.far.Empty():
		return kindConstant, s.special.far
	}
	return kindBoundary, nil
}

// intSpecials is the boundary set of an integer range: its ends, the
// target (the value closest to 0), the ends' inner neighbours, ±1 and ±2
// around the target, in that order (the first are the likeliest), without
// repeats.
func intSpecials(lo, hi int64, unsigned bool) []uint64 {
	var out []uint64
	seen := map[uint64]bool{}
	add := func(v uint64) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	if unsigned {
		l, h := uint64(lo), uint64(hi)
		for _, v := range []uint64{l, h, l + 1, h - 1, l + 2, h - 2, math.MaxInt64, math.MaxInt64 + 1} {
			if v >= l && v <= h {
				add(v)
			}
		}
		return out
	}
	t := int64(0)
	if lo > 0 {
		t = lo
	} else if hi < 0 {
		t = hi
	}
	for _, v := range []int64{lo, hi, t, lo + 1, hi - 1, t + 1, t - 1, t + 2, t - 2} {
		if v >= lo && v <= hi {
			add(uint64(v))
		}
	}
	return out
}

// pickConstant draws one of the values of c.Ints in [lo, hi] (compared as
// unsigned when unsigned), favouring the first; ok is false when none is.
func pickConstant(s *Source, ints []int64, lo, hi int64, unsigned bool) (uint64, bool) {
	in := func(v int64) bool {
		if unsigned {
			return v >= 0 && uint64(v) >= uint64(lo) && uint64(v) <= uint64(hi)
		}
		return v >= lo && v <= hi
	}
	n := 0
	for _, v := range ints {
		if in(v) {
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	k := s.Choose(uint64(n - 1))
	for _, v := range ints {
		if in(v) {
			if k == 0 {
				return uint64(v), true
			}
			k--
		}
	}
	return 0, false
}

// pickString draws one of strs accepted by ok, favouring the first.
func pickString(s *Source, strs []string, ok func(string) bool) (string, bool) {
	var fit []string
	for _, v := range strs {
		if ok(v) {
			fit = append(fit, v)
		}
	}
	if len(fit) == 0 {
		return "", false
	}
	return fit[s.Choose(uint64(len(fit)-1))], true
}
