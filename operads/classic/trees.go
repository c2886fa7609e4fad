package classic

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws/term"
)

// TreeSignature is the set of generators of planar trees: b/2, u/1, t/3
// and the constant c/0. A tree's inputs are its leaves, written _.
var TreeSignature = term.MustSignature(
	term.Operation{Name: "b", Arity: term.Fixed(2)},
	term.Operation{Name: "u", Arity: term.Fixed(1)},
	term.Operation{Name: "t", Arity: term.Fixed(3)},
	term.Operation{Name: "c", Arity: term.Fixed(0)},
)

// Leaf is the input of a planar tree, the variable _.
var Leaf = term.Variable("_")

// Trees is the operad of planar rooted trees over TreeSignature, the free
// non-symmetric operad: an operation is a term whose leaves are inputs,
// numbered left to right.
type Trees struct{}

// Arity returns the number of input leaves.
func (Trees) Arity(t *term.Term) int {
	n := 0
	t.Walk(func(u *term.Term) bool {
		if u.Kind() == term.Var {
			n++
		}
		return true
	})
	return n
}

// Identity returns the tree with one leaf and no node.
func (Trees) Identity() *term.Term { return Leaf }

// Compose grafts g onto leaf i of f.
func (tr Trees) Compose(f *term.Term, i int, g *term.Term) (*term.Term, error) {
	if n := tr.Arity(f); i < 1 || i > n {
		return nil, fmt.Errorf("%w: ∘%d on a tree with %d leaves", ErrIllTyped, i, n)
	}
	seen := 0
	var graft func(t *term.Term) *term.Term
	graft = func(t *term.Term) *term.Term {
		switch t.Kind() {
		case term.Var:
			seen++
			if seen == i {
				return g
			}
			return t
		case term.App:
			args := t.Args()
			for k, a := range args {
				args[k] = graft(a)
			}
			return term.Apply(t.Name(), args...)
		}
		return t
	}
	return graft(f), nil
}

// TreesUpTo returns a generator of planar trees with at most nodes nodes,
// with the term shrinker.
func TreesUpTo(nodes int) generators.Gen[*term.Term] {
	return term.Generator(TreeSignature, term.Leaves{"": generators.Just(Leaf)}, term.Budget{Nodes: nodes, Depth: 5}, "")
}

// TreeAsFn interprets a tree in End: b as add, u as neg, t(x, y, z) as
// add(x, mul(y, z)) and c as 7, with the leaves as inputs x1 … xn from
// left to right. By freeness it is a morphism of operads Trees → End.
func TreeAsFn(t *term.Term) Fn {
	n := 0
	var interp func(t *term.Term) *term.Term
	interp = func(t *term.Term) *term.Term {
		switch t.Kind() {
		case term.Var:
			n++
			return x(n)
		case term.App:
			args := t.Args()
			for k, a := range args {
				args[k] = interp(a)
			}
			switch t.Name() {
			case "b":
				return term.Apply("add", args...)
			case "u":
				return term.Apply("neg", args...)
			case "t":
				return term.Apply("add", args[0], mulTerm(args[1], args[2]))
			case "c":
				return term.Constant(int64(7))
			}
		}
		panic(fmt.Sprintf("classic: %s is not a planar tree", t))
	}
	body := interp(t)
	return Fn{arity: n, body: body}
}

func mulTerm(a, b *term.Term) *term.Term { return term.Apply("mul", a, b) }
