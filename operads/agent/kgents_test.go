package agent_test

import (
	"fmt"
	"testing"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
)

// kgents' AgentOperad declares exactly two laws, and its check composes
// both sides and reports PASSED without running them:
//
//	seq_associativity: seq(seq(a, b), c) = seq(a, seq(b, c))
//	par_associativity: par(par(a, b), c) = par(a, par(b, c))
//
// Run by behaviour, the first holds and the second, as written, does not.

var engines = []laws.Engine{laws.Rapid, laws.Gopter}

func TestKgentsSeqAssociativityHoldsByBehaviour(t *testing.T) {
	set, err := agent.KgentsTheory(agent.Standard())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range engines {
		rs, err := laws.RunInstance("kgents", laws.Options{Engine: e, Checks: 200, Match: "/seq_associativity$"}, set)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1 || rs[0].Equation != "seq(seq(a, b), c) = seq(a, seq(b, c))" {
			t.Fatalf("want kgents' seq_associativity as written, got %+v", rs)
		}
		if r := rs[0]; r.Status != laws.Passed || r.Cases < 200 {
			t.Errorf("%s: %s after %d cases\n%s", e, r.Status, r.Cases, r.Report())
		}
	}
}

func TestKgentsParAssociativityIsFalseAsWritten(t *testing.T) {
	set, err := agent.KgentsParTheory(agent.Standard(), agent.Eq())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range engines {
		for _, seed := range smallSeeds {
			rs, err := laws.RunInstance("kgents", laws.Options{Engine: e, Checks: 200, Seed: seed}, set)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 || rs[0].Equation != "par(par(a, b), c) = par(a, par(b, c))" {
				t.Fatalf("want kgents' par_associativity as written, got %+v", rs)
			}
			r := rs[0]
			if r.Status != laws.Failed {
				t.Fatalf("%s, seed %d: kgents' par_associativity %s, want failed\n%s", e, seed, r.Status, r.Report())
			}
			if states, _, _ := caseSize(r.Counterexample); states > 1 {
				t.Errorf("%s, seed %d: the counterexample should shrink to one-state agents:\n%s", e, seed, r.Report())
			}
			if seed == smallSeeds[0] {
				t.Logf("%s:\n%s", e, r.Report())
			}
		}
	}
	// and up to reassociation it holds
	set, err = agent.KgentsParTheory(agent.Standard(), agent.Eq(agent.Normalised(agent.UpToReassociation)))
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := laws.RunInstance("kgents", laws.Options{Checks: 200}, set)
	if rs[0].Status != laws.Passed {
		t.Errorf("par associativity up to reassociation: %s", rs[0].Report())
	}
}

// kgents' own test of par associativity shows the outputs ((6, 10), 4)
// and (6, (10, 4)); so do these agents, on input 2.
func TestParAssociativityKgentsExample(t *testing.T) {
	times := func(k poly.Int) poly.Agent {
		return poly.FromFunc("times", func(v poly.Value) poly.Value { return v.(poly.Int) * k })
	}
	a, b, c := times(3), times(5), times(2)
	l, _ := agent.Par(agent.Par(a, b), c).Run(poly.Int(2))
	r, _ := agent.Par(a, agent.Par(b, c)).Run(poly.Int(2))
	if l[0].String() != "pair(pair(6, 10), 4)" || r[0].String() != "pair(6, pair(10, 4))" {
		t.Fatalf("got %s and %s", l[0], r[0])
	}
	if poly.Reassociate(l[0]) != poly.Reassociate(r[0]) {
		t.Fatal("equal up to reassociation")
	}
}

// strictLaw is a behavioural law with strict comparison, for laws that are
// false and must be shown failing.
func strictLaw(name, eqn string, sides func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value)) laws.LawSet {
	eq := laws.EqFunc("same outcome", agent.Outcome.Equal)
	return laws.NewLawSet("Strict", nil, laws.Equation(name, eqn, eq, func(d *laws.Draws) (agent.Outcome, agent.Outcome) {
		l, r, xs := sides(d)
		return agent.Behaviour(l, xs, agent.Strict), agent.Behaviour(r, xs, agent.Strict)
	}))
}

// mustFail checks that set's law fails on both engines, shrunk to at most
// maxStates states and maxInputs inputs, on each of smallSeeds.
func mustFail(t *testing.T, set laws.LawSet, maxStates, maxInputs int) {
	t.Helper()
	for _, e := range engines {
		for _, seed := range smallSeeds {
			rs, err := laws.RunInstance("strict", laws.Options{Engine: e, Checks: 300, Seed: seed}, set)
			if err != nil {
				t.Fatal(err)
			}
			r := rs[0]
			if r.Status != laws.Failed {
				t.Fatalf("%s, seed %d: %s, want failed\n%s", e, seed, r.Status, r.Report())
			}
			states, inputs, _ := caseSize(r.Counterexample)
			if states > maxStates || inputs > maxInputs {
				t.Errorf("%s, seed %d: counterexample has %d states and %d inputs, want at most %d and %d:\n%s", e, seed, states, inputs, maxStates, maxInputs, r.Report())
			}
			if seed == smallSeeds[0] {
				t.Logf("%s:\n%s", e, r.Report())
			}
		}
	}
}

