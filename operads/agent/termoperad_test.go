package agent_test

import (
	"testing"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
)

// wrongHole plugs g into hole i+1 of f (wrapping around) instead of hole
// i: a well-formed composite, with the inputs in the wrong places.
type wrongHole struct{ agent.TermOperad }

func (o wrongHole) Compose(f agent.TermOp, i int, g agent.TermOp) (agent.TermOp, error) {
	if i >= 1 && i <= f.Arity() {
		i = i%f.Arity() + 1
	}
	return o.TermOperad.Compose(f, i, g)
}

// The algebra laws over the operad of agent terms catch a composition
// that misplaces its inputs, on both engines, with small terms.
func TestTermOperadZoo(t *testing.T) {
	set := laws.OperadAlgebraLaws[agent.TermOp, poly.Agent](wrongHole{}, agent.TermAlgebra{Ops: agent.Standard()},
		agent.TermOps(7), agent.Agents(poly.TInt, poly.TInt), agent.Eq())
	for _, e := range engines {
		for _, seed := range smallSeeds {
			rs, err := laws.RunInstance("wrong_hole", laws.Options{Engine: e, Checks: 300, Match: "algebra_composition", Seed: seed}, set)
			if err != nil {
				t.Fatal(err)
			}
			r := rs[0]
			if r.Status != laws.Failed {
				t.Fatalf("%s, seed %d: %s\n%s", e, seed, r.Status, r.Report())
			}
			nodes := 0
			for _, b := range r.Counterexample.Bindings {
				if op, ok := b.Value.(agent.TermOp); ok {
					nodes += op.Body().Size()
				}
			}
			if nodes > 10 {
				t.Errorf("%s, seed %d: the operations of the counterexample have %d nodes, want at most 10:\n%s", e, seed, nodes, r.Report())
			}
			if seed == smallSeeds[0] {
				t.Logf("%s:\n%s", e, r.Report())
			}
		}
	}
}
