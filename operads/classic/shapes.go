package classic

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws/term"
)

// shape is the form of a body with its leaves left open: an operation of
// FnSignature applied to shapes, or a leaf (op "").
type shape struct {
	op   string
	args []*shape
}

// shapesUpTo returns every shape of at most nodes nodes and depth, the
// smaller first: fewer nodes, then leaf before neg, add, mul.
func shapesUpTo(nodes, depth int) []*shape {
	var out []*shape
	for n := 1; n <= nodes; n++ {
		out = append(out, shapesOf(n, depth)...)
	}
	return out
}

// shapesOf returns the shapes of exactly nodes nodes and at most depth.
func shapesOf(nodes, depth int) []*shape {
	if nodes < 1 || depth < 1 {
		return nil
	}
	if nodes == 1 {
		return []*shape{{}}
	}
	var out []*shape
	for _, a := range shapesOf(nodes-1, depth-1) {
		out = append(out, &shape{op: "neg", args: []*shape{a}})
	}
	for _, op := range []string{"add", "mul"} {
		for left := 1; left <= nodes-2; left++ {
			for _, a := range shapesOf(left, depth-1) {
				for _, b := range shapesOf(nodes-1-left, depth-1) {
					out = append(out, &shape{op: op, args: []*shape{a, b}})
				}
			}
		}
	}
	return out
}

// shapedBodies draws a body of arity n in one choice of shape (of
// shapesUpTo(7, 4)), then one choice per leaf over leafValues(n), left to
// right: drawing node by node took a choice per node and two or three
// per leaf, and drawing is most of the cost of a case. Both choices
// shrink towards 0: the shape towards fewer nodes, a leaf towards x1,
// then towards the constants nearest 0. The shrinker on the body terms
// is the term shrinker.
func shapedBodies(n int) generators.Gen[*term.Term] {
	shapes := shapesUpTo(7, 4)
	lastShape := uint64(len(shapes) - 1)
	leaves := leafValues(n)
	lastLeaf := uint64(len(leaves) - 1)
	var build func(sh *shape, s *generators.Source) *term.Term
	build = func(sh *shape, s *generators.Source) *term.Term {
		switch len(sh.args) {
		case 0:
			return leaves[s.Choose(lastLeaf)]
		case 1:
			return term.Apply(sh.op, build(sh.args[0], s))
		}
		a := build(sh.args[0], s)
		return term.Apply(sh.op, a, build(sh.args[1], s))
	}
	gen := generators.Custom(fmt.Sprintf("FnBodies(%d)", n), func(s *generators.Source) *term.Term {
		return build(shapes[s.Choose(lastShape)], s)
	})
	return generators.WithShrinker(gen, term.Shrinker(FnSignature, "", term.LowerLeaf))
}
