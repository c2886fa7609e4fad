package classic

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws/term"
)

// drawn is a body as Fns drew it: its shape and its leaves, left to
// right, as indices into the leaf table of the function's arity. A
// function keeps this rather than a term because a case draws three
// functions and only compares composites of them, on every argument
// vector: the term is built when Body, String, Call, Act or the shrinker
// asks for it, and evaluation reads the shape and the leaves directly.
type drawn struct {
	sh     *shape
	table  *leafTable
	leaves [maxLeaves]uint32
}

// maxLeaves bounds the leaves of a body shape: a shape of at most 7
// nodes whose operations take at most 2 arguments has at most 4.
const maxLeaves = 4

// bodyShapes are the shapes a body is drawn in, smaller first.
var bodyShapes = shapesUpTo(7, 4)

// leaf is a leaf value as evaluation reads it: input k (k ≥ 1), or the
// constant value when k is 0.
type leaf struct {
	input int
	value int
}

// leafTable holds the leaves a body of one arity may take, one per value
// of its leaf choice (see leafValues), as terms and as evaluation reads
// them.
type leafTable struct {
	terms  []*term.Term
	leaves []leaf
}

func newLeafTable(n int) *leafTable {
	terms := leafValues(n)
	tb := &leafTable{terms: terms, leaves: make([]leaf, len(terms))}
	for i, t := range terms {
		if t.Kind() == term.Var {
			tb.leaves[i].input, _ = input(t.Name())
		} else {
			tb.leaves[i].value = int(t.Value().(int64))
		}
	}
	return tb
}

// drawnFns draws a function of arity n in one choice of shape (of
// bodyShapes), then one choice per leaf over leafValues(n), left to
// right: drawing node by node took a choice per node and two or three
// per leaf, and drawing is most of the cost of a case. Both choices
// shrink towards 0: the shape towards fewer nodes, a leaf towards x1,
// then towards the constants nearest 0.
func drawnFns(n int) generators.Gen[Fn] {
	lastShape := uint64(len(bodyShapes) - 1)
	table := newLeafTable(n)
	lastLeaf := uint64(len(table.terms) - 1)
	return generators.Custom(fmt.Sprintf("Fns(arity %d)", n), func(s *generators.Source) Fn {
		d := &drawn{sh: bodyShapes[s.Choose(lastShape)], table: table}
		for i := range d.sh.leaves {
			d.leaves[i] = uint32(s.Choose(lastLeaf))
		}
		return Fn{arity: n, drawn: d}
	})
}

// term builds the body: the shape with the leaves in place.
func (d *drawn) term() *term.Term {
	next := 0
	var build func(sh *shape) *term.Term
	build = func(sh *shape) *term.Term {
		switch len(sh.args) {
		case 0:
			t := d.table.terms[d.leaves[next]]
			next++
			return t
		case 1:
			return term.Apply(sh.op, build(sh.args[0]))
		}
		a := build(sh.args[0])
		return term.Apply(sh.op, a, build(sh.args[1]))
	}
	return build(d.sh)
}

// evalAll is the package's evalAll for a drawn body (the same use of buf,
// sc and level), walking the shape and reading the next leaf at each of
// its leaves.
func (d *drawn) evalAll(cols []*column, buf *column, sc *evalScratch, level int) (*column, error) {
	next := 0
	return d.eval(d.sh, &next, cols, buf, sc, level)
}

func (d *drawn) eval(sh *shape, next *int, cols []*column, buf *column, sc *evalScratch, level int) (*column, error) {
	if sh.code == opLeaf {
		k := d.leaves[*next]
		*next++
		l := d.table.leaves[k]
		if l.input == 0 {
			fillCol(buf, l.value)
			return buf, nil
		}
		if l.input > len(cols) {
			return nil, inputError(d.table.terms[k], len(cols))
		}
		return cols[l.input-1], nil
	}
	a, err := d.eval(sh.args[0], next, cols, buf, sc, level+1)
	if err != nil {
		return nil, err
	}
	if sh.code == opNeg {
		negCol(buf, a)
		return buf, nil
	}
	b, err := d.eval(sh.args[1], next, cols, sc.at(level), sc, level+1)
	if err != nil {
		return nil, err
	}
	if sh.code == opAdd {
		addCol(buf, a, b)
	} else {
		mulCol(buf, a, b)
	}
	return buf, nil
}

// leafValues are the leaves a body of arity n may take, one per value of
// its leaf choice, simplest first: for n > 0, inputVotes slots (n, if
// more) that go round the inputs x1 … xn, then the constants 0, 1, -1, 2,
// -2, 3, -3. The terms are shared, not built per draw.
func leafValues(n int) []*term.Term {
	slots := 0
	if n > 0 {
		slots = max(inputVotes, n)
	}
	out := make([]*term.Term, 0, slots+len(leafConstants))
	for k := range slots {
		out = append(out, x(k%n+1))
	}
	return append(out, leafConstants...)
}

// inputVotes is the number of values of a leaf choice that give an
// input, chosen so that about three leaves in four are inputs.
const inputVotes = 12

var leafConstants = func() []*term.Term {
	out := make([]*term.Term, 0, 7)
	for _, v := range []int64{0, 1, -1, 2, -2, 3, -3} {
		out = append(out, term.Constant(v))
	}
	return out
}()
