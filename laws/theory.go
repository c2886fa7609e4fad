package laws

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws/term"
)

// A Theory is an equational theory: a signature and named equations
// between its terms, such as a monoid's
//
//	associativity: mul(mul(x, y), z) = mul(x, mul(y, z))
//	left_identity: mul(e(), x) = x
//
// [TheoryLaws] turns a theory, interpreted in an [Algebra], into a law set.
type Theory struct {
	Name      string
	Signature *term.Signature
	Equations []NamedEquation
}

// NamedEquation is one equation of a theory.
type NamedEquation struct {
	Name     string
	Equation term.Equation
}

// Algebra interprets the operations of a signature on values of type V.
type Algebra[V any] struct {
	// Ops gives each operation's meaning. An error makes the term
	// undefined (partial operations); a panic is a finding (Errored).
	Ops map[string]func(args []V) (V, error)
	// Constant interprets a literal of a term (int64, float64, string or
	// bool from the parser; any value in generated terms). Nil means
	// literals must already be of type V.
	Constant func(c any) (V, error)
}

// ErrUndefined is wrapped by errors of [Algebra.Eval] that come from the
// algebra rather than from an operation: an unbound variable, an
// operation without an interpretation, a literal it cannot read.
var ErrUndefined = errors.New("laws: undefined term")

// Eval evaluates t with variables bound by env.
func (a Algebra[V]) Eval(t *term.Term, env map[string]V) (V, error) {
	var zero V
	switch t.Kind() {
	case term.Var:
		v, ok := env[t.Name()]
		if !ok {
			return zero, fmt.Errorf("%w: variable %s is not bound", ErrUndefined, t.Name())
		}
		return v, nil
	case term.Const:
		if a.Constant != nil {
			return a.Constant(t.Value())
		}
		if v, ok := t.Value().(V); ok {
			return v, nil
		}
		return zero, fmt.Errorf("%w: constant %s is not a %T", ErrUndefined, term.FormatConstant(t.Value()), zero)
	}
	op, ok := a.Ops[t.Name()]
	if !ok {
		return zero, fmt.Errorf("%w: operation %s has no interpretation", ErrUndefined, t.Name())
	}
	args := make([]V, t.NumArgs())
	for i := range args {
		v, err := a.Eval(t.Arg(i), env)
		if err != nil {
			return zero, err
		}
		args[i] = v
	}
	return op(args)
}

// TheoryLaws returns the law set of th interpreted in alg: one law per
// equation, which draws the equation's variables (each from vars[sort],
// or vars[""] when its sort has no entry), evaluates both sides and
// compares them with eq. A side that is undefined (an operation returned
// an error) while the other is defined is a failure; both sides undefined
// discards the case, and the result counts it.
//
// TheoryLaws checks th against its signature and alg up front and returns
// an error naming the first equation that is ill-typed, uses an operation
// alg does not interpret, or has a variable without a generator.
func TheoryLaws[V any](th Theory, alg Algebra[V], vars map[string]generators.Gen[V], eq Eq[V]) (LawSet, error) {
	var own []Law
	for _, ne := range th.Equations {
		where := fmt.Sprintf("laws: theory %s, equation %s (%s)", th.Name, ne.Name, ne.Equation)
		lhsSorts, err := th.Signature.VarSorts(ne.Equation.LHS, "")
		if err != nil {
			return LawSet{}, fmt.Errorf("%s: left side: %w", where, err)
		}
		side, _ := th.Signature.SortOf(ne.Equation.LHS)
		rhsSorts, err := th.Signature.VarSorts(ne.Equation.RHS, side)
		if err != nil {
			return LawSet{}, fmt.Errorf("%s: right side: %w", where, err)
		}
		var missing error
		for _, e := range []*term.Term{ne.Equation.LHS, ne.Equation.RHS} {
			e.Walk(func(u *term.Term) bool {
				if u.Kind() == term.App && alg.Ops[u.Name()] == nil && missing == nil {
					missing = fmt.Errorf("%s: operation %s has no interpretation", where, u.Name())
				}
				return true
			})
		}
		if missing != nil {
			return LawSet{}, missing
		}
		names := ne.Equation.Vars()
		gens := make([]generators.Gen[V], len(names))
		for i, n := range names {
			sort := lhsSorts[n]
			if sort == "" {
				sort = rhsSorts[n]
			}
			g, ok := vars[sort]
			if !ok {
				g, ok = vars[""]
			}
			if !ok {
				return LawSet{}, fmt.Errorf("%s: no generator for variable %s of sort %q", where, n, sort)
			}
			gens[i] = g
		}
		own = append(own, theoryLaw(ne, names, gens, alg, eq))
	}
	return NewLawSet(th.Name, nil, own...), nil
}

func theoryLaw[V any](ne NamedEquation, names []string, gens []generators.Gen[V], alg Algebra[V], eq Eq[V]) Law {
	lhs, rhs := ne.Equation.LHS, ne.Equation.RHS
	return Law{Name: ne.Name, Equation: ne.Equation.String(), origin: callerOrigin(), check: func(d *Draws) outcome {
		env := make(map[string]V, len(names))
		for i, n := range names {
			env[n] = Draw(d, n, gens[i])
		}
		l, lerr := alg.Eval(lhs, env)
		r, rerr := alg.Eval(rhs, env)
		switch {
		case lerr != nil && rerr != nil:
			d.Discard(fmt.Sprintf("both sides are undefined: %v; %v", lerr, rerr))
		case lerr != nil || rerr != nil:
			return outcome{kind: violated, lhs: sideText(SideOf(l, lerr)), rhs: sideText(SideOf(r, rerr)), sides: true,
				message: "one side is undefined and the other is not"}
		case !eq.Equal(l, r):
			return outcome{kind: violated, lhs: l, rhs: r, sides: true, diff: eq.diffAny}
		}
		return outcome{kind: holds}
	}}
}

// MustTheory parses equations written as "name: lhs = rhs" into a theory
// over sig, panicking on a syntax error; for theories written in code.
func MustTheory(name string, sig *term.Signature, equations ...string) Theory {
	th := Theory{Name: name, Signature: sig}
	for _, s := range equations {
		i := indexColon(s)
		if i < 0 {
			panic(fmt.Sprintf("laws: MustTheory(%s): %q is not \"name: lhs = rhs\"", name, s))
		}
		th.Equations = append(th.Equations, NamedEquation{Name: strings.TrimSpace(s[:i]), Equation: term.MustParseEquation(s[i+1:])})
	}
	return th
}

func indexColon(s string) int {
	for i, r := range s {
		if r == ':' {
			return i
		}
		if r == '(' || r == '=' {
			return -1
		}
	}
	return -1
}
