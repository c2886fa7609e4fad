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
	if len(names) == 1 {
		// One variable is no choice: nothing to draw.
		return generators.Just(Variable(names[0]))
	}
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
// any) over sig, within budget. A node chooses between a leaf (the
// simplest choice) and an operation whose smallest term fits the
// remaining budget; an operation with a range of arities draws how many
// arguments it gets (the fewest is simplest); later arguments keep enough
// budget for one node each. A choice with a single option is not drawn.
//
// Nodes are drawn inline, not as draw groups of their own: under rapid a
// group costs more than the choices of a small node, and the structural
// moves a group would give rapid's shrinker (deleting or replacing a
// subterm whole) are what the term shrinker does after it. The generator
// carries the term shrinker of [Shrinker] with leaf lowering by
// [LowerLeaf], which package laws runs after the engine's own shrinking.
func Generator(sig *Signature, leaves Leaves, budget Budget, sort string) generators.Gen[*Term] {
	if budget.Nodes < 1 || budget.Depth < 1 {
		panic(fmt.Sprintf("term: Generator with budget %+v: need at least 1 node and depth 1", budget))
	}
	g := newTermGen(sig, leaves, budget, sort)
	root := g.at(g.sortIndex[sort], budget.Nodes, budget.Depth)
	if root.unusable != "" {
		panic(root.unusable)
	}
	gen := generators.Custom(fmt.Sprintf("Terms(%d nodes, depth %d)", budget.Nodes, budget.Depth), root.draw)
	return generators.WithShrinker(gen, Shrinker(sig, sort, LowerLeaf))
}

// termGen holds the node generators of every sort, node budget and depth.
// For the usual budgets they are built up front into a grid, so drawing a
// term looks its nodes up by index, without locks or maps; a very large
// budget builds them on first use instead.
type termGen struct {
	sorts     []string
	sortIndex map[string]int
	leaves    Leaves
	ops       []Operation
	argSorts  [][]int // of each operation, the sort index of each argument (the last repeats)
	// grid[sort][depth][nodes] (index 0 of depth and nodes unused), or
	// nil when the budget is too large for one.
	grid  [][][]*nodeGen
	large sync.Map // packed key -> *nodeGen, when grid is nil
}

// maxGrid is the largest number of nodes generators built up front.
const maxGrid = 1 << 14

// nodeGen draws one node (and its subterm) of a sort within a budget.
type nodeGen struct {
	g       *termGen
	nodes   int
	depth   int
	leaf    generators.Gen[*Term]
	hasLeaf bool
	ops     []opGen
	options uint64 // the choices of the node: a leaf (if any) and ops
	// unusable says why no term fits, when none does; such a node panics
	// when drawn (only an ill-sorted signature reaches one).
	unusable string
}

// opGen is an operation a node may apply, with the sort index of each
// argument position (the last repeats).
type opGen struct {
	op       Operation
	argSorts []int
}

func newTermGen(sig *Signature, leaves Leaves, budget Budget, root string) *termGen {
	g := &termGen{sortIndex: map[string]int{}, leaves: leaves, ops: sig.Operations()}
	addSort := func(s string) {
		if _, ok := g.sortIndex[s]; !ok {
			g.sortIndex[s] = len(g.sorts)
			g.sorts = append(g.sorts, s)
		}
	}
	addSort("")
	addSort(root)
	for _, o := range g.ops {
		addSort(o.Result)
		for _, a := range o.Args {
			addSort(a)
		}
	}
	g.argSorts = make([][]int, len(g.ops))
	for i, o := range g.ops {
		g.argSorts[i] = []int{g.sortIndex[""]}
		if len(o.Args) > 0 {
			g.argSorts[i] = make([]int, len(o.Args))
			for j, a := range o.Args {
				g.argSorts[i][j] = g.sortIndex[a]
			}
		}
	}
	if len(g.sorts)*budget.Depth*budget.Nodes > maxGrid {
		return g
	}
	g.grid = make([][][]*nodeGen, len(g.sorts))
	for si := range g.sorts {
		g.grid[si] = make([][]*nodeGen, budget.Depth+1)
		for depth := 1; depth <= budget.Depth; depth++ {
			g.grid[si][depth] = make([]*nodeGen, budget.Nodes+1)
			for nodes := 1; nodes <= budget.Nodes; nodes++ {
				g.grid[si][depth][nodes] = g.build(si, nodes, depth)
			}
		}
	}
	return g
}

// build makes the node generator of a sort within a budget.
func (g *termGen) build(si, nodes, depth int) *nodeGen {
	sort := g.sorts[si]
	leaf, hasLeaf := g.leaves[sort]
	if !hasLeaf {
		leaf, hasLeaf = g.leaves[""]
	}
	n := &nodeGen{g: g, nodes: nodes, depth: depth, leaf: leaf, hasLeaf: hasLeaf}
	for i, o := range g.ops {
		if sort != "" && o.Result != "" && o.Result != sort {
			continue
		}
		if 1+o.Arity.Min > nodes || (o.Arity.Min > 0 && depth < 2) {
			continue
		}
		n.ops = append(n.ops, opGen{op: o, argSorts: g.argSorts[i]})
	}
	n.options = uint64(len(n.ops))
	if !hasLeaf {
		if len(n.ops) == 0 {
			n.unusable = fmt.Sprintf("term: no leaf generator and no operation for sort %q within %d nodes and depth %d", sort, nodes, depth)
		} else {
			n.options--
		}
	}
	return n
}

func (g *termGen) at(sort, nodes, depth int) *nodeGen {
	if g.grid != nil {
		return g.grid[sort][depth][nodes]
	}
	key := [3]int{sort, nodes, depth}
	if n, ok := g.large.Load(key); ok {
		return n.(*nodeGen)
	}
	n, _ := g.large.LoadOrStore(key, g.build(sort, nodes, depth))
	return n.(*nodeGen)
}

func (n *nodeGen) draw(s *generators.Source) *Term {
	if n.unusable != "" {
		panic(n.unusable)
	}
	var c uint64
	if n.options > 0 {
		c = s.Choose(n.options)
	}
	if n.hasLeaf {
		if c == 0 {
			return n.leaf.Draw(s)
		}
		c--
	}
	return n.apply(s, n.ops[c])
}

// maxVariadic caps the arguments of an unbounded operation, beyond the
// node budget.
const maxVariadic = 8

func (n *nodeGen) apply(s *generators.Source, o opGen) *Term {
	hi := n.nodes - 1
	if n.depth < 2 {
		hi = 0 // no room below: only a nullary application fits
	}
	if o.op.Arity.Max >= 0 {
		hi = min(hi, o.op.Arity.Max)
	} else {
		hi = min(hi, o.op.Arity.Min+maxVariadic)
	}
	arity := o.op.Arity.Min
	if hi > arity {
		arity += int(s.Choose(uint64(hi - arity)))
	}
	t := newApp(o.op.Name, arity)
	left := n.nodes - 1
	for i := range t.args {
		reserve := arity - i - 1
		a := n.g.at(o.argSorts[min(i, len(o.argSorts)-1)], left-reserve, n.depth-1).draw(s)
		t.args[i] = a
		left -= a.size
	}
	t.sized()
	return t
}
