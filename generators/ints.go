package generators

import (
	"fmt"
	"math"
	"sync/atomic"
)

// Integer is the set of Go integer types.
type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// IntRange returns a generator of integers in [lo, hi]. It shrinks towards
// the value of the range closest to 0. A range on both sides of 0 draws a
// side and then a distance from 0 on that side, so that shrinking lowers
// the distance while keeping the sign (positive is simpler). In a special
// case (see [Source.SpecialCase]) it also draws the range's boundary
// values and the constants that fall in the range: it draws the plain
// value first and the kind after it, so that shrinking the kind to plain
// leaves a value the shrinker can go on lowering.
func IntRange[T Integer](lo, hi T) Gen[T] {
	if lo > hi {
		panic(fmt.Sprintf("generators: IntRange(%v, %v): lo > hi", lo, hi))
	}
	name := fmt.Sprintf("IntRange(%v, %v)", lo, hi)
	unsigned := !isSigned[T]()
	// A range of fewer than smallRange values is drawn plainly even in a
	// special case: random draws already meet each of its values, and an
	// extra choice per draw would only give the shrinker more to do.
	small := uint64(hi)-uint64(lo) < smallRange
	specials := intSpecials(int64(lo), int64(hi), unsigned)
	pickSpecial := newChoice(uint64(len(specials) - 1))
	caches := new([2]atomic.Pointer[fitCache]) // near, far
	special := func(s *Source) (T, bool) {
		k, consts := s.kind()
		if k == kindConstant {
			cache := &caches[0]
			if consts == s.special.Far {
				cache = &caches[1]
			}
			if v, ok := pickConstant(s, consts.Ints, int64(lo), int64(hi), unsigned, cache); ok {
				s.noteConstant(consts)
				return T(v), true
			}
		}
		if k != kindPlain {
			s.note(KindBoundary)
			return T(specials[pickSpecial.draw(s)]), true
		}
		return 0, false
	}
	var g Gen[T]
	if !unsigned {
		m := newSignedMap(int64(lo), int64(hi))
		g = Custom(name, func(s *Source) T {
			v := T(m.draw(s))
			if s.special != nil && !small {
				if sv, ok := special(s); ok {
					return sv
				}
			}
			return v
		})
	} else {
		l, h := uint64(lo), uint64(hi)
		offset := newChoice(h - l)
		g = Custom(name, func(s *Source) T {
			v := T(l + offset.draw(s))
			if s.special != nil && !small {
				if sv, ok := special(s); ok {
					return sv
				}
			}
			return v
		})
	}
	g.impl.produces = func(v T) bool { return lo <= v && v <= hi }
	return g
}

// smallRange is the width below which IntRange draws no special values.
const smallRange = 64

// Int returns a generator of all ints, shrinking towards 0.
func Int() Gen[int] { return IntRange(math.MinInt, math.MaxInt) }

// Int64 returns a generator of all int64s, shrinking towards 0.
func Int64() Gen[int64] { return IntRange[int64](math.MinInt64, math.MaxInt64) }

// Uint64 returns a generator of all uint64s, shrinking towards 0.
func Uint64() Gen[uint64] { return IntRange[uint64](0, math.MaxUint64) }

// Bool returns a generator of bools, shrinking towards false.
func Bool() Gen[bool] {
	return Custom("Bool()", func(s *Source) bool { return s.Bool() })
}

func isSigned[T Integer]() bool {
	var zero T
	return zero-1 < zero
}

// signedMap draws a value of [lo, hi] as a side of the target (the value
// closest to 0), when both sides have values, and then a distance from the
// target on that side. Drawing the side first keeps every shrink of the
// distance on the same side: a negative extreme shrinks to -1, never
// flips to a positive value that passes.
type signedMap struct {
	target     int64
	up, down   uint64 // number of values above and below the target
	upDistance choice
	downDist   choice
}

func newSignedMap(lo, hi int64) signedMap {
	t := int64(0)
	if lo > 0 {
		t = lo
	} else if hi < 0 {
		t = hi
	}
	up, down := uint64(hi)-uint64(t), uint64(t)-uint64(lo)
	return signedMap{target: t, up: up, down: down, upDistance: newChoice(up), downDist: newChoice(down)}
}

func (m signedMap) draw(s *Source) int64 {
	t := uint64(m.target)
	downward := m.up == 0
	if m.up > 0 && m.down > 0 {
		downward = s.Bool()
	}
	if downward {
		return int64(t - m.downDist.draw(s))
	}
	return int64(t + m.upDistance.draw(s))
}
