// Package poly is kgents' polynomial agents in Go: an agent has a name, a
// finite set of positions (states) with an initial one, directions (the
// inputs it accepts in a state) and a transition (state, input) → (state,
// output). Package agent composes them with kgents' operations.
//
// # Values: one dynamic type, and a typed face
//
// Agents of a generated term mix state and value types: seq(a, b) where a
// maps ints to bools and b bools to pairs, par(a, b) whose state is a pair
// of the two states. A Go type per agent (PolyAgent[S, A, B]) would make
// every composition a new generic instantiation, decided at compile time,
// and generated terms are built at run time. So agents run on one dynamic
// type, [Value]: a closed sum of [Unit], [Bool], [Int], [Str] and [Pair].
// Values are comparable with == and usable as map keys (a Pair is a struct
// of two Values), print in the term syntax of laws/term (pair(1, true)),
// and have types written the same way ([Type]: "pair(int, bool)"), which
// generated agents declare ([Agent.WithType]) so that terms are generated
// and shrunk well-typed.
//
// Hand-written agents use the typed face [Typed][S, A, B], whose type
// parameters are cases of Value: its transition is a plain Go function on
// Int, Bool, ... and [Typed.Agent] erases it to the dynamic Agent by a
// conversion, without encoding.
//
// # Invocation
//
// [Agent.Invoke] validates as kgents' invoke does: a state outside the
// positions, or an input outside the directions at that state, is a
// [*RejectError] (errors.Is(err, [ErrRejected])) naming the agent, the state
// and the input; it never panics. [Agent.Run] folds Invoke from the initial
// state and returns the outputs and, at the first failure, a [*StepError]
// with the step's index. Agents are immutable values: the state is passed in
// and returned, so one agent can be run from many goroutines.
//
// # Constructors
//
//	constructor      positions         directions           output
//	Identity()       {"ready"}         any                  the input
//	FromFunc(n, f)   {"ready"}         any                  f(input)
//	Constant(v)      {"ready"}         any                  v
//	Stateful(...)    the states given  dirs(state)          step(state, input)
//	FromTable(t)     t.States          inputs of t's rows   the row's output
//	New(Spec)        anything          anything             anything (an error too)
//
// [Directions] are any value, the values of a type, a finite set, a
// predicate, or an intersection of these (kgents' par takes the other
// side's directions when one side accepts Any: AnyInput is neutral for
// [Directions.Intersect]).
//
// [FromTable] is the way to build a finite-state leaf agent from data, such
// as a JSON description: states, an initial state and rows (from, input,
// to, output); a malformed table is a [*TableError] naming the row.
package poly
