package agent

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/poly"
)

// TermOp is an operation of the operad of agent terms: a term over the
// holes x1 … xn, each used once, in order from left to right (a planar
// operation of arity n), whose leaves are otherwise constant agents. The
// agents from ints to ints are an algebra over this operad: an operation
// applied to n agents evaluates its term with xi bound to the i-th.
type TermOp struct {
	arity int
	body  *term.Term
}

// NewTermOp returns the operation of arity n with the given body, whose
// holes must be x1 … xn, each used once, in order from the left.
func NewTermOp(n int, body *term.Term) (TermOp, error) {
	k := 0
	var bad error
	body.Walk(func(t *term.Term) bool {
		if t.Kind() == term.Var {
			k++
			if h, ok := holeIndex(t.Name()); !ok || h != k {
				bad = fmt.Errorf("%w: hole %d of %s is %s, want x%d", ErrIllTyped, k, body, t.Name(), k)
			}
		}
		return bad == nil
	})
	if bad != nil {
		return TermOp{}, bad
	}
	if k != n {
		return TermOp{}, fmt.Errorf("%w: %s has %d holes, not %d", ErrIllTyped, body, k, n)
	}
	return TermOp{n, body}, nil
}

// Arity returns n.
func (o TermOp) Arity() int { return o.arity }

// Body returns the term.
func (o TermOp) Body() *term.Term { return o.body }

// String prints "op/n body".
func (o TermOp) String() string {
	if o.body == nil {
		return "op/<zero>"
	}
	return fmt.Sprintf("op/%d %s", o.arity, o.body)
}

// TermOperad is the operad of agent terms, presented by partial
// composition for package laws: f ∘ᵢ g substitutes g's term for the hole
// xi of f and renumbers the holes.
type TermOperad struct{}

// Arity returns the number of holes.
func (TermOperad) Arity(f TermOp) int { return f.arity }

// Identity returns the operation x1.
func (TermOperad) Identity() TermOp { return TermOp{1, term.Variable("x1")} }

// Compose returns f ∘ᵢ g.
func (TermOperad) Compose(f TermOp, i int, g TermOp) (TermOp, error) {
	if i < 1 || i > f.arity {
		return TermOp{}, fmt.Errorf("%w: ∘%d on an operation of arity %d", ErrIllTyped, i, f.arity)
	}
	m := g.arity
	body := substitute(f.body, func(k int) *term.Term {
		switch {
		case k < i:
			return hole(k)
		case k == i:
			return substitute(g.body, func(l int) *term.Term { return hole(l + i - 1) })
		}
		return hole(k + m - 1)
	})
	return TermOp{f.arity + m - 1, body}, nil
}

func hole(k int) *term.Term { return term.Variable("x" + strconv.Itoa(k)) }

func holeIndex(name string) (int, bool) {
	if !strings.HasPrefix(name, "x") {
		return 0, false
	}
	k, err := strconv.Atoi(name[1:])
	return k, err == nil && k >= 1
}

func substitute(t *term.Term, to func(k int) *term.Term) *term.Term {
	return term.Substitute(t, func(v string) (*term.Term, bool) {
		if k, ok := holeIndex(v); ok {
			return to(k), true
		}
		return nil, false
	})
}

// TermAlgebra is agents as an algebra over [TermOperad], under ops.
type TermAlgebra struct{ Ops Ops }

// Apply evaluates f's term with xi bound to args[i-1].
func (a TermAlgebra) Apply(f TermOp, args []poly.Agent) (poly.Agent, error) {
	if len(args) != f.arity {
		return poly.Agent{}, &ArityError{Op: f.String(), Arity: term.Fixed(f.arity), Got: len(args)}
	}
	env := make(map[string]poly.Agent, len(args))
	for i, x := range args {
		env["x"+strconv.Itoa(i+1)] = x
	}
	return Eval(f.body, env, Config{Ops: a.Ops, Sink: &Counter{}})
}

// TermOps returns a generator of operations of the operad of agent terms
// from ints to ints, with at most nodes nodes: a generated term ([Terms])
// whose holes are numbered from the left.
func TermOps(nodes int) generators.Gen[TermOp] {
	return generators.Map(Terms(poly.TInt, poly.TInt, nodes, "x"), func(t *term.Term) TermOp {
		n := 0
		body := renumber(t, &n)
		return TermOp{n, body}
	})
}

func renumber(t *term.Term, n *int) *term.Term {
	switch t.Kind() {
	case term.Var:
		*n++
		return hole(*n)
	case term.Const:
		return t
	}
	args := t.Args()
	for i, a := range args {
		args[i] = renumber(a, n)
	}
	return term.Apply(t.Name(), args...)
}

// TermAlgebraLaws returns laws.OperadAlgebraLaws for agents from ints to
// ints as an algebra over the operad of agent terms under ops, compared
// with [Eq].
func TermAlgebraLaws(ops Ops) laws.LawSet {
	return laws.OperadAlgebraLaws[TermOp, poly.Agent](TermOperad{}, TermAlgebra{Ops: ops}, TermOps(7),
		Agents(poly.TInt, poly.TInt), Eq())
}
