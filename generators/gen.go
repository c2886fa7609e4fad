package generators

import (
	"errors"
	"fmt"
	"sync"

	"pgregory.net/rapid"
)

// Gen is an engine-neutral generator of T: a function from a [Source] of
// choices to a value. The same Gen runs under rapid ([Rapid]) and under
// gopter ([Gopter]), and shrinks on both, because shrinking acts on the
// choices rather than on T.
//
// Gen values are immutable and safe to share between goroutines. The zero
// Gen is not usable; build generators with the constructors of this package
// or with [Custom].
type Gen[T any] struct {
	impl *genImpl[T]
}

type genImpl[T any] struct {
	name     string
	lazyName func() string // computes name on first use, when building it is costly
	draw     func(*Source) T
	shrink   func(T) []T // structural shrink candidates, see WithShrinker
	// drawTree draws a value with its structural shrink candidates; nil
	// when the generator has no structural shrinker (Map keeps the one of
	// the generator it maps).
	drawTree func(*Source) Shrinkable[T]
	// produces, when set, tells whether a value is one the generator can
	// produce (integer ranges know).
	produces func(T) bool

	rapidOnce sync.Once
	rapidGen  *rapid.Generator[T]
	// special keeps a rapid generator of this generator for the nested
	// draws of special cases (see drawSpecial), made on the first one.
	special caseSlot[T]
}

// Custom returns a generator that draws with fn. fn must be deterministic in
// the choices it reads from s: the same choices must give the same value.
// name is used in error messages and reports.
func Custom[T any](name string, fn func(s *Source) T) Gen[T] {
	if fn == nil {
		panic("generators: Custom with a nil function")
	}
	return Gen[T]{impl: &genImpl[T]{name: name, draw: fn}}
}

// Draw draws one value from s.
func (g Gen[T]) Draw(s *Source) T {
	return g.get().draw(s)
}

// String returns the generator's description, such as "IntRange(-5, 5)".
func (g Gen[T]) String() string {
	if g.impl == nil {
		return "<zero Gen>"
	}
	if g.impl.lazyName != nil {
		return g.impl.lazyName()
	}
	return g.impl.name
}

func (g Gen[T]) get() *genImpl[T] {
	if g.impl == nil {
		panic("generators: use of a zero Gen; build generators with the constructors of package generators")
	}
	return g.impl
}

// Example returns a value drawn with a deterministic random source seeded
// with seed. Use it in documentation and debugging; properties should draw
// through an engine.
func (g Gen[T]) Example(seed uint64) T {
	return g.Draw(Record(seed))
}

// rapid returns the generator as a rapid generator, built once. Drawing it
// on a *rapid.T makes a draw group, which rapid's shrinker can delete or
// replace as a unit.
func (g Gen[T]) rapid() *rapid.Generator[T] {
	impl := g.get()
	impl.rapidOnce.Do(func() {
		impl.rapidGen = rapid.Custom(func(t *rapid.T) T {
			s := Source{rt: t}
			return impl.drawOn(&s)
		})
	})
	return impl.rapidGen
}

// drawOn draws a value on s, a Source of its own on a nested *rapid.T.
func (impl *genImpl[T]) drawOn(s *Source) T {
	v := impl.draw(s)
	if s.draws == 0 {
		// rapid requires every generator draw to consume data.
		rapidFiller.Draw(s.rt, "")
	}
	return v
}

// rapidIn returns g as a rapid generator whose draws belong to the special
// case c is bound to when they run.
func (g Gen[T]) rapidIn(c *caseRef) *rapid.Generator[T] {
	impl := g.get()
	return rapid.Custom(func(t *rapid.T) T {
		s := c.source(t)
		return impl.drawOn(&s)
	})
}

// drawSpecial draws g as a group of its own on s, a Source of a special
// case under rapid, with a generator bound to the case.
func drawSpecial[T any](s *Source, g Gen[T]) T {
	return g.get().special.draw(s, g.rapidIn)
}

// WithShrinker returns g with a structural shrinker: candidates returns
// smaller versions of a value, simplest first. The engines shrink choices;
// a structural shrinker runs afterwards, on the value itself, for moves the
// choices cannot express well (hoisting a subtree into its parent's place,
// for terms). package laws uses it after the engine has shrunk a
// counterexample; the candidates must be values g could have produced, or
// at least values the property accepts.
//
// [Map] keeps the shrinker: a value of Map(g, f) shrinks to f of the
// candidates of the value of g it was made from.
func WithShrinker[T any](g Gen[T], candidates func(T) []T) Gen[T] {
	impl := g.get()
	draw := impl.draw
	return Gen[T]{impl: &genImpl[T]{name: impl.name, lazyName: impl.lazyName, draw: draw, shrink: candidates, produces: impl.produces,
		drawTree: func(s *Source) Shrinkable[T] { return Shrinkable[T]{Value: draw(s), candidates: candidates} }}}
}

