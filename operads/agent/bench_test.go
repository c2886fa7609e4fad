package agent_test

import (
	"fmt"
	"testing"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
)

func benchTables(b *testing.B) (x, y, z poly.Agent, xs []poly.Value) {
	gen := agent.Tables(poly.TInt, poly.TInt, 3)
	x, y, z = gen.Example(1), gen.Example(2), gen.Example(3)
	for i := range 20 {
		xs = append(xs, poly.Int(i%4))
	}
	for _, a := range []poly.Agent{x, y, z} {
		if _, err := a.Run(xs...); err != nil {
			b.Fatal(err)
		}
	}
	return
}

// One case of seq associativity, evaluated by hand: 3 table agents of up
// to 3 states, 20 inputs; build both sides, run both, compare outcomes.
func BenchmarkSeqAssociativityCase(b *testing.B) {
	x, y, z, xs := benchTables(b)
	b.ReportAllocs()
	for b.Loop() {
		l := agent.Seq(agent.Seq(x, y), z)
		r := agent.Seq(x, agent.Seq(y, z))
		if !agent.Behaviour(l, xs, agent.Strict).Equal(agent.Behaviour(r, xs, agent.Strict)) {
			b.Fatal("seq is not associative")
		}
	}
}

// One case of the registered seq_associativity law through the engine:
// draw four types, three agents and up to 6 inputs, evaluate, compare.
func BenchmarkSeqAssociativityLawCase(b *testing.B) {
	set := agent.LawSet(agent.Standard())
	for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
		b.Run(string(e), func(b *testing.B) {
			b.ReportAllocs()
			rs, err := laws.RunInstance("agent_operad", laws.Options{Engine: e, Checks: b.N, Seed: 1, Match: "/seq_associativity$"}, set)
			if err != nil || len(rs) != 1 || rs[0].Status != laws.Passed {
				b.Fatalf("%v %+v", err, rs)
			}
		})
	}
}

// The agent-operad suite at 100 cases per law: the behavioural law set
// (17 laws), and everything the package registers (30 laws).
func BenchmarkSuite100(b *testing.B) {
	th, _ := agent.KgentsTheory(agent.Standard())
	par, _ := agent.KgentsParTheory(agent.Standard(), agent.Eq(agent.Normalised(agent.UpToReassociation)))
	sets := map[string][]laws.LawSet{
		"operad_laws":    {agent.LawSet(agent.Standard())},
		"all_registered": {agent.LawSet(agent.Standard()), th, par, agent.TermAlgebraLaws(agent.Standard())},
	}
	for _, name := range []string{"operad_laws", "all_registered"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i, set := range sets[name] {
					rs, err := laws.RunInstance(fmt.Sprint("suite", i), laws.Options{Checks: 100, Seed: 1}, set)
					if err != nil {
						b.Fatal(err)
					}
					for _, r := range rs {
						if r.Status != laws.Passed {
							b.Fatal(r.Report())
						}
					}
				}
			}
		})
	}
}

// How the cost of a case grows with term size: a is a generated term of
// at most n nodes (int → int; the largest of a few hundred that runs all 20
// inputs, reported as the nodes metric), b and c table agents; one case
// evaluates the term, builds both sides of seq associativity, runs them on
// 20 inputs and compares.
func BenchmarkCaseByTermSize(b *testing.B) {
	_, y, z, xs := benchTables(b)
	for _, n := range []int{5, 20, 80} {
		terms := agent.Terms(poly.TInt, poly.TInt, n, "")
		cfg := agent.Config{Sink: &agent.Counter{}}
		// the generator gives at most n nodes: take the largest of a few
		// hundred terms that runs all 20 inputs (a term whose fix reaches
		// its bound would stop early and cost less)
		var best *term.Term
		for seed := uint64(1); seed < 500; seed++ {
			t := terms.Example(seed)
			if best != nil && t.Size() <= best.Size() {
				continue
			}
			a, err := agent.Eval(t, nil, cfg)
			if err != nil {
				b.Fatal(err)
			}
			if o := agent.Behaviour(a, xs, agent.Strict); o.Failure == "" && len(o.Outputs) == len(xs) {
				best = t
			}
		}
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				x, err := agent.Eval(best, nil, cfg)
				if err != nil {
					b.Fatal(err)
				}
				l := agent.Seq(agent.Seq(x, y), z)
				r := agent.Seq(x, agent.Seq(y, z))
				if !agent.Behaviour(l, xs, agent.Strict).Equal(agent.Behaviour(r, xs, agent.Strict)) {
					b.Fatal("seq is not associative")
				}
			}
			b.ReportMetric(float64(best.Size()), "nodes")
		})
	}
}
