package generators

import (
	"math"
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

// Special are the constants of a special case: near (the literals
// closest to the code under test) and far (those of its whole package);
// either may be nil.
type Special struct {
	Near, Far *Constants
}

// SpecialCase makes the rest of the case drawn from s a special one: the
// integer, float and string generators of this package then draw, for
// each value, a kind: a plain random value, a boundary or edge value of
// the carrier (its ends, 0, ±1, ±2, the float edges), one of the near
// constants or one of the far ones; see the package documentation for the
// layout and the rates. It draws one fair coin itself: heads, every int
// of the case is special. Package laws makes a case special on a fair
// coin drawn from the choices, so half of the cases stay plain random. sp
// must not change while cases use it.
func (s *Source) SpecialCase(sp *Special) {
	if sp == nil {
		sp = noSpecial
	}
	s.special = sp
	s.drawn = 0
	s.allSpecial = s.Bool()
}

// noSpecial is the Special of a special case given none: no constants.
var noSpecial = &Special{}

// MaybeSpecialCase draws a fair coin and, on heads, makes the rest of the
// case a special one as SpecialCase(sp) does; it reports the coin. Its
// choices are those of Bool followed, on heads, by SpecialCase's, so a
// tape recorded through either replays through the other; on a
// recording tape it draws them without a call per coin (package laws
// draws one such coin per case, and a cheap case pays for every call).
func (s *Source) MaybeSpecialCase(sp *Special) bool {
	t := s.tape
	if t == nil || !t.record {
		if !s.Bool() {
			return false
		}
		s.SpecialCase(sp)
		return true
	}
	// Each coin is the PCG's low bit, as Bool draws it.
	s.draws++
	u := t.pcg.Uint64() & 1
	t.data = append(t.data, u)
	if u == 0 {
		return false
	}
	if sp == nil {
		sp = noSpecial
	}
	s.draws++
	a := t.pcg.Uint64() & 1
	t.data = append(t.data, a)
	s.special, s.drawn, s.allSpecial = sp, 0, a == 1
	return true
}

// EndCase ends what SpecialCase began; a caller that made a case special
// must call it when the case ends.
func (s *Source) EndCase() {
	s.special, s.drawn, s.allSpecial = nil, 0, false
}

// Kinds is a set of the kinds of special value drawn: what a case, or one
// of its variables, actually received, as opposed to what its coin asked
// for (a kind whose list is empty falls back to a boundary value, and a
// special case may still draw only plain values).
type Kinds uint8

// The kinds of special value; a value drawn plainly adds none.
const (
	// KindBoundary: a boundary or edge value of the carrier.
	KindBoundary Kinds = 1 << iota
	// KindNear: one of the near constants.
	KindNear
	// KindFar: one of the far constants.
	KindFar
)

// Mined reports whether k holds a mined constant, near or far.
func (k Kinds) Mined() bool { return k&(KindNear|KindFar) != 0 }

// Boundary reports whether k holds a boundary value.
func (k Kinds) Boundary() bool { return k&KindBoundary != 0 }

// TakeDrawn returns the kinds of special value drawn from s since the case
// began or since the last TakeDrawn, and forgets them, so that a caller
// can tell the kinds of each value of a case apart; nested draw groups
// count for the Source of their case. A nil Source drew none.
func (s *Source) TakeDrawn() Kinds {
	if s == nil {
		return 0
	}
	k := s.drawn
	s.drawn = 0
	return k
}

// note records that a special value of kind k was drawn.
func (s *Source) note(k Kinds) {
	if s.owner != nil {
		s.owner.drawn |= k
		return
	}
	s.drawn |= k
}

// noteConstant records that a constant of list c was drawn.
func (s *Source) noteConstant(c *Constants) {
	if c == s.special.Near {
		s.note(KindNear)
	} else {
		s.note(KindFar)
	}
}

// caseRef binds the rapid generators of nested draws to a special case.
// rapid draws each group (an item of a collection, a part of a Map2) on a
// new *rapid.T, so a nested draw cannot find its case from its *rapid.T;
// instead a special case draws its groups with generators of its own,
// bound to the Source of the case for the length of one draw. Plain cases
// keep the generators built once per Gen.
type caseRef struct {
	owner *Source
	// items: the draws are the items of a collection, to which the
	// case's every-int-special coin does not apply (see plainItems).
	items bool
}

// source returns the Source of a nested draw on t in the case c is bound to.
func (c *caseRef) source(t *rapid.T) Source {
	return Source{rt: t, special: c.owner.special, allSpecial: c.owner.allSpecial && !c.items, owner: c.owner}
}

// plainItems lifts the case's every-int-special coin from s while the
// items of a collection are drawn on it (on a tape), and returns what
// puts it back: the items of a collection keep a coin each, since a
// collection of distinct items could not be made of the few special
// values of a range.
func (s *Source) plainItems() func() {
	if !s.allSpecial {
		return func() {}
	}
	s.allSpecial = false
	return func() { s.allSpecial = true }
}

// caseBound is a rapid generator whose nested draws read their case from
// its caseRef.
type caseBound[T any] struct {
	caseRef
	rg *rapid.Generator[T]
}

// caseSlot keeps one caseBound between the draws of special cases, so
// that drawing a group in one costs no allocation once the slot is
// filled. A draw takes the caseBound out of the slot, so concurrent or
// recursive draws of one generator each get one of their own.
type caseSlot[T any] struct {
	free  atomic.Pointer[caseBound[T]]
	items bool // the slot draws collections: see caseRef.items
}

// draw draws on s's *rapid.T, for s's case, the generator that build makes
// for a caseRef. A draw that panics (rapid ends a case so) drops its
// caseBound.
func (c *caseSlot[T]) draw(s *Source, build func(*caseRef) *rapid.Generator[T]) T {
	b := c.free.Swap(nil)
	if b == nil {
		b = &caseBound[T]{caseRef: caseRef{items: c.items}}
		b.rg = build(&b.caseRef)
	}
	b.owner = s
	if s.owner != nil {
		b.owner = s.owner
	}
	v := b.rg.Draw(s.rt, "")
	b.owner = nil
	c.free.Store(b)
	return v
}

// Kinds of value a generator draws in a special case.
const (
	kindPlain = iota
	kindBoundary
	kindConstant
)

var kindChoice = newChoice(7)

// kind draws the kind of the next float or string (ints spell theirs
// with their distance, see IntRange): always plain outside a special
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
	case k <= 5 && !s.special.Near.Empty():
		return kindConstant, s.special.Near
	case k >= 6 && !s.special.Far.Empty():
		return kindConstant, s.special.Far
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
