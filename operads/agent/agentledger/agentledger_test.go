package agentledger_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/agent/agentledger"
	"github.com/kgents/kgents-core/operads/poly"
	"github.com/kgents/kgents-core/trace"
)

func toggler(t *testing.T) poly.Agent {
	t.Helper()
	a, err := poly.Stateful("toggle", []poly.Value{poly.Bool(false), poly.Bool(true)}, poly.Bool(false), nil,
		func(s, x poly.Value) (poly.Value, poly.Value) { return !s.(poly.Bool), poly.P(s, x) })
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Every step of trace(a) becomes one node, each continuing the one before,
// with the step's states, input and output; the outputs are a's.
func TestEachStepIsANodeLinkedToTheStepBefore(t *testing.T) {
	l := trace.NewLedger()
	frozen := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC) // a clock that does not move
	sink := agentledger.New(l, agentledger.Options{Origin: "toggler", Clock: func() time.Time { return frozen }})
	a := toggler(t)
	xs := []poly.Value{poly.Int(1), poly.Int(2), poly.Int(3), poly.Int(4), poly.Int(5)}
	got, err := agent.Trace(a, sink).Run(xs...)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := a.Run(xs...)
	if !slices.Equal(got, want) {
		t.Fatalf("outputs %v, want %v", got, want)
	}
	if l.Len() != len(xs) || sink.Len() != len(xs) {
		t.Fatalf("%d nodes for %d steps", l.Len(), len(xs))
	}
	nodes := l.Nodes()
	for i, n := range nodes {
		if n.Stimulus().Content() != xs[i].String() || n.Response().Content() != want[i].String() || n.Origin() != "toggler" {
			t.Errorf("node %d: %s -> %s", i, n.Stimulus().Content(), n.Response().Content())
		}
		if n.Stimulus().Metadata()["state"] != fmt.Sprint(i%2 == 1) {
			t.Errorf("node %d: state %v", i, n.Stimulus().Metadata()["state"])
		}
		if i == 0 {
			if n.NumLinks() != 0 {
				t.Error("the first step links nothing")
			}
			continue
		}
		if n.NumLinks() != 1 || n.Link(0).Source() != nodes[i-1].ID() || n.Link(0).Relation() != trace.Continues {
			t.Errorf("node %d links %v", i, n.Links())
		}
	}
	if anc := l.Ancestors(sink.Last(), 0); len(anc) != len(xs)-1 {
		t.Errorf("the last step has %d ancestors, want %d", len(anc), len(xs)-1)
	}
	if err := l.Verify(); err != nil {
		t.Fatal(err)
	}
}

type refusing struct{}

func (refusing) Append(*trace.TraceNode) error { return errors.New("disk full") }

// A step the ledger refuses is not taken: the traced agent's step fails
// and its state does not move.
func TestARefusedAppendFailsTheStep(t *testing.T) {
	tr := agent.Trace(toggler(t), agentledger.New(refusing{}, agentledger.Options{}))
	s, out, err := tr.Invoke(tr.Initial(), poly.Int(1))
	if err == nil || out != nil || s != tr.Initial() {
		t.Fatalf("%v %v %v", s, out, err)
	}
}

func ExampleNew() {
	l := trace.NewLedger()
	sink := agentledger.New(l, agentledger.Options{Origin: "doubler"})
	double := poly.FromFunc("double", func(v poly.Value) poly.Value { return v.(poly.Int) * 2 })
	outs, _ := agent.Trace(double, sink).Run(poly.Int(1), poly.Int(2), poly.Int(3))
	fmt.Println(outs)
	for _, n := range l.Nodes() {
		fmt.Println(n.Stimulus().Content(), "->", n.Response().Content(), "after", len(l.Ancestors(n.ID(), 0)), "steps")
	}
	// Output:
	// [2 4 6]
	// 1 -> 2 after 0 steps
	// 2 -> 4 after 1 steps
	// 3 -> 6 after 2 steps
}

func TestLaws(t *testing.T) { laws.CheckAll(t) }

// A trace whose sink skips every other step is caught, on both engines.
func TestLedgerLawCatchesADroppedStep(t *testing.T) {
	skipping := func(a poly.Agent, s agent.Sink) poly.Agent { return agent.Trace(a, &everyOther{inner: s}) }
	for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
		rs, err := laws.RunInstance("skips", laws.Options{Engine: e, Checks: 300}, agentledger.LawSet(skipping))
		if err != nil {
			t.Fatal(err)
		}
		if rs[0].Status != laws.Failed {
			t.Fatalf("%s: %s", e, rs[0].Report())
		}
		t.Logf("%s:\n%s", e, rs[0].Report())
	}
}

type everyOther struct {
	inner agent.Sink
	n     int
}

func (e *everyOther) Record(st agent.Step) error {
	e.n++
	if e.n%2 == 0 {
		return nil
	}
	return e.inner.Record(st)
}
