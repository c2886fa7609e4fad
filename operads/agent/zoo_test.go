package agent_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
)

// The zoo: broken implementations of the agent operad, each a mistake the
// laws must catch.

// seqForgetsLeft keeps only the second agent's new state: the left part
// never leaves its state.
func seqForgetsLeft(l, r poly.Agent) poly.Agent {
	return poly.MustNew(poly.Spec{
		Name:       "seq(" + l.Name() + ", " + r.Name() + ")",
		Positions:  poly.Product(l.Positions(), r.Positions()),
		Initial:    poly.P(l.Initial(), r.Initial()),
		Directions: func(s poly.Value) poly.Directions { return l.Directions(s.(poly.Pair).L) },
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			p := s.(poly.Pair)
			_, y, err := l.Step(p.L, x)
			if err != nil {
				return s, nil, err
			}
			sr, z, err := r.Step(p.R, y)
			if err != nil {
				return s, nil, err
			}
			return poly.P(p.L, sr), z, nil
		},
	})
}

// parSwaps outputs the pair the wrong way round.
func parSwaps(l, r poly.Agent) poly.Agent {
	return agent.Seq(agent.Par(l, r), poly.FromFunc("swap()", func(v poly.Value) poly.Value {
		p := v.(poly.Pair)
		return poly.P(p.R, p.L)
	})).Renamed("par(" + l.Name() + ", " + r.Name() + ")")
}

// idIncrements is an identity that adds one to integers.
func idIncrements() poly.Agent {
	return poly.FromFunc("id", func(v poly.Value) poly.Value {
		if i, ok := v.(poly.Int); ok {
			return i + 1
		}
		return v
	})
}

// branchWrongArm runs the else-arm when the predicate holds and the
// then-arm when it does not.
func branchWrongArm(p, t, f poly.Agent) poly.Agent {
	return agent.Branch(p, f, t).Renamed("branch(" + p.Name() + ", " + t.Name() + ", " + f.Name() + ")")
}

// kgentsFix is kgents' fix: the state counts iterations up to 10; each
// step runs the body once, feeds its output to the predicate and ignores
// the answer; after ten steps it outputs None (unit()) and stays.
func kgentsFix(_ int, p, body poly.Agent) poly.Agent {
	counts := make([]poly.Value, 11)
	for i := range counts {
		counts[i] = poly.Int(i)
	}
	return poly.MustNew(poly.Spec{
		Name:       "fix(" + p.Name() + ", " + body.Name() + ")",
		Positions:  poly.Product(p.Positions(), body.Positions(), poly.States(counts...)),
		Initial:    poly.Tuple(p.Initial(), body.Initial(), poly.Int(0)),
		Directions: func(s poly.Value) poly.Directions { return body.Directions(s.(poly.Pair).R.(poly.Pair).L) },
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			sp, rest := s.(poly.Pair).L, s.(poly.Pair).R.(poly.Pair)
			sb, i := rest.L, rest.R.(poly.Int)
			if i >= 10 {
				return s, poly.Unit{}, nil
			}
			sb, y, err := body.Step(sb, x)
			if err != nil {
				return s, nil, err
			}
			sp, _, err = p.Step(sp, y)
			if err != nil {
				return s, nil, err
			}
			return poly.Tuple(sp, sb, i+1), y, nil
		},
	})
}

// dropsRecord is a trace that does not record the first step.
type dropFirst struct {
	inner agent.Sink
	seen  bool
}

func (d *dropFirst) Record(st agent.Step) error {
	if !d.seen {
		d.seen = true
		return nil
	}
	return d.inner.Record(st)
}

func traceDropsRecord(a poly.Agent, sink agent.Sink) poly.Agent {
	return agent.Trace(a, &dropFirst{inner: sink})
}

type zooCase struct {
	name string
	ops  agent.Ops
	want []string // laws that must fail
}

