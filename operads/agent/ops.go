package agent

import (
	"errors"
	"fmt"
	"sort"

	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/poly"
)

// Ops is one implementation of the agent operad's operations. [Standard]
// returns this package's; the tests build broken ones (a seq that forgets
// a state, a par that swaps its outputs…) and show that the laws catch
// them. [LawSet] checks any Ops.
type Ops struct {
	Identity func() poly.Agent
	Seq      func(l, r poly.Agent) poly.Agent
	Par      func(l, r poly.Agent) poly.Agent
	Branch   func(p, t, f poly.Agent) poly.Agent
	Fix      func(bound int, p, body poly.Agent) poly.Agent
	Trace    func(a poly.Agent, sink Sink) poly.Agent
	SeqN     func(as ...poly.Agent) poly.Agent
	ParN     func(as ...poly.Agent) poly.Agent
}

// Standard returns the operations of this package: Identity, Seq, Par,
// Branch, FixN, Trace, SeqN and ParN.
func Standard() Ops {
	return Ops{Identity: Identity, Seq: Seq, Par: Par, Branch: Branch, Fix: FixN, Trace: Trace, SeqN: SeqN, ParN: ParN}
}

// ErrArity is matched (with errors.Is) by every [*ArityError].
var ErrArity = errors.New("agent: wrong number of agents")

// ArityError reports an operation applied to a number of agents its arity
// does not allow.
type ArityError struct {
	Op    string
	Arity term.Arity
	Got   int
}

// Error names the operation, its arity and what it got.
func (e *ArityError) Error() string {
	return fmt.Sprintf("agent: operation %s takes %s agents, got %d", e.Op, e.Arity, e.Got)
}

// Is makes errors.Is(err, ErrArity) true.
func (e *ArityError) Is(target error) bool { return target == ErrArity }

// Operation is one operation of the agent operad, applied by name: how
// JSON-described operads and term evaluation build agents.
type Operation struct {
	Name  string
	Arity term.Arity
	// Doc is one line on what the operation does.
	Doc   string
	apply func(as []poly.Agent) (poly.Agent, error)
}

// Apply applies the operation to as, checking the arity explicitly (an
// [*ArityError]; variadic operations take any number of agents from their
// minimum) and that no agent is the zero Agent.
func (o Operation) Apply(as ...poly.Agent) (poly.Agent, error) {
	if !o.Arity.Allows(len(as)) {
		return poly.Agent{}, &ArityError{Op: o.Name, Arity: o.Arity, Got: len(as)}
	}
	for i, a := range as {
		if a.IsZero() {
			return poly.Agent{}, fmt.Errorf("agent: operation %s: agent %d: %w", o.Name, i+1, poly.ErrZeroAgent)
		}
	}
	return o.apply(as)
}

// Config configures the operations applied by name.
type Config struct {
	// Ops implements them; the zero Ops means Standard().
	Ops Ops
	// Sink receives the steps of trace; nil makes applying trace fail with
	// ErrNoSink.
	Sink Sink
	// FixBound bounds fix; 0 means DefaultFixBound.
	FixBound int
}

// Operations returns the operations by name:
//
//	name    arity  meaning
//	id      0      Identity()
//	seq     0+     Seq for two agents, SeqN otherwise (seq() = id, seq(a) = a)
//	par     0+     Par for two agents, ParN otherwise (par() outputs unit(), par(a) = a)
//	branch  3      Branch(p, t, f)
//	fix     2      FixN(cfg.FixBound, p, body)
//	trace   1      Trace(a, cfg.Sink)
//	not     0      the stateless agent that negates a bool (for branch(seq(p, not()), b, a))
//
// Variadic seq and par are callable and enumerable, unlike kgents' arity
// −1 operations.
func Operations(cfg Config) map[string]Operation {
	ops := cfg.Ops
	if ops.Seq == nil {
		ops = Standard()
	}
	bound := cfg.FixBound
	if bound == 0 {
		bound = DefaultFixBound
	}
	list := []Operation{
		{Name: "id", Arity: term.Fixed(0), Doc: "the identity agent",
			apply: func([]poly.Agent) (poly.Agent, error) { return ops.Identity(), nil }},
		{Name: "seq", Arity: term.Variadic(0), Doc: "sequential composition: each agent's output is the next one's input",
			apply: func(as []poly.Agent) (poly.Agent, error) {
				if len(as) == 2 {
					return ops.Seq(as[0], as[1]), nil
				}
				return ops.SeqN(as...), nil
			}},
		{Name: "par", Arity: term.Variadic(0), Doc: "parallel composition: the same input to every agent, the tuple of outputs",
			apply: func(as []poly.Agent) (poly.Agent, error) {
				if len(as) == 2 {
					return ops.Par(as[0], as[1]), nil
				}
				return ops.ParN(as...), nil
			}},
		{Name: "branch", Arity: term.Fixed(3), Doc: "run the predicate, then the then-arm or the else-arm on the same input",
			apply: func(as []poly.Agent) (poly.Agent, error) { return ops.Branch(as[0], as[1], as[2]), nil }},
		{Name: "fix", Arity: term.Fixed(2), Doc: "iterate the body until the predicate holds, within a bound",
			apply: func(as []poly.Agent) (poly.Agent, error) { return ops.Fix(bound, as[0], as[1]), nil }},
		{Name: "trace", Arity: term.Fixed(1), Doc: "the same agent, recording every step into the sink",
			apply: func(as []poly.Agent) (poly.Agent, error) {
				if cfg.Sink == nil {
					return poly.Agent{}, ErrNoSink
				}
				return ops.Trace(as[0], cfg.Sink), nil
			}},
		{Name: "not", Arity: term.Fixed(0), Doc: "negate a bool",
			apply: func([]poly.Agent) (poly.Agent, error) { return Not(), nil }},
	}
	m := make(map[string]Operation, len(list))
	for _, o := range list {
		m[o.Name] = o
	}
	return m
}

// Op returns the standard operation called name, with no trace sink and
// the default fix bound (use [Operations] to give them).
func Op(name string) (Operation, bool) {
	o, ok := Operations(Config{})[name]
	return o, ok
}

// OpNames returns the names of the operations, sorted.
func OpNames() []string {
	var names []string
	for n := range Operations(Config{}) {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Signature returns the signature of agent terms for package laws/term:
// the operations of [Operations] with their arities, untyped (agent
// terms are typed by [Check], which the term signature cannot express),
// with id() as the identity the term shrinker tries.
func Signature() *term.Signature {
	var ops []term.Operation
	for _, n := range OpNames() {
		o, _ := Op(n)
		ops = append(ops, term.Operation{Name: n, Arity: o.Arity})
	}
	return term.MustSignature(ops...).WithIdentity(term.Apply("id"))
}

// Not returns the stateless agent "not()" that negates a bool: it accepts
// bools only.
func Not() poly.Agent {
	return poly.FromFuncOn("not()", poly.OfType(poly.TBool), func(v poly.Value) poly.Value {
		return !v.(poly.Bool)
	}).WithType(poly.TBool, poly.TBool)
}
