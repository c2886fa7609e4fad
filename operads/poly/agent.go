package poly

import (
	"fmt"
	"sync"
)

// Agent is a polynomial agent over dynamic [Value]s: a name, a finite set
// of positions (states) with an initial one, state-dependent directions
// (the inputs accepted in a state) and a transition (state, input) →
// (state, output). Agents are immutable values, safe to share between
// goroutines; running one never changes it, since the state is passed in
// and returned.
//
// The zero Agent is not an agent: its methods return [ErrZeroAgent].
type Agent struct {
	impl *agentImpl
}

type agentImpl struct {
	name      string
	lazy      *lazyName // when not nil, the name, computed on first use
	initial   Value
	positions Positions
	dirs      func(s Value) Directions
	step      StepFunc
	typ       *signature
	stateless bool
	delegated bool
}

type signature struct{ in, out Type }

type lazyName struct {
	once sync.Once
	fn   func() string
	s    string
}

func (l *lazyName) get() string {
	l.once.Do(func() { l.s = l.fn() })
	return l.s
}

// StepFunc is a transition: from state s on input x, the next state and the
// output, or an error (an inner agent's rejection, a bound reached). It is
// only called with a state in the positions and an input the directions
// accept.
type StepFunc func(s, x Value) (next, out Value, err error)

// Spec describes an agent for [New].
type Spec struct {
	// Name names the agent in errors and reports. Compositions use the
	// term syntax, seq(a, b), so that a counterexample reads as a term.
	Name string
	// NameFunc, when Name is "", computes the name the first time it is
	// asked for: a composition's name is as long as its term, and most
	// compositions built while checking laws are never printed.
	NameFunc func() string
	// Positions are the states; Initial must be one of them.
	Positions Positions
	Initial   Value
	// Directions gives the inputs accepted in a state; nil accepts any.
	Directions func(s Value) Directions
	// Step is the transition.
	Step StepFunc
	// Stateless marks an agent with a single position whose output depends
	// only on its input (laws such as branch(p, a, a) = a hold for these).
	Stateless bool
	// PartsCheckInput says that Step validates the input itself, by
	// stepping parts that validate theirs (a composition whose directions
	// are its parts'): Agent.Step then does not check Directions first,
	// and a refused input is reported by the part that refused it.
	PartsCheckInput bool
}

// New returns the agent described by spec, or an error if it has no step
// or its initial state is not a position.
func New(spec Spec) (Agent, error) {
	if spec.Step == nil {
		return Agent{}, fmt.Errorf("poly: agent %s has no step function", spec.Name)
	}
	if !spec.Positions.Contains(spec.Initial) {
		return Agent{}, fmt.Errorf("poly: agent %s: initial state %s is not a position", spec.Name, Format(spec.Initial))
	}
	dirs := spec.Directions
	if dirs == nil {
		dirs = anyDirections
	}
	impl := &agentImpl{name: spec.Name, initial: spec.Initial, positions: spec.Positions,
		dirs: dirs, step: spec.Step, stateless: spec.Stateless, delegated: spec.PartsCheckInput}
	if spec.Name == "" && spec.NameFunc != nil {
		impl.lazy = &lazyName{fn: spec.NameFunc}
	}
	return Agent{impl: impl}, nil
}

// MustNew is New for specifications known to be valid; it panics on an
// error.
func MustNew(spec Spec) Agent {
	a, err := New(spec)
	if err != nil {
		panic(err)
	}
	return a
}

func anyDirections(Value) Directions { return AnyInput() }

// IsZero reports whether a is the zero Agent.
func (a Agent) IsZero() bool { return a.impl == nil }

// Name returns the agent's name.
func (a Agent) Name() string {
	if a.impl == nil {
		return "<zero agent>"
	}
	if a.impl.lazy != nil {
		return a.impl.lazy.get()
	}
	return a.impl.name
}

// String returns the name.
func (a Agent) String() string { return a.Name() }

// Initial returns the initial state.
func (a Agent) Initial() Value {
	if a.impl == nil {
		return nil
	}
	return a.impl.initial
}