func zoo() []zooCase {
	with := func(f func(*agent.Ops)) agent.Ops {
		ops := agent.Standard()
		f(&ops)
		return ops
	}
	return []zooCase{
		{"seq_keeps_only_the_second_state", with(func(o *agent.Ops) { o.Seq = seqForgetsLeft }),
			[]string{"seq_right_identity", "seq_variadic"}},
		{"par_swaps_its_outputs", with(func(o *agent.Ops) { o.Par = parSwaps }),
			[]string{"par_left_projection", "par_right_projection", "par_variadic"}},
		{"identity_increments", with(func(o *agent.Ops) { o.Identity = idIncrements }),
			[]string{"seq_left_identity", "seq_right_identity"}},
		{"branch_runs_the_wrong_arm", with(func(o *agent.Ops) { o.Branch = branchWrongArm }),
			[]string{"branch_true", "branch_false"}},
		{"fix_ignores_its_predicate_as_kgents_does", with(func(o *agent.Ops) { o.Fix = kgentsFix }),
			[]string{"fix_postcondition", "fix_unrolling"}},
		{"trace_drops_a_record", with(func(o *agent.Ops) { o.Trace = traceDropsRecord }),
			[]string{"trace_records_each_step"}},
	}
}

// caseSize measures a counterexample: the most states of any agent, the
// number of inputs, and the most nodes of any term.
func caseSize(c *laws.Counterexample) (states, inputs, nodes int) {
	for _, b := range c.Bindings {
		switch v := b.Value.(type) {
		case poly.Agent:
			states = max(states, v.Positions().Len())
		case []poly.Value:
			inputs = max(inputs, len(v))
		case *term.Term:
			nodes = max(nodes, v.Size())
		}
	}
	return
}

func TestZooIsCaughtOnBothEngines(t *testing.T) {
	for _, c := range zoo() {
		for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
			t.Run(c.name+"/"+string(e), func(t *testing.T) {
				match := "^" + c.name + "/(" + strings.Join(c.want, "|") + ")$"
				for _, seed := range smallSeeds {
					zooCaseCaught(t, c, e, seed, match)
				}
			})
		}
	}
}

// zooCaseCaught checks that each of c's laws catches it on engine e at
// seed, with a small counterexample.
func zooCaseCaught(t *testing.T, c zooCase, e laws.Engine, seed uint64, match string) {
	t.Helper()
	rs, err := laws.RunInstance(c.name, laws.Options{Engine: e, Checks: 500, Match: match, Seed: seed}, agent.LawSet(c.ops))
	if err != nil {
		t.Fatal(err)
	}
	failed := map[string]laws.Result{}
	for _, r := range rs {
		switch r.Status {
		case laws.Failed:
			failed[r.Law] = r
		case laws.Errored:
			t.Errorf("%s errored:\n%s", r.Law, r.Report())
		}
	}
	for _, law := range c.want {
		r, ok := failed[law]
		if !ok {
			t.Errorf("seed %d: law %s did not catch %s; failed: %v", seed, law, c.name, keys(failed))
			continue
		}
		states, inputs, _ := caseSize(r.Counterexample)
		if states > 2 || inputs > 3 {
			t.Errorf("seed %d: %s: counterexample not small (%d states, %d inputs):\n%s", seed, law, states, inputs, r.Report())
		}
	}
	if testing.Verbose() && seed == smallSeeds[0] {
		for _, law := range c.want {
			if r, ok := failed[law]; ok {
				t.Log("\n" + r.Report())
			}
		}
	}
}

func keys(m map[string]laws.Result) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The standard operations pass every law of the same run the zoo fails:
// the zoo's failures come from the breakage, not from the laws.
func TestStandardOpsPassTheZooRun(t *testing.T) {
	for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
		rs, err := laws.RunInstance("standard", laws.Options{Engine: e, Checks: 200}, agent.LawSet(agent.Standard()))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Status != laws.Passed || r.Cases < 200 {
				t.Errorf("%s on %s: %s after %d cases\n%s", r.Law, e, r.Status, r.Cases, r.Report())
			}
		}
	}
}
