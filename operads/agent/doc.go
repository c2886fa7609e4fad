// Package agent is kgents' agent operad over the polynomial agents of
// package poly: the identity and the five operations seq, par, branch, fix
// and trace, with variadic seq and par, and its laws checked by running
// both sides of every law on generated agents and inputs.
//
// # Semantics
//
// States of compositions are pairs of the parts' states (a branch's is the
// triple pair(p, pair(t, f))). For each operation, what it accepts in a
// state and what one step does:
//
//	operation         positions          directions            one step on input x
//	id()              {"ready"}          any                   outputs x
//	seq(l, r)         pair(l, r)         l's                   y = l(x); outputs r(y); both advance
//	seq(a1, …, an)    tuple of n         a1's                  the pipeline; seq() = id, seq(a) = a
//	par(l, r)         pair(l, r)         l's ∩ r's (any: the   outputs pair(l(x), r(x)); both advance
//	                                     other side's)
//	par(a1, …, an)    tuple of n         all ∩                 outputs the tuple; par() outputs unit()
//	branch(p, t, f)   pair(p, pair(t,f)) p's                   c = p(x); outputs t(x) if c is true, else
//	                                                           f(x); p and the chosen arm advance
//	fix(p, f)         pair(p, f)         f's                   y = f(x) until p(y) holds, at most N
//	                                                           times; outputs y, or fails with the bound
//	trace(a)          a's                a's                   a's step, recorded into a Sink
//
// Where kgents does less, this package does more and says so: fix is a
// real bounded fixpoint, and reaching the bound is a [*BoundError] (kgents
// runs the body once per step, ignores the predicate, and returns None
// after ten steps); trace records every step into an observable [Sink]
// ([Recorder] in memory; package agentledger makes each step a TraceNode of
// a trace.Ledger, linked to the step before), where kgents records into a
// list nobody can read; variadic seq and par are callable, where kgents'
// arity −1 operations fail its own arity check. An invocation that an
// agent refuses is a *poly.RejectError; a step never panics.
//
// # Building agents from data
//
// A JSON-described operad builds its leaves with poly.FromTable (states, an
// initial state, rows from/input/to/output over poly.Value) and applies the
// operations by name:
//
//	inc, _ := poly.FromTable(poly.Table{Name: "inc", States: …, Initial: …, Rows: …})
//	seq, _ := agent.Op("seq")           // or agent.Operations(agent.Config{Sink: s})["trace"]
//	both, err := seq.Apply(inc, inc)    // an *ArityError if the count is wrong
//
// [Operations] lists every operation with its arity; [Algebra] evaluates a
// term of package laws/term (seq(a, par(b, c))) with variables bound to
// agents, and [Check] type-checks one.
//
// # Equality and laws
//
// Two agents are behaviourally equal ([Eq]) when, from their initial
// states, they give the same outputs, and fail at the same step in the
// same way, on the same input sequences; a [Normalisation] such as
// [UpToReassociation] compares outputs after flattening nested pairs.
// [LawSet] gives the laws of any implementation of the operations
// ([Ops]); package init registers them for [Standard] so that
// `go test -run Laws ./operads/agent` and `lawcheck run agent_operad` run
// them.
package agent