// Positions returns the set of states.
func (a Agent) Positions() Positions {
	if a.impl == nil {
		return States()
	}
	return a.impl.positions
}

// Directions returns the inputs accepted in state s (none for a state that
// is not a position).
func (a Agent) Directions(s Value) Directions {
	if a.impl == nil || !a.impl.positions.Contains(s) {
		return OneOf()
	}
	return a.impl.dirs(s)
}

// DirectionsIn is Directions for a state known to be a position, without
// checking it: compositions use it on their parts' states.
func (a Agent) DirectionsIn(s Value) Directions {
	if a.impl == nil {
		return OneOf()
	}
	return a.impl.dirs(s)
}

// Stateless reports whether the agent was built as stateless: one
// position, output a function of the input.
func (a Agent) Stateless() bool { return a.impl != nil && a.impl.stateless }

// WithType returns a copy of a that declares its input and output types.
// Generated agents and typed agents declare them; the type checker of
// package agent reads them.
func (a Agent) WithType(in, out Type) Agent {
	if a.impl == nil {
		return a
	}
	c := *a.impl
	c.typ = &signature{in, out}
	return Agent{impl: &c}
}

// Type returns the declared input and output types, if any.
func (a Agent) Type() (in, out Type, ok bool) {
	if a.impl == nil || a.impl.typ == nil {
		return "", "", false
	}
	return a.impl.typ.in, a.impl.typ.out, true
}

// Renamed returns a copy of a with another name.
func (a Agent) Renamed(name string) Agent {
	if a.impl == nil {
		return a
	}
	c := *a.impl
	c.name, c.lazy = name, nil
	return Agent{impl: &c}
}

// RenamedFunc returns a copy of a whose name is computed by name the first
// time it is asked for.
func (a Agent) RenamedFunc(name func() string) Agent {
	if a.impl == nil {
		return a
	}
	c := *a.impl
	c.name, c.lazy = "", &lazyName{fn: name}
	return Agent{impl: &c}
}

// Invoke runs one transition from state s on input x, validating both as
// kgents' invoke does: a state outside the positions or an input outside
// the directions at s is a [*RejectError] (matching [ErrRejected]); an
// inner part's rejection or a bound reached inside the step is returned as
// it is. On an error the state does not move. Invoke never panics on bad
// states or inputs.
func (a Agent) Invoke(s, x Value) (next, out Value, err error) {
	if a.impl == nil {
		return nil, nil, ErrZeroAgent
	}
	if !a.impl.positions.Contains(s) {
		return s, nil, &RejectError{Agent: a.Name(), Reason: InvalidState, State: s, Input: x}
	}
	return a.Step(s, x)
}

// Step is Invoke for a state known to be a position: it validates the
// input only. Compositions step their parts with it, since the state of a
// composition that is a position has parts that are positions.
func (a Agent) Step(s, x Value) (next, out Value, err error) {
	if a.impl == nil {
		return nil, nil, ErrZeroAgent
	}
	if !a.impl.delegated {
		if d := a.impl.dirs(s); !d.Accepts(x) {
			return s, nil, &RejectError{Agent: a.Name(), Reason: InvalidInput, State: s, Input: x, Accepted: d.String()}
		}
	}
	next, out, err = a.impl.step(s, x)
	if err != nil {
		return s, nil, err
	}
	return next, out, nil
}

// Run folds Invoke over inputs from the initial state and returns the
// outputs. If an invocation fails, Run returns the outputs before it and a
// [*StepError] naming the step, which wraps the cause.
func (a Agent) Run(inputs ...Value) ([]Value, error) {
	_, outs, err := a.RunFrom(a.Initial(), inputs...)
	return outs, err
}

// RunFrom is Run from state s; it also returns the state reached.
func (a Agent) RunFrom(s Value, inputs ...Value) (Value, []Value, error) {
	if a.impl == nil {
		return nil, nil, ErrZeroAgent
	}
	outs := make([]Value, 0, len(inputs))
	for i, x := range inputs {
		next, out, err := a.Invoke(s, x)
		if err != nil {
			return s, outs, &StepError{Step: i, Err: err}
		}
		s = next
		outs = append(outs, out)
	}
	return s, outs, nil
}
