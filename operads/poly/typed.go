package poly

import "fmt"

// Typed is the typed face of an agent for hand-written code: states of Go
// type S, inputs A and outputs B, each one of the cases of [Value] ([Int],
// [Bool], [Str], [Pair], [Unit]) or Value itself. Its transition is an
// ordinary Go function on those types. [Typed.Agent] erases it to the
// dynamic [Agent] that the operations compose; since S, A and B are cases
// of Value, erasure is a conversion, not an encoding.
type Typed[S, A, B Value] struct {
	dyn Agent
}

// NewTyped returns the typed agent name over states, starting in initial,
// accepting every value of type A and stepping with step. It declares its
// types when A and B are concrete cases of Value.
func NewTyped[S, A, B Value](name string, states []S, initial S, step func(S, A) (S, B)) (Typed[S, A, B], error) {
	vs := make([]Value, len(states))
	for i, s := range states {
		vs[i] = s
	}
	pos := States(vs...)
	ofA := Accepting(fmt.Sprintf("%T", *new(A)), func(v Value) bool { _, ok := v.(A); return ok })
	a, err := New(Spec{Name: name, Positions: pos, Initial: initial,
		Directions: func(Value) Directions { return ofA },
		Step: func(s, x Value) (Value, Value, error) {
			next, out := step(s.(S), x.(A))
			if !pos.Contains(next) {
				return s, nil, fmt.Errorf("poly: agent %s stepped to %s, which is not a position", name, Format(next))
			}
			return next, out, nil
		}})
	if err != nil {
		return Typed[S, A, B]{}, err
	}
	if in, out := goType[A](), goType[B](); in != "" && out != "" {
		a = a.WithType(in, out)
	}
	return Typed[S, A, B]{dyn: a}, nil
}

// goType returns the type every value of T has, or "" when T does not
// fix one (a Pair's depends on its parts, an interface's on its value).
func goType[T Value]() Type {
	var zero T
	if _, pair := any(zero).(Pair); pair {
		return ""
	}
	return TypeOf(zero)
}

// Agent returns the dynamic agent, for composition.
func (t Typed[S, A, B]) Agent() Agent { return t.dyn }

// Initial returns the initial state.
func (t Typed[S, A, B]) Initial() S {
	s, _ := t.dyn.Initial().(S)
	return s
}

// Invoke runs one transition, with the validation of [Agent.Invoke].
func (t Typed[S, A, B]) Invoke(s S, x A) (S, B, error) {
	next, out, err := t.dyn.Invoke(s, x)
	if err != nil {
		var zb B
		return s, zb, err
	}
	return next.(S), out.(B), nil
}

// Run folds Invoke over inputs from the initial state.
func (t Typed[S, A, B]) Run(inputs ...A) ([]B, error) {
	vs := make([]Value, len(inputs))
	for i, x := range inputs {
		vs[i] = x
	}
	outs, err := t.dyn.Run(vs...)
	bs := make([]B, len(outs))
	for i, o := range outs {
		bs[i] = o.(B)
	}
	return bs, err
}