// Shrinkable is a value drawn by a generator with a structural shrinker,
// together with its shrink candidates (see [WithShrinker]).
type Shrinkable[T any] struct {
	Value T
	// The candidates are candidates(Value) when candidates is set (a value
	// of WithShrinker: nothing is allocated per drawn value), else next().
	candidates func(T) []T
	next       func() []Shrinkable[T]
}

// Shrinks returns the structural shrink candidates of the value, simplest
// first, each with candidates of its own.
func (v Shrinkable[T]) Shrinks() []Shrinkable[T] {
	if v.candidates != nil {
		cs := v.candidates(v.Value)
		out := make([]Shrinkable[T], len(cs))
		for i, c := range cs {
			out[i] = Shrinkable[T]{Value: c, candidates: v.candidates}
		}
		return out
	}
	if v.next == nil {
		return nil
	}
	return v.next()
}

// DrawShrinkable draws a value from s, as [Gen.Draw] does, together with
// its structural shrink candidates (none when g has no shrinker).
func (g Gen[T]) DrawShrinkable(s *Source) Shrinkable[T] {
	impl := g.get()
	if impl.drawTree == nil {
		return Shrinkable[T]{Value: impl.draw(s)}
	}
	return impl.drawTree(s)
}

// Candidates returns the structural shrink candidates of v (see
// WithShrinker), or nil when g has no structural shrinker of its own
// (a generator made by Map shrinks only values it drew, through
// [Gen.DrawShrinkable]).
func (g Gen[T]) Candidates(v T) []T {
	if impl := g.get(); impl.shrink != nil {
		return impl.shrink(v)
	}
	return nil
}

// Produces reports whether v is a value g can produce, when g can tell:
// the integer generators ([IntRange], [Int], …) know their range; any
// other generator answers false. Shrink passes that change values
// directly use it to stay within what the generator could have drawn.
func (g Gen[T]) Produces(v T) bool {
	if impl := g.get(); impl.produces != nil {
		return impl.produces(v)
	}
	return false
}

// HasShrinker reports whether g has a structural shrinker, of its own or
// kept through Map.
func (g Gen[T]) HasShrinker() bool { return g.get().drawTree != nil }

// DrawGroup draws g from s as one unit: under rapid it is a draw group of
// its own (one node of a tree, one element of a collection), which rapid's
// shrinker can delete or replace whole; on a tape it is drawn inline.
func DrawGroup[T any](s *Source, g Gen[T]) T { return drawGroup(s, g) }

// drawGroup draws g as one unit: under rapid it is a separate draw group
// (one element of a collection, one node of a tree), so rapid can delete it
// whole; on a tape it is drawn inline.
func drawGroup[T any](s *Source, g Gen[T]) T {
	if s.rt == nil {
		return g.Draw(s)
	}
	s.draws++
	if s.special != nil {
		return drawSpecial(s, g)
	}
	return g.rapid().Draw(s.rt, "")
}

// Just returns a generator that always yields v. It makes no choices.
func Just[T any](v T) Gen[T] {
	return Gen[T]{impl: &genImpl[T]{
		lazyName: func() string { return fmt.Sprintf("Just(%v)", v) },
		draw:     func(*Source) T { return v },
	}}
}

// Map returns a generator of f(x) for x drawn from g. Shrinking x shrinks
// f(x) on both engines. f must be pure.
// A structural shrinker of g (see [WithShrinker]) is kept: the value
// f(x) shrinks to f of the candidates of x.
func Map[T, U any](g Gen[T], f func(T) U) Gen[U] {
	inner := g.get()
	impl := &genImpl[U]{
		lazyName: func() string { return "Map(" + g.String() + ")" },
		draw:     func(s *Source) U { return f(inner.draw(s)) },
	}
	if inner.drawTree != nil {
		impl.drawTree = func(s *Source) Shrinkable[U] { return mapShrinkable(inner.drawTree(s), f) }
	}
	return Gen[U]{impl: impl}
}

func mapShrinkable[T, U any](v Shrinkable[T], f func(T) U) Shrinkable[U] {
	return Shrinkable[U]{Value: f(v.Value), next: func() []Shrinkable[U] {
		cs := v.Shrinks()
		out := make([]Shrinkable[U], len(cs))
		for i, c := range cs {
			out[i] = mapShrinkable(c, f)
		}
		return out
	}}
}

// Bind returns a generator that draws x from g and then a value from f(x):
// a dependent draw, such as an index drawn from a length drawn first.
// Shrinking acts on the choices of both draws. f must be pure.
func Bind[T, U any](g Gen[T], f func(T) Gen[U]) Gen[U] {
	inner := g.get()
	return Gen[U]{impl: &genImpl[U]{
		lazyName: func() string { return "Bind(" + g.String() + ")" },
		draw:     func(s *Source) U { return f(inner.draw(s)).Draw(s) },
	}}
}

