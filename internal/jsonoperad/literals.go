package jsonoperad

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// The code under test of a JSON operad is its file, not this package: the
// bugs that random inputs miss are confined to the values its expressions,
// tables and equations name (x == 7777 ? ... : ...). Their literals become
// the constants that special cases draw (see laws.Law.WithConstants), as
// laws mines a Go package's literals: "near" ones from the law's equation
// and the operations it uses (derived operations followed to those they
// use), "far" ones from the whole file.

// literals collects the literals of one part of an operad file, in the
// order they are written.
type literals struct {
	laws.Literals
}

// addValue adds a value of the operad: an integer (also as a float, since
// a float sort meets integer literals), a float, a string, or the
// elements of a list or pair.
func (ls *literals) addValue(v any) {
	switch x := v.(type) {
	case int:
		ls.Ints = append(ls.Ints, int64(x))
		ls.Floats = append(ls.Floats, float64(x))
	case int64:
		ls.Ints = append(ls.Ints, x)
		ls.Floats = append(ls.Floats, float64(x))
	case float64:
		ls.Floats = append(ls.Floats, x)
		if x == float64(int64(x)) {
			ls.Ints = append(ls.Ints, int64(x))
		}
	case string:
		if len(x) <= 64 {
			ls.Strings = append(ls.Strings, x)
		}
	case List:
		for _, e := range x {
			ls.addValue(e)
		}
	}
}

// addExpr adds the numbers and strings written in an expression, a
// negated number as a negative one.
func (ls *literals) addExpr(src string) {
	tree, err := parser.Parse(src)
	if err != nil {
		return // the expression compiled, so this does not happen
	}
	ast.Walk(&tree.Node, &exprLiterals{ls: ls})
}

// exprLiterals visits an expression's nodes, children before their
// parent, so a unary minus comes right after the number it negates.
type exprLiterals struct {
	ls   *literals
	last ast.Node // the number visited last
}

func (v *exprLiterals) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.IntegerNode:
		v.ls.addValue(x.Value)
		v.last = x
	case *ast.FloatNode:
		v.ls.addValue(x.Value)
		v.last = x
	case *ast.StringNode:
		v.ls.addValue(x.Value)
	case *ast.UnaryNode:
		if x.Operator == "-" && x.Node != nil && x.Node == v.last {
			v.ls.negateLast(x.Node)
		}
	}
}

// negateLast turns the number just added for n into its negative.
func (ls *literals) negateLast(n ast.Node) {
	switch n.(type) {
	case *ast.IntegerNode:
		ls.Ints[len(ls.Ints)-1] *= -1
		ls.Floats[len(ls.Floats)-1] *= -1
	case *ast.FloatNode:
		ls.Floats[len(ls.Floats)-1] *= -1
		if f := ls.Floats[len(ls.Floats)-1]; f == float64(int64(f)) {
			ls.Ints[len(ls.Ints)-1] *= -1
		}
	}
}

// addTerm adds the constants of a term.
func (ls *literals) addTerm(t *term.Term) {
	t.Walk(func(u *term.Term) bool {
		if u.Kind() == term.Const {
			ls.addValue(u.Value())
		}
		return true
	})
}

func (ls *literals) add(other literals) {
	ls.Ints = append(ls.Ints, other.Ints...)
	ls.Floats = append(ls.Floats, other.Floats...)
	ls.Strings = append(ls.Strings, other.Strings...)
}

// lawLiterals returns the near literals of a law: the constants of its
// equation, then those of each operation it uses, in order of first use,
// following derived operations to the operations they use.
func (o *Operad) lawLiterals(e term.Equation) literals {
	var ls literals
	ls.addTerm(e.LHS)
	ls.addTerm(e.RHS)
	seen := map[string]bool{}
	var visit func(t *term.Term)
	visit = func(t *term.Term) {
		t.Walk(func(u *term.Term) bool {
			if u.Kind() != term.App || seen[u.Name()] {
				return true
			}
			seen[u.Name()] = true
			if op := o.ops[u.Name()]; op != nil {
				ls.add(op.lits)
				if op.body != nil {
					visit(op.body)
				}
			}
			return true
		})
	}
	visit(e.LHS)
	visit(e.RHS)
	return ls
}

// mineConstants gives each law its near constants and the operad the far
// ones: every operation's literals, then every law's.
func (o *Operad) mineConstants(names []string) {
	var far literals
	for _, n := range names {
		far.add(o.ops[n].lits)
	}
	for _, l := range o.Laws {
		near := o.lawLiterals(l.Equation)
		l.near = near.Constants()
		far.addTerm(l.Equation.LHS)
		far.addTerm(l.Equation.RHS)
	}
	o.far = far.Constants()
}

// Constants returns the constants that the special cases of the law's
// generated cases draw: near ones, from its equation and the operations
// it uses, and far ones, from the whole file; either may be nil.
func (l *Law) Constants() (near, far *generators.Constants) { return l.near, l.op.far }