// smallSeeds are the seeds on which the tests that bound the size of a
// counterexample run each engine. They are fixed so that such a test gives
// the same verdict on every run: the shrinkers reach these bounds on most
// seeds, not on all (a local minimum one state larger is possible), and a
// test whose verdict depends on the seed it happens to draw fails CI at
// random. The tests still fail if shrinking regresses on any of them.
var smallSeeds = []uint64{1, 2, 3, 4, 5}

// Strict par associativity fails, and the smallest counterexample is three
// one-state agents and one input: ((x, y), z) against (x, (y, z)).
func TestStrictParAssociativityFailsMinimally(t *testing.T) {
	mustFail(t, strictLaw("par_associativity_strict", "par(par(a, b), c) = par(a, par(b, c))", func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
		x := laws.Draw(d, "X", agent.Types())
		a := laws.Draw(d, "a", agent.Agents(x, poly.TInt))
		b := laws.Draw(d, "b", agent.Agents(x, poly.TInt))
		c := laws.Draw(d, "c", agent.Agents(x, poly.TInt))
		lhs := agent.Par(agent.Par(a, b), c)
		return lhs, agent.Par(a, agent.Par(b, c)), laws.Draw(d, "inputs", agent.Inputs(lhs, x, agent.MaxInputs))
	}), 1, 1)
}

// branch(p, a, a) = a fails for a stateful a: each arm keeps its own
// state, so a step through one arm does not advance the other. The
// smallest case is a two-state a, a predicate that switches arms, and two
// inputs; the engines sometimes stop at a local minimum with three.
func TestBranchIdempotenceFailsForStatefulArms(t *testing.T) {
	mustFail(t, strictLaw("branch_idempotence_stateful", "branch(p, a, a) = a", func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
		x := laws.Draw(d, "X", agent.Types())
		p := laws.Draw(d, "p", agent.Agents(x, poly.TBool))
		a := laws.Draw(d, "a", agent.Agents(x, poly.TInt))
		lhs := agent.Branch(p, a, a)
		return lhs, a, laws.Draw(d, "inputs", agent.Inputs(lhs, x, agent.MaxInputs))
	}), 2, 3)
}

// seq(id(), a) accepts every input (id's directions), where a accepts only
// its own; on an input a refuses, both refuse it at the same step, which is
// why the identity law is stated on inputs a accepts and still holds as an
// equality of outcomes.
func TestSeqLeftIdentityAcceptsMoreButRefusesTheSame(t *testing.T) {
	a := poly.FromFuncOn("neg", poly.OfType(poly.TInt), func(v poly.Value) poly.Value { return -v.(poly.Int) })
	l := agent.Seq(agent.Identity(), a)
	if !l.Directions(l.Initial()).Accepts(poly.Bool(true)) || a.Directions(a.Initial()).Accepts(poly.Bool(true)) {
		t.Fatal("seq(id, a) takes its directions from id")
	}
	xs := []poly.Value{poly.Int(1), poly.Bool(true)}
	lo, ro := agent.Behaviour(l, xs, agent.Strict), agent.Behaviour(a, xs, agent.Strict)
	if !lo.Equal(ro) || lo.Failure != "rejected" || len(lo.Outputs) != 1 {
		t.Fatalf("%s vs %s", lo, ro)
	}
}

// fix_postcondition is stated for a stateless predicate: with state, the
// predicate that approved an output inside the step has moved on, and
// asking it again from its initial state can disagree.
func TestFixPostconditionFailsForAStatefulPredicate(t *testing.T) {
	law := laws.Property("fix_postcondition_stateful_p", "every output y of fix(p, f) satisfies p(y) from p's initial state", func(d *laws.Draws) error {
		p := laws.Draw(d, "p", agent.Agents(poly.TInt, poly.TBool))
		f := laws.Draw(d, "f", agent.Agents(poly.TInt, poly.TInt))
		xs := laws.Draw(d, "inputs", agent.Inputs(f, poly.TInt, agent.MaxInputs))
		fx := agent.FixN(3, p, f)
		s := fx.Initial()
		for _, x := range xs {
			next, y, err := fx.Invoke(s, x)
			if err != nil {
				return nil
			}
			if _, c, _ := p.Invoke(p.Initial(), y); !poly.Truthy(c) {
				return fmt.Errorf("output %s, p(%s) = %s from p's initial state", y, y, c)
			}
			s = next
		}
		return nil
	})
	for _, e := range engines {
		for _, seed := range smallSeeds {
			rs, _ := laws.RunInstance("stateful_p", laws.Options{Engine: e, Checks: 300, Seed: seed}, laws.NewLawSet("Strict", nil, law))
			if rs[0].Status != laws.Failed {
				t.Fatalf("%s, seed %d: %s", e, seed, rs[0].Report())
			}
			if states, inputs, _ := caseSize(rs[0].Counterexample); states > 2 || inputs > 3 {
				t.Errorf("%s, seed %d: not small:\n%s", e, seed, rs[0].Report())
			}
			if seed == smallSeeds[0] {
				t.Logf("%s:\n%s", e, rs[0].Report())
			}
		}
	}
}
