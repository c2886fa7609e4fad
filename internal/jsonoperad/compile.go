package jsonoperad

import (
	"fmt"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// evaluator evaluates one side of a law with the variables given by
// position, with the meaning laws.Algebra.Eval gives the same term, but
// without a map of variables or a slice of arguments per node: arguments
// go on a stack that one evaluator reuses. An evaluator is not safe for
// concurrent use; each check makes its own.
type evaluator struct {
	stack []any
	vars  []any // the variables of the case being evaluated, reused
}

// node is a compiled term: it pushes its value on the evaluator's stack.
type node func(ev *evaluator, vars []any) error

// compile turns t into a node; vars names the variables by position.
func (o *Operad) compile(t *term.Term, vars []string) (node, error) {
	switch t.Kind() {
	case term.Var:
		for i, v := range vars {
			if v == t.Name() {
				return func(ev *evaluator, env []any) error {
					ev.stack = append(ev.stack, env[i])
					return nil
				}, nil
			}
		}
		return nil, fmt.Errorf("%w: unbound variable %s", laws.ErrUndefined, t.Name())
	case term.Const:
		c, err := o.alg.Constant(t.Value())
		if err != nil {
			return nil, err
		}
		return func(ev *evaluator, _ []any) error {
			ev.stack = append(ev.stack, c)
			return nil
		}, nil
	}
	op := o.ops[t.Name()]
	if op == nil {
		return nil, fmt.Errorf("%w: operation %s has no interpretation", laws.ErrUndefined, t.Name())
	}
	args := make([]node, t.NumArgs())
	for i := range args {
		a, err := o.compile(t.Arg(i), vars)
		if err != nil {
			return nil, err
		}
		args[i] = a
	}
	n := len(args)
	return func(ev *evaluator, env []any) error {
		base := len(ev.stack)
		for _, a := range args {
			if err := a(ev, env); err != nil {
				ev.stack = ev.stack[:base]
				return err
			}
		}
		v, err := op.apply(ev.stack[base : base+n])
		ev.stack = ev.stack[:base]
		if err != nil {
			return err
		}
		ev.stack = append(ev.stack, v)
		return nil
	}, nil
}

// eval runs a compiled side and returns its value.
func (ev *evaluator) eval(n node, vars []any) (any, error) {
	base := len(ev.stack)
	if err := n(ev, vars); err != nil {
		ev.stack = ev.stack[:base]
		return nil, err
	}
	v := ev.stack[base]
	ev.stack = ev.stack[:base]
	return v, nil
}
