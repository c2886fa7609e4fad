package agent_test

import (
	"errors"
	"fmt"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
)

// Build leaf agents, compose them, run the composite.
func Example() {
	inc := poly.FromFunc("inc", func(v poly.Value) poly.Value { return v.(poly.Int) + 1 })
	double := poly.FromFunc("double", func(v poly.Value) poly.Value { return v.(poly.Int) * 2 })
	big := poly.FromFunc("big", func(v poly.Value) poly.Value { return poly.Bool(v.(poly.Int) > 10) })

	pipeline := agent.Seq(inc, double)
	both := agent.Par(inc, double)
	choose := agent.Branch(big, inc, double)
	grow := agent.Fix(big, double) // double until above 10

	for _, a := range []poly.Agent{pipeline, both, choose, grow} {
		outs, err := a.Run(poly.Int(5), poly.Int(20))
		fmt.Println(a, outs, err)
	}
	// Output:
	// seq(inc, double) [12 42] <nil>
	// par(inc, double) [pair(6, 10) pair(21, 40)] <nil>
	// branch(big, inc, double) [10 21] <nil>
	// fix(big, double) [20 40] <nil>
}

// A fix that cannot reach its predicate reports its bound.
func ExampleFixN() {
	stay := poly.FromFunc("stay", func(v poly.Value) poly.Value { return v })
	never := poly.Constant(poly.Bool(false))
	_, err := agent.FixN(3, never, stay).Run(poly.Int(1))
	fmt.Println(errors.Is(err, agent.ErrBound))
	fmt.Println(err)
	// Output:
	// true
	// step 0: agent: fix_3(const(false), stay): predicate did not hold within 3 iterations from input 1 (last output 1)
}

// Trace records every step into a sink.
func ExampleTrace() {
	rec := &agent.Recorder{}
	counter, _ := poly.Stateful("count", []poly.Value{poly.Int(0), poly.Int(1), poly.Int(2)}, poly.Int(0), nil,
		func(s, _ poly.Value) (poly.Value, poly.Value) { return (s.(poly.Int) + 1) % 3, s })
	outs, _ := agent.Trace(counter, rec).Run(poly.Str("a"), poly.Str("b"))
	fmt.Println(outs)
	for _, st := range rec.Steps() {
		fmt.Println(st)
	}
	// Output:
	// [0 1]
	// count: 0 --"a"/0--> 1
	// count: 1 --"b"/1--> 2
}

// Apply operations by name, as a JSON-described operad does. The second
// flip refuses the first one's output on the second step: seq accepts what
// its first part accepts, and a later part may still refuse.
func ExampleOperations() {
	flip, _ := poly.FromTable(poly.Table{Name: "flip", States: []poly.Value{poly.Int(0), poly.Int(1)}, Initial: poly.Int(0),
		Rows: []poly.Row{
			{From: poly.Int(0), In: poly.Bool(true), To: poly.Int(1), Out: poly.Bool(false)},
			{From: poly.Int(1), In: poly.Bool(true), To: poly.Int(0), Out: poly.Bool(true)},
		}})
	ops := agent.Operations(agent.Config{Sink: &agent.Recorder{}})
	seq3, _ := ops["seq"].Apply(flip, agent.Not(), flip)
	outs, err := seq3.Run(poly.Bool(true), poly.Bool(true))
	fmt.Println(seq3, outs, err)
	_, err = ops["branch"].Apply(flip)
	fmt.Println(err)
	// Output:
	// seq(flip, not(), flip) [false] step 1: poly: agent flip: invalid input false for state 1 (accepts {true})
	// agent: operation branch takes 3 agents, got 1
}

// Check a law of the operad on generated agents and inputs, and compare
// two agents by behaviour.
func ExampleLawSet() {
	rs, _ := laws.RunInstance("agents", laws.Options{Checks: 50, Match: "seq_associativity"}, agent.LawSet(agent.Standard()))
	fmt.Println(rs[0].Law, rs[0].Status, rs[0].Cases)

	a := poly.FromFuncOn("a", poly.OfType(poly.TInt), func(v poly.Value) poly.Value { return v.(poly.Int) * 3 })
	l := agent.Par(agent.Par(a, a), a)
	r := agent.Par(a, agent.Par(a, a))
	fmt.Println(agent.Eq().Equal(l, r), agent.Eq(agent.Normalised(agent.UpToReassociation)).Equal(l, r))
	// Output:
	// seq_associativity passed 50
	// false true
}