// FilterAttempts is the number of consecutive values [Gen.Filter] tries
// before it gives up with a [*FilterError].
const FilterAttempts = 100

// ErrFilterTooStrict is matched (with errors.Is) by every [*FilterError].
var ErrFilterTooStrict = errors.New("generators: filter rejects too much")

// FilterError reports a filter that rejected [FilterAttempts] consecutive
// values. Generators panic with it; the laws engine reports the panic as an
// errored law with this message, never as a pass.
type FilterError struct {
	Gen      string // the filtered generator
	Attempts int    // consecutive rejections
}

// Error says which filter rejected too much and what to do instead.
func (e *FilterError) Error() string {
	return fmt.Sprintf("generators: %s rejected %d consecutive values: the filter rejects too much; generate the wanted values directly (Map, Bind or a narrower range) instead of filtering", e.Gen, e.Attempts)
}

// Is makes errors.Is(err, ErrFilterTooStrict) true.
func (e *FilterError) Is(target error) bool { return target == ErrFilterTooStrict }

// Filter returns a generator of the values of g that satisfy keep. It draws
// again when keep rejects a value, at most [FilterAttempts] times in a row,
// and then panics with a [*FilterError] naming the generator. Filter suits
// predicates that reject rarely; prefer generating valid values directly.
func (g Gen[T]) Filter(keep func(T) bool) Gen[T] {
	inner := g.get()
	name := "Filter(" + g.String() + ")"
	return Custom(name, func(s *Source) T {
		for range FilterAttempts {
			if v := inner.draw(s); keep(v) {
				return v
			}
		}
		panic(&FilterError{Gen: name, Attempts: FilterAttempts})
	})
}

// OneOf returns a generator that picks one of gens and draws from it. It
// shrinks towards the first generator, so put the simplest first.
func OneOf[T any](gens ...Gen[T]) Gen[T] {
	if len(gens) == 0 {
		panic("generators: OneOf needs at least one generator")
	}
	impls := make([]*genImpl[T], len(gens))
	for i, g := range gens {
		impls[i] = g.get()
	}
	pick := newChoice(uint64(len(gens) - 1))
	return Custom(fmt.Sprintf("OneOf(%d generators)", len(gens)), func(s *Source) T {
		return impls[pick.draw(s)].draw(s)
	})
}

// Weighted pairs a generator with its relative weight, for [Frequency].
type Weighted[T any] struct {
	Weight int
	Gen    Gen[T]
}

// Frequency returns a generator that picks one of choices with probability
// proportional to its weight, when generating at random. It shrinks towards
// the first choice, so put the simplest first. Weights must be positive.
func Frequency[T any](choices ...Weighted[T]) Gen[T] {
	if len(choices) == 0 {
		panic("generators: Frequency needs at least one choice")
	}
	impls := make([]*genImpl[T], len(choices))
	cum := make([]uint64, len(choices))
	var total uint64
	for i, c := range choices {
		if c.Weight <= 0 {
			panic(fmt.Sprintf("generators: Frequency weight %d of choice %d is not positive", c.Weight, i))
		}
		impls[i] = c.Gen.get()
		total += uint64(c.Weight)
		cum[i] = total
	}
	pick := newChoice(total - 1)
	return Custom(fmt.Sprintf("Frequency(%d choices)", len(choices)), func(s *Source) T {
		u := pick.draw(s)
		for i, c := range cum {
			if u < c {
				return impls[i].draw(s)
			}
		}
		panic("unreachable")
	})
}

// Recursive returns a generator of bounded-size trees. base generates
// leaves; extend builds a generator of nodes from a generator of subtrees.
// Nesting is at most maxDepth levels of extend, so the size of a tree is
// bounded by maxDepth and the branching of extend. Each level chooses
// between a leaf and a node and shrinks towards the leaf; every subtree is
// drawn as one group, so rapid can remove or replace subtrees whole.
//
//	type Tree struct{ Kids []Tree }
//	trees := Recursive(Just(Tree{}), func(sub Gen[Tree]) Gen[Tree] {
//	    return Map(SliceOfN(sub, 0, 3), func(k []Tree) Tree { return Tree{k} })
//	}, 4)
func Recursive[T any](base Gen[T], extend func(sub Gen[T]) Gen[T], maxDepth int) Gen[T] {
	if maxDepth < 0 {
		panic("generators: Recursive with a negative depth")
	}
	g := base
	for depth := 1; depth <= maxDepth; depth++ {
		sub := g
		grouped := Custom(sub.String(), func(s *Source) T { return drawGroup(s, sub) })
		g = OneOf(base, extend(grouped))
	}
	return Custom(fmt.Sprintf("Recursive(%s, depth %d)", base.String(), maxDepth), g.get().draw)
}
