package laws

import (
	"math"
	"reflect"
	"time"

	"github.com/kgents/kgents-core/generators"
)

// The passes below run after the engine's shrinker and the structural
// (term) shrinker, on the values of a counterexample's bindings, so that
// both engines end on the same minimum. They are modelled on Hypothesis'
// shrinker passes (minimise each integer, redistribute size between
// pairs, sort) and on the order of simplicity of package generators:
// 0, 1, -1, 2, -2, …
//
//   - minimise an integer: try the simplest values first (this also
//     normalises the sign: -1 is simpler than 2), then binary-search the
//     magnitude towards 0, then try the values up to ±modularScan (a
//     failure under a modular condition, y % 7 == 3, is not monotone in
//     y and binary search alone leaves it huge);
//   - move size between two integers: (x, y) → (x−k, y+k), all of x first
//     (x + y = 128 ends as 0 + 128, not 1 + 127);
//   - swap two values of the same type when the later one is simpler (an
//     input moved between operad arguments or law variables).
//
// Every candidate is a full re-evaluation of the law with the changed
// values in place; it replaces the case only if it fails the same way.
// The passes stop at the shrink deadline and after maxPassTries
// evaluations.

const (
	maxPassTries = 20000
	smallScan    = 64   // simplest values tried for every integer
	modularScan  = 2048 // ranks tried for an integer still large after binary search
)

type passRunner struct {
	law      Law
	cur      outcome
	deadline time.Time
	tries    int
	hit      bool
	scratch  *Draws // reused by every evaluation (failing ones copy their bindings out)
}

// try re-evaluates the case with values[i] (and values[j]) replaced, and
// keeps it when it fails the same way.
func (p *passRunner) try(change map[int]any) bool {
	if p.exhausted() {
		return false
	}
	values, shrinks := valuesOf(p.cur)
	for i, v := range change {
		if i >= len(values) {
			return false
		}
		values[i], shrinks[i] = v, nil
	}
	p.tries++
	o := evalWith(p.law, generators.Replay(nil), values, shrinks, p.scratch)
	if !o.sameFailure(p.cur) || (o.message == "") != (p.cur.message == "") {
		return false
	}
	p.cur = o
	return true
}

func (p *passRunner) exhausted() bool {
	if p.hit {
		return true
	}
	if p.tries >= maxPassTries || (p.tries%16 == 0 && time.Now().After(p.deadline)) {
		p.hit = true
	}
	return p.hit
}

// valuePasses runs the passes until none improves the case. It returns
// the case, the number of evaluations, whether it stopped at its time
// bound, and whether it improved the case.
func valuePasses(law Law, cur outcome, deadline time.Time) (outcome, int, bool, bool) {
	p := &passRunner{law: law, cur: cur, deadline: deadline, scratch: &Draws{}}
	improved := false
	for !p.exhausted() {
		if !p.minimiseInts() && !p.moveSize() && !p.swap() {
			break
		}
		improved = true
	}
	return p.cur, p.tries, p.hit && time.Now().After(deadline), improved
}

// intValue reads an integer binding as int64 (uint64 values above MaxInt64
// are left alone).
func intValue(v any) (int64, reflect.Type, bool) {
	if v == nil {
		return 0, nil, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), rv.Type(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return 0, nil, false
		}
		return int64(u), rv.Type(), true
	}
	return 0, nil, false
}

// makeInt converts n to typ, reporting whether it fits.
func makeInt(n int64, typ reflect.Type) (any, bool) {
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.OverflowInt(n) {
			return nil, false
		}
		v.SetInt(n)
	default:
		if n < 0 || v.OverflowUint(uint64(n)) {
			return nil, false
		}
		v.SetUint(uint64(n))
	}
	return v.Interface(), true
}

// rank is an integer's place in the order of simplicity 0, 1, -1, 2, …
func rank(n int64) uint64 {
	switch {
	case n > 0:
		return 2*uint64(n) - 1
	case n < 0:
		return 2 * (uint64(-(n + 1)) + 1)
	}
	return 0
}

func unrank(r uint64) int64 {
	if r%2 == 1 {
		return int64((r + 1) / 2)
	}
	return -int64(r / 2)
}

