package poly

import (
	"iter"
	"slices"
)

// Positions is the finite set of states of an agent: a listed set for a
// leaf agent, a product for a composition. Positions are immutable.
type Positions struct {
	list  []Value     // a listed set
	parts []Positions // a product, as right-nested pairs
	n     int         // number of positions
	has   func(Value) bool
}

// States returns the listed set of positions vs (duplicates dropped).
func States(vs ...Value) Positions {
	set := make([]Value, 0, len(vs))
	for _, v := range vs {
		if v != nil && !slices.Contains(set, v) {
			set = append(set, v)
		}
	}
	var index map[Value]struct{}
	if len(set) > 8 {
		index = make(map[Value]struct{}, len(set))
		for _, v := range set {
			index[v] = struct{}{}
		}
	}
	p := Positions{list: set, n: len(set)}
	if denseInts(set) {
		n := Int(len(set))
		p.has = func(v Value) bool {
			i, ok := v.(Int)
			return ok && i >= 0 && i < n
		}
		return p
	}
	p.has = func(v Value) bool {
		if index != nil {
			_, ok := index[v]
			return ok
		}
		return slices.Contains(set, v)
	}
	return p
}

// Product returns the positions of a composition of agents with positions
// ps: their states as right-nested pairs, [Tuple] of one state of each
// (unit() alone for no part, the part itself for one).
func Product(ps ...Positions) Positions {
	switch len(ps) {
	case 0:
		return States(Unit{})
	case 1:
		return ps[0]
	}
	n := 1
	for _, p := range ps {
		n = mulCap(n, p.n)
	}
	parts := slices.Clone(ps)
	return Positions{parts: parts, n: n}
}

func mulCap(a, b int) int {
	const limit = 1 << 40
	if a == 0 || b == 0 {
		return 0
	}
	if a > limit/b {
		return limit
	}
	return a * b
}

// Contains reports whether v is one of the positions.
func (p Positions) Contains(v Value) bool {
	if p.parts == nil {
		return p.has != nil && p.has(v)
	}
	for i, part := range p.parts {
		if i == len(p.parts)-1 {
			return part.Contains(v)
		}
		pr, ok := v.(Pair)
		if !ok || !part.Contains(pr.L) {
			return false
		}
		v = pr.R
	}
	return false
}

// Len returns the number of positions (capped at 2^40 for huge products).
func (p Positions) Len() int { return p.n }

// All enumerates the positions. A product is enumerated lazily, so that
// ranging over part of a large product costs only that part.
func (p Positions) All() iter.Seq[Value] {
	return func(yield func(Value) bool) {
		p.each(yield)
	}
}

func (p Positions) each(yield func(Value) bool) bool {
	if p.parts == nil {
		for _, v := range p.list {
			if !yield(v) {
				return false
			}
		}
		return true
	}
	var rec func(i int, build func(Value) Value) bool
	rec = func(i int, build func(Value) Value) bool {
		if i == len(p.parts)-1 {
			return p.parts[i].each(func(v Value) bool { return yield(build(v)) })
		}
		return p.parts[i].each(func(v Value) bool {
			return rec(i+1, func(rest Value) Value { return build(Pair{v, rest}) })
		})
	}
	return rec(0, func(v Value) Value { return v })
}

// denseInts reports whether vs are the ints 0, 1, …, len(vs)-1 in order:
// the states of a generated table, which are then found by their value.
func denseInts(vs []Value) bool {
	for i, v := range vs {
		if v != Int(i) {
			return false
		}
	}
	return len(vs) > 0
}
