package generators

import (
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"sync"
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
// values and the constants that fall in the range: a fair coin folded
// into the distance makes the value special, spelled by the distance
// drawn anyway, so that lowering the coin turns a special value into a
// plain one the shrinker can go on lowering.
func IntRange[T Integer](lo, hi T) Gen[T] {
	if lo > hi {
		panic(fmt.Sprintf("generators: IntRange(%v, %v): lo > hi", lo, hi))
	}
	// Laws build ranges inside a case (an index below an arity drawn
	// just before), so building one must be cheap: a range near 0 is
	// built once and shared (a Gen is immutable), and for any other the
	// name is made when asked for and the boundary set on the first
	// special draw.
	var zero T
	if _, isInt := any(zero).(int); isInt && lo >= 0 && lo < smallIndexLo && hi <= cachedRange {
		slot := &smallIndexRanges[int(lo)][int(hi)]
		if impl := slot.Load(); impl != nil {
			return any(Gen[int]{impl: impl}).(Gen[T])
		}
		g := sharedIntRange(lo, hi)
		slot.Store(any(g).(Gen[int]).impl)
		return g
	}
	return sharedIntRange(lo, hi)
}

// smallIndexRanges holds IntRange[int](lo, hi) for lo < smallIndexLo and hi
// ≤ cachedRange, as rangeGens does, found without hashing a key: these
// are the index ranges (1 to an arity, 0 to a length) that laws build in
// nearly every case.
var smallIndexRanges [smallIndexLo][cachedRange + 1]atomic.Pointer[genImpl[int]]

const smallIndexLo = 3

// sharedIntRange is IntRange for lo ≤ hi.
func sharedIntRange[T Integer](lo, hi T) Gen[T] {
	unsigned := !isSigned[T]()
	if unsigned && uint64(hi) <= cachedRange || !unsigned && int64(lo) >= -cachedRange && int64(hi) <= cachedRange {
		key := rangeKey{typ: reflect.TypeFor[T](), lo: int64(lo), hi: int64(hi)}
		if g, ok := rangeGens.Load(key); ok {
			return g.(Gen[T])
		}
		g, _ := rangeGens.LoadOrStore(key, newIntRange(lo, hi, unsigned))
		return g.(Gen[T])
	}
	return newIntRange(lo, hi, unsigned)
}

// cachedRange bounds the ends of the ranges that IntRange shares.
const cachedRange = 64

// rangeGens holds the shared IntRange generators, by type and ends.
var rangeGens sync.Map // rangeKey -> Gen[T]

type rangeKey struct {
	typ    reflect.Type
	lo, hi int64
}

func newIntRange[T Integer](lo, hi T, unsigned bool) Gen[T] {
	r := &intRange[T]{lo: lo, hi: hi, unsigned: unsigned}
	// A range of fewer than smallRange values is drawn plainly even in a
	// special case: random draws already meet each of its values, and an
	// extra choice per draw would only give the shrinker more to do.
	r.small = uint64(hi)-uint64(lo) < smallRange
	if r.unsigned {
		r.offset = newChoice(uint64(hi) - uint64(lo))
		r.folded = newFolded(uint64(hi) - uint64(lo))
	} else {
		r.signed = newSignedMap(int64(lo), int64(hi))
	}
	return Gen[T]{impl: &genImpl[T]{
		lazyName: r.String,
		draw:     r.draw,
		produces: r.produces,
	}}
}

// intRange is the state of one IntRange generator.
type intRange[T Integer] struct {
	lo, hi          T
	unsigned, small bool
	signed          signedMap // signed ranges
	offset          choice    // unsigned ranges: the distance from lo
	folded          folded    // unsigned ranges: the offset with a special case's coin

	// spelled is what each slot of a special distance spells for the
	// constants of the last special case (see spelledBy).
	spelled atomic.Pointer[slotLists]
}

func (r *intRange[T]) String() string { return fmt.Sprintf("IntRange(%v, %v)", r.lo, r.hi) }

func (r *intRange[T]) produces(v T) bool { return r.lo <= v && v <= r.hi }

func (r *intRange[T]) draw(s *Source) T {
	if s.special != nil && !r.small {
		return r.drawSpecialCase(s)
	}
	if r.unsigned {
		return T(uint64(r.lo) + r.offset.draw(s))
	}
	return T(r.signed.draw(s))
}

// drawSpecialCase draws a value of a special case: the plain value's
// choices with a fair coin folded into the distance as its low bit (see
// folded), heads (or the case's every-int-special coin heads) for a
// special value spelled by the distance (see specialOf). No further
// choice is drawn, so a special int costs what a plain one does, and
// lowering the distance's choice by one (heads to tails) keeps the tape's
// length and turns the value into the plain one at the same distance.
func (r *intRange[T]) drawSpecialCase(s *Source) T {
	if r.unsigned {
		var d uint64
		var special bool
		if r.folded.ok {
			d, special = r.folded.draw(s)
		} else {
			special = s.Bool()
			d = r.offset.draw(s)
		}
		if special || s.allSpecial {
			return r.specialOf(s, d)
		}
		return T(uint64(r.lo) + d)
	}
	v, d, special := r.signed.drawFolded(s)
	if special || s.allSpecial {
		return r.specialOf(s, d)
	}
	return T(v)
}

// folded draws a distance in [0, max] together with a fair coin, as one
// choice u in [0, 2max+1]: the distance is u/2 and the coin u's low bit,
// so that the coin costs no draw of its own (a draw is what a case pays
// for), the two values of one distance are neighbours (u and u-1), and
// the tape keeps the plain value's length. For max = 2^63 (the negative
// side of a signed 64-bit range) u spans all of uint64 and the distance
// stops at 2^63-1: the one value lost, the range's end, is a boundary
// value. A wider max cannot be folded (ok is false): the coin is then a
// choice of its own, before the distance.
type folded struct {
	c  choice
	ok bool
}

func newFolded(max uint64) folded {
	switch {
	case max < 1<<63:
		return folded{c: newChoice(2*max + 1), ok: true}
	case max == 1<<63:
		return folded{c: newChoice(math.MaxUint64), ok: true}
	}
	return folded{}
}

func (f *folded) draw(s *Source) (d uint64, coin bool) {
	u := f.c.draw(s)
	return u >> 1, u&1 == 1
}

// specialOf is the special value spelled by the distance d: its low three
// bits give the kind (see specialSlots) and, with the bits above them, the
// index in that kind's list, modulo its length, so that the smallest
// distances spell the first values of each list. A kind whose list has
// no value in the range falls back as specialSlots says.
func (r *intRange[T]) specialOf(s *Source, d uint64) T {
	ls := r.spelled.Load()
	if ls == nil || ls.near != s.special.Near || ls.far != s.special.Far {
		ls = r.spelledBy(s.special)
	}
	l := &ls.slots[d&7]
	s.note(l.kind)
	// 24 bits above the slot are enough to reach any index of a list
	// and keep the index's arithmetic in 32 bits (a cheaper division).
	return T(l.values[l.index(uint32(d>>3&(1<<24-1))*l.of+l.at)])
}

// slotLists is, for one pair of constant lists, the list each slot of a
// special distance draws from, with its kind: the slot's own kind, its
// fallback, or the boundary values, whichever first has a value in the
// range.
type slotLists struct {
	near, far *Constants
	slots     [8]slotList
}

// slotList is the list a slot draws from, with the slot's place among
// the slots of its kind (at of of, see specialSlot) and what
// favourFirst needs to index the list without a division: Lemire's
// fastmod constants for the list's length and its first half's.
type slotList struct {
	kind          Kinds
	values        []uint64
	at, of        uint32
	n, half       uint32
	modN, modHalf uint64
}

func newSlotList(slot specialSlot, kind Kinds, values []uint64) slotList {
	n, half := uint32(len(values)), uint32(len(values)+1)/2
	return slotList{kind: kind, values: values, at: uint32(slot.at), of: uint32(slot.of),
		n: n, half: half, modN: math.MaxUint64/uint64(n) + 1, modHalf: math.MaxUint64/uint64(half) + 1}
}

// index is favourFirst(i, len(l.values)). It selects the operands
// rather than branching on i (a random choice's bits), so that the
// compiler can make it branch-free.
func (l *slotList) index(i uint32) uint32 {
	a, m, n := i-i>>2, l.modN, l.n
	ha, hm, hn := i>>2, l.modHalf, l.half
	if i&3 == 3 {
		a, m, n = ha, hm, hn
	}
	return fastMod(a, m, n)
}

// fastMod is a % d for the constant m = MaxUint64/d + 1 (Lemire, Kaser
// and Kurz, "Faster remainder by direct computation", 2019): exact for
// every 32-bit a and d.
func fastMod(a uint32, m uint64, d uint32) uint32 {
	hi, _ := bits.Mul64(m*uint64(a), uint64(d))
	return uint32(hi)
}

// spelledBy works out the slotLists of sp's constants for r and keeps
// them: the constants of a run stay the same from case to case.
func (r *intRange[T]) spelledBy(sp *Special) *slotLists {
	ls := &slotLists{near: sp.Near, far: sp.Far}
	fit := func(c *Constants) []uint64 {
		if c == nil {
			return nil
		}
		var out []uint64
		for _, v := range c.Ints {
			if r.unsigned && v >= 0 && uint64(v) >= uint64(r.lo) && uint64(v) <= uint64(r.hi) ||
				!r.unsigned && v >= int64(r.lo) && v <= int64(r.hi) {
				out = append(out, uint64(v))
			}
		}
		return out
	}
	lists := map[Kinds][]uint64{
		KindBoundary: intSpecials(int64(r.lo), int64(r.hi), r.unsigned),
		KindNear:     fit(sp.Near),
		KindFar:      fit(sp.Far),
	}
	for j, sl := range specialSlots {
		k := KindBoundary
		for _, c := range [2]Kinds{sl.kind, sl.alt} {
			if len(lists[c]) > 0 {
				k = c
				break
			}
		}
		ls.slots[j] = newSlotList(sl, k, lists[k])
	}
	r.spelled.Store(ls)
	return ls
}

// favourFirst maps i to an index of a list of n values in order of
// priority: one i in four (low bits 11) picks in the list's first half
// (the literals of a mined list come before their neighbours), the others
// in the whole list, modulo its length; so a value of the first half is
// drawn about 1.7 times as often as one of the second, and small i spell
// the first values.
func favourFirst(i uint32, n int) uint32 {
	if i&3 == 3 {
		return (i >> 2) % uint32((n+1)/2)
	}
	return (i - i>>2) % uint32(n) // the i not picking the first half, numbered densely
}

// specialSlot is what the low three bits of a special int's distance
// spell: a kind, the kind to take when its list has no value in the
// range (a boundary value when that one has none either), and the place
// of the value's index among the slots of the kind (at of of).
type specialSlot struct {
	kind, alt Kinds
	at, of    uint8
}

// specialSlots maps the low three bits of a special int's distance: 0 and
// 1 a boundary value; 2 to 4 a near constant, else a far one; 5 and 6 a
// near constant, else a boundary value; 7 a far constant, else a near
// one. Near constants get most slots because a bug at mined constants
// that needs two variables at once is met only when both are drawn from
// them; when there are none, their slots go half to the far constants
// and half to the boundary values, so that neither a law whose only
// constants are far nor one whose bug sits at a boundary of a package
// full of literals is starved.
var specialSlots = func() (out [8]specialSlot) {
	kinds := [8][2]Kinds{
		{KindBoundary, KindBoundary}, {KindBoundary, KindBoundary},
		{KindNear, KindFar}, {KindNear, KindFar}, {KindNear, KindFar},
		{KindNear, KindBoundary}, {KindNear, KindBoundary},
		{KindFar, KindNear},
	}
	for i, k := range kinds {
		out[i].kind, out[i].alt = k[0], k[1]
		for j, k2 := range kinds {
			if k2[0] == k[0] {
				if j < i {
					out[i].at++
				}
				out[i].of++
			}
		}
	}
	return out
}()

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
	upFolded   folded // the distances with a special case's coin
	downFolded folded
}

func newSignedMap(lo, hi int64) signedMap {
	t := int64(0)
	if lo > 0 {
		t = lo
	} else if hi < 0 {
		t = hi
	}
	up, down := uint64(hi)-uint64(t), uint64(t)-uint64(lo)
	return signedMap{target: t, up: up, down: down, upDistance: newChoice(up), downDist: newChoice(down),
		upFolded: newFolded(up), downFolded: newFolded(down)}
}

// drawFolded draws like draw with a fair coin folded into the distance
// (the layout of a special case's value, see folded), and returns the
// value, the distance and the coin. A signed 64-bit range's distances are
// at most 2^63, so they always fold.
func (m *signedMap) drawFolded(s *Source) (v int64, d uint64, coin bool) {
	t := uint64(m.target)
	downward := m.up == 0
	if m.up > 0 && m.down > 0 {
		downward = s.Bool()
	}
	if downward {
		d, coin = m.downFolded.draw(s)
		return int64(t - d), d, coin
	}
	d, coin = m.upFolded.draw(s)
	return int64(t + d), d, coin
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