func (p *passRunner) minimiseInts() bool {
	for i := range p.cur.bindings {
		v, typ, ok := intValue(p.cur.bindings[i].Value)
		if !ok || v == 0 || p.cur.bindings[i].gen == nil {
			continue
		}
		if p.scan(i, typ, v, smallScan) {
			return true
		}
		if p.bisect(i, typ, v) {
			return true
		}
		if v, _, _ = intValue(p.cur.bindings[i].Value); rank(v) > smallScan && p.scan(i, typ, v, modularScan) {
			return true
		}
	}
	return false
}

// scan tries the values simpler than v, simplest first, up to rank limit.
func (p *passRunner) scan(i int, typ reflect.Type, v int64, limit uint64) bool {
	for r := uint64(0); r < min(rank(v), limit); r++ {
		c, ok := makeInt(unrank(r), typ)
		if ok && p.cur.bindings[i].canProduce(c) && p.try(map[int]any{i: c}) {
			return true
		}
		if p.exhausted() {
			return false
		}
	}
	return false
}

// bisect binary-searches the smallest magnitude that still fails, on v's
// side of 0, assuming failure is monotone in the magnitude.
func (p *passRunner) bisect(i int, typ reflect.Type, v int64) bool {
	sign := int64(1)
	if v < 0 {
		sign = -1
	}
	hi := uint64(v)
	if v < 0 {
		hi = uint64(-(v + 1)) + 1
	}
	lo := uint64(min(smallScan/2, hi-1))
	improved := false
	for hi-lo > 1 && !p.exhausted() {
		mid := lo + (hi-lo)/2
		n := int64(mid) * sign
		c, ok := makeInt(n, typ)
		if ok && p.cur.bindings[i].canProduce(c) && p.try(map[int]any{i: c}) {
			hi, improved = mid, true
		} else {
			lo = mid
		}
	}
	return improved
}

// moveSize moves magnitude from an earlier integer to a later one of the
// same type: all of it first, then halves.
func (p *passRunner) moveSize() bool {
	bs := p.cur.bindings
	for i := range bs {
		vi, ti, ok := intValue(bs[i].Value)
		if !ok || vi == 0 || bs[i].gen == nil {
			continue
		}
		for j := i + 1; j < len(bs); j++ {
			vj, tj, ok := intValue(bs[j].Value)
			if !ok || tj != ti || bs[j].gen == nil {
				continue
			}
			for k := vi; k != 0; k /= 2 {
				a, okA := makeInt(vi-k, ti)
				if vj > 0 && k > math.MaxInt64-vj || vj < 0 && k < math.MinInt64-vj {
					continue
				}
				b, okB := makeInt(vj+k, tj)
				if okA && okB && bs[i].canProduce(a) && bs[j].canProduce(b) && p.try(map[int]any{i: a, j: b}) {
					return true
				}
				if p.exhausted() {
					return false
				}
			}
		}
	}
	return false
}

// swap exchanges two values of the same type when the later one is
// simpler, so that the simpler value sits in the earlier variable.
func (p *passRunner) swap() bool {
	bs := p.cur.bindings
	for i := range bs {
		for j := i + 1; j < len(bs); j++ {
			a, b := bs[i].Value, bs[j].Value
			if bs[i].gen == nil || bs[i].gen != bs[j].gen {
				continue // only values of one generator can trade places
			}
			sa, okA := simplicity(a)
			sb, okB := simplicity(b)
			if !okA || !okB || sb >= sa {
				continue
			}
			if p.try(map[int]any{i: b, j: a}) {
				return true
			}
		}
	}
	return false
}

// simplicity measures a value for the swap pass: an integer's rank, a
// term's size (anything with a Size method), a string's or collection's
// length.
func simplicity(v any) (uint64, bool) {
	if n, _, ok := intValue(v); ok {
		return rank(n), true
	}
	if s, ok := v.(interface{ Size() int }); ok {
		return uint64(s.Size()), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String, reflect.Slice, reflect.Map:
		return uint64(rv.Len()), true
	}
	return 0, false
}
