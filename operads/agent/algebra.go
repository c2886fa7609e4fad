package agent

import (
	"errors"
	"fmt"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/poly"
)

// Algebra returns agent terms as an algebra of package laws: each
// operation of [Operations](cfg) by name, and constants read as agents
// ([ConstantAgent]). laws.TheoryLaws checks equations written in kgents'
// syntax with it, and [Eval] evaluates a term.
func Algebra(cfg Config) laws.Algebra[poly.Agent] {
	ops := Operations(cfg)
	m := make(map[string]func([]poly.Agent) (poly.Agent, error), len(ops))
	for name, o := range ops {
		m[name] = func(as []poly.Agent) (poly.Agent, error) { return o.Apply(as...) }
	}
	return laws.Algebra[poly.Agent]{Ops: m, Constant: ConstantAgent}
}

// ConstantAgent reads a constant of a term as an agent: an agent stands for
// itself; a literal (true, 3, "s" from the parser, or a poly.Value) is the
// constant agent that outputs it, so branch(true, a, b) reads as kgents
// writes it.
func ConstantAgent(c any) (poly.Agent, error) {
	switch x := c.(type) {
	case poly.Agent:
		if x.IsZero() {
			return x, poly.ErrZeroAgent
		}
		return x, nil
	case poly.Value:
		return typedConstant(x), nil
	case bool:
		return typedConstant(poly.Bool(x)), nil
	case int64:
		return typedConstant(poly.Int(x)), nil
	case int:
		return typedConstant(poly.Int(x)), nil
	case string:
		return typedConstant(poly.Str(x)), nil
	}
	return poly.Agent{}, fmt.Errorf("%w: constant %v of type %T is not an agent", laws.ErrUndefined, c, c)
}

func typedConstant(v poly.Value) poly.Agent { return poly.Constant(v) }

// Eval evaluates an agent term with variables bound by env, under cfg.
func Eval(t *term.Term, env map[string]poly.Agent, cfg Config) (poly.Agent, error) {
	return Algebra(cfg).Eval(t, env)
}

// ErrIllTyped is matched (with errors.Is) by the errors of [Check].
var ErrIllTyped = errors.New("agent: ill-typed term")

// Check type-checks an agent term whose input has type in and returns the
// type of its output. Leaves are constants: agents with a declared type
// ([poly.Agent.WithType]), or literals (constant agents, any input).
// Variables are looked up in vars (in and out types). The rules:
//
//	id()               in → in
//	seq(a, b)          a: in → t, b: t → out
//	seq(a1, …, an)     the same, chained; seq() is id()
//	par(a, b)          a: in → t, b: in → u, out = pair(t, u)
//	par(a1, …, an)     out = right-nested tuple of the outputs; par() outputs unit
//	branch(p, a, b)    p: in → bool, a, b: in → out
//	fix(p, f)          f: in → in, p: in → bool, out = in
//	trace(a)           a
//	not()              bool → bool
func Check(t *term.Term, in poly.Type, vars map[string][2]poly.Type) (poly.Type, error) {
	bad := func(format string, args ...any) (poly.Type, error) {
		return "", fmt.Errorf("%w: %s on input %s: %s", ErrIllTyped, t, in, fmt.Sprintf(format, args...))
	}
	switch t.Kind() {
	case term.Var:
		ty, ok := vars[t.Name()]
		if !ok {
			return bad("variable %s has no type", t.Name())
		}
		if ty[0] != in {
			return bad("variable %s takes %s", t.Name(), ty[0])
		}
		return ty[1], nil
	case term.Const:
		if a, ok := t.Value().(poly.Agent); ok {
			i, o, ok := a.Type()
			if !ok {
				return bad("agent %s declares no type", a)
			}
			if i != in {
				return bad("agent takes %s", i)
			}
			return o, nil
		}
		a, err := ConstantAgent(t.Value())
		if err != nil {
			return bad("%v", err)
		}
		out, err := a.Run(poly.Unit{})
		if err != nil || len(out) != 1 {
			return bad("constant %v does not run", t.Value())
		}
		return poly.TypeOf(out[0]), nil
	}
	args := t.Args()
	switch t.Name() {
	case "id":
		if len(args) == 0 {
			return in, nil
		}
	case "not":
		if len(args) == 0 {
			if in != poly.TBool {
				return bad("not() takes bool")
			}
			return poly.TBool, nil
		}
	case "seq":
		cur := in
		for _, a := range args {
			o, err := Check(a, cur, vars)
			if err != nil {
				return "", err
			}
			cur = o
		}
		return cur, nil
	case "par":
		outs := make([]poly.Type, len(args))
		for i, a := range args {
			o, err := Check(a, in, vars)
			if err != nil {
				return "", err
			}
			outs[i] = o
		}
		return poly.TupleOf(outs...), nil
	case "branch":
		if len(args) == 3 {
			c, err := Check(args[0], in, vars)
			if err != nil {
				return "", err
			}
			if c != poly.TBool {
				return bad("the predicate outputs %s, not bool", c)
			}
			a, err := Check(args[1], in, vars)
			if err != nil {
				return "", err
			}
			b, err := Check(args[2], in, vars)
			if err != nil {
				return "", err
			}
			if a != b {
				return bad("the arms output %s and %s", a, b)
			}
			return a, nil
		}
	case "fix":
		if len(args) == 2 {
			o, err := Check(args[1], in, vars)
			if err != nil {
				return "", err
			}
			if o != in {
				return bad("the body outputs %s, not its input type", o)
			}
			c, err := Check(args[0], in, vars)
			if err != nil {
				return "", err
			}
			if c != poly.TBool {
				return bad("the predicate outputs %s, not bool", c)
			}
			return in, nil
		}
	case "trace":
		if len(args) == 1 {
			return Check(args[0], in, vars)
		}
	}
	return bad("unknown operation %s with %d arguments", t.Name(), len(args))
}
