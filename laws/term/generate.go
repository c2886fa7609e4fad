package term

import (
	"fmt"
	"sync"

	"github.com/kgents/kgents-core/generators"
)

// Budget bounds the size of generated terms: at most Nodes nodes and a
// depth of at most Depth (a leaf has depth 1).
type Budget struct {
	Nodes, Depth int
}

// Leaves gives, for each sort, a generator of leaf terms (variables and
// constants) of that sort. The key "" serves untyped positions and any
// sort without its own entry.
type Leaves map[string]generators.Gen[*Term]

// VariablesOf returns a generator of the variables names, shrinking
// towards the first.
func VariablesOf(names ...string) generators.Gen[*Term] {
	vs := make([]generators.Gen[*Term], len(names))
	for i, n := range names {
		vs[i] = generators.Just(Variable(n))
	}
	return generators.OneOf(vs...)
}

// ConstantsFrom returns a generator of constant leaves whose values come
// from g.
func ConstantsFrom[V any](g generators.Gen[V]) generators.Gen[*Term] {
	return generators.Map(g, func(v V) *Term { return Constant(v) })
}

// Generator returns a generator of well-typed terms of sort sort ("" for
// any) over sig, within budget. Each node is drawn as one draw group, so
// rapid can delete or replace subterms whole. A node chooses between a
// leaf (the simplest choice) and an operation whose smallest term fits the
// remaining budget; an operation with a range of arities draws how many
// arguments it gets (the fewest is simplest); later arguments keep enough
// budget for one node each.
//
// The generator carries the term shrinker of [Shrinker] with leaf
// lowering by [LowerLeaf], which package laws runs after the engine's own
// shrinking.
func Generator(sig *Signature, leaves Leaves, budget Budget, sort string) generators.Gen[*Term] {
	if budget.Nodes < 1 || budget.Depth < 1 {
		panic(fmt.Sprintf("term: Generator with budget %+v: need at least 1 node and depth 1", budget))
	}
	g := &termGen{sig: sig, leaves: leaves, nodes: map[nodeKey]generators.Gen[*Term]{}}
	root := g.node(nodeKey{sort, budget.Nodes, budget.Depth})
	gen := generators.Custom(fmt.Sprintf("Terms(%d nodes, depth %d)", budget.Nodes, budget.Depth), func(s *generators.Source) *Term {
		return root.Draw(s)
	})
	return generators.WithShrinker(gen, Shrinker(sig, sort, LowerLeaf))
}

type nodeKey struct {
	sort         string
	nodes, depth int
}

type termGen struct {
	sig    *Signature
	leaves Leaves
	mu     sync.Mutex
	nodes  map[nodeKey]generators.Gen[*Term]
}

func (g *termGen) leafFor(sort string) (generators.Gen[*Term], bool) {
	if l, ok := g.leaves[sort]; ok {
		return l, true
	}
	l, ok := g.leaves[""]
	return l, ok
}

// node returns the generator of one node (and its subterm) of the given
// sort within the given budget, drawn as a group. Generators are built once
// per key and shared.
func (g *termGen) node(k nodeKey) generators.Gen[*Term] {
	g.mu.Lock()
	if n, ok := g.nodes[k]; ok {
		g.mu.Unlock()
		return n
	}
	g.mu.Unlock()

	leaf, hasLeaf := g.leafFor(k.sort)
	var ops []Operation
	for _, o := range g.sig.Operations() {
		if k.sort != "" && o.Result != "" && o.Result != k.sort {
			continue
		}
		if 1+o.Arity.Min > k.nodes || (o.Arity.Min > 0 && k.depth < 2) {
			continue
		}
		ops = append(ops, o)
	}
	if !hasLeaf && len(ops) == 0 {
		panic(fmt.Sprintf("term: no leaf generator and no operation for sort %q within %d nodes and depth %d", k.sort, k.nodes, k.depth))
	}
	options := uint64(len(ops))
	if !hasLeaf {
		options--
	}
	inner := generators.Custom(fmt.Sprintf("node(%q, %d, %d)", k.sort, k.nodes, k.depth), func(s *generators.Source) *Term {
		c := s.Choose(options)
		if hasLeaf {
			if c == 0 {
				return leaf.Draw(s)
			}
			c--
		}
		return g.apply(s, ops[c], k)
	})
	n := generators.Custom(inner.String(), func(s *generators.Source) *Term { return generators.DrawGroup(s, inner) })
	g.mu.Lock()
	g.nodes[k] = n
	g.mu.Unlock()
	return n
}

// maxVariadic caps the arguments of an unbounded operation, beyond the
// node budget.
const maxVariadic = 8

func (g *termGen) apply(s *generators.Source, o Operation, k nodeKey) *Term {
	hi := k.nodes - 1
	if k.depth < 2 {
		hi = 0 // no room below: only a nullary application fits
	}
	if o.Arity.Max >= 0 {
		hi = min(hi, o.Arity.Max)
	} else {
		hi = min(hi, o.Arity.Min+maxVariadic)
	}
	n := o.Arity.Min + int(s.Choose(uint64(hi-o.Arity.Min)))
	args := make([]*Term, n)
	left := k.nodes - 1
	for i := range args {
		reserve := n - i - 1
		a := g.node(nodeKey{o.ArgSort(i), left - reserve, k.depth - 1}).Draw(s)
		args[i] = a
		left -= a.Size()
	}
	return Apply(o.Name, args...)
}
