package agent_test

import (
	"errors"
	"testing"

	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
)

// Generated terms are well typed, evaluate, and never refuse an input of
// their type (a fix may still reach its bound); so are their shrink
// candidates.
func TestGeneratedTermsAreWellTyped(t *testing.T) {
	types := []poly.Type{poly.TInt, poly.TBool, poly.PairOf(poly.TInt, poly.TBool)}
	for _, in := range types {
		for _, out := range types {
			g := agent.Terms(in, out, 12, "")
			for seed := uint64(1); seed <= 40; seed++ {
				tm := g.Example(seed)
				for _, c := range append(g.Candidates(tm), tm) {
					if got, err := agent.Check(c, in, nil); err != nil || got != out {
						t.Fatalf("%s on %s: %v %v, want %s", c, in, got, err, out)
					}
					a, err := agent.Eval(c, nil, agent.Config{Sink: &agent.Counter{}})
					if err != nil {
						t.Fatal(c, err)
					}
					_, err = a.Run(agent.SmallValues(in)...)
					if errors.Is(err, poly.ErrRejected) {
						t.Fatalf("%s refused an input of type %s: %v", c, in, err)
					}
				}
			}
		}
	}
}

// Generated input sequences are accepted by the agent they were drawn for.
func TestInputsAreAccepted(t *testing.T) {
	tables := agent.Tables(poly.TInt, poly.TBool, 3)
	for seed := uint64(1); seed <= 100; seed++ {
		a := tables.Example(seed)
		xs := agent.Inputs(a, poly.TInt, agent.MaxInputs).Example(seed)
		if len(xs) == 0 {
			t.Fatalf("no inputs for %s", a)
		}
		if _, err := a.Run(xs...); err != nil {
			t.Fatal(a, xs, err)
		}
	}
}

// Eq explores every sequence up to its length: two counters that differ
// only on the fifth step are told apart at length 5 and not at length 4;
// sampled sequences find it too.
func TestEqExploresUpToItsLength(t *testing.T) {
	counter := func(name string, last poly.Int) poly.Agent {
		a, err := poly.Stateful(name, []poly.Value{poly.Int(0), poly.Int(1), poly.Int(2), poly.Int(3), poly.Int(4)}, poly.Int(0),
			func(poly.Value) poly.Directions { return poly.OfType(poly.TInt) },
			func(s, _ poly.Value) (poly.Value, poly.Value) {
				n := s.(poly.Int)
				if n == 4 {
					return n, last
				}
				return n + 1, n
			})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a, b := counter("a", 4), counter("b", 9)
	if !agent.Eq(agent.Length(4)).Equal(a, b) {
		t.Fatal("they agree on 4 inputs")
	}
	if agent.Eq(agent.Length(5)).Equal(a, b) || agent.Eq(agent.Sequences(4), agent.Length(5)).Equal(a, b) {
		t.Fatal("they differ on the fifth input")
	}
	if d := agent.Eq(agent.Length(8)).Diff(a, b); d != "inputs [0, 0, 0, 0, 0]:\n-[0, 1, 2, 3, 4]\n+[0, 1, 2, 3, 9]\n" {
		t.Fatalf("diff %q", d)
	}
	if !agent.Eq().Equal(a, a) {
		t.Fatal("reflexive")
	}
}
