package agent_test

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
)

func intFn(name string, f func(poly.Int) poly.Value) poly.Agent {
	return poly.FromFuncOn(name, poly.OfType(poly.TInt), func(v poly.Value) poly.Value { return f(v.(poly.Int)) })
}

var (
	inc    = intFn("inc", func(x poly.Int) poly.Value { return x + 1 })
	double = intFn("double", func(x poly.Int) poly.Value { return x * 2 })
	square = intFn("square", func(x poly.Int) poly.Value { return x * x })
	even   = intFn("even", func(x poly.Int) poly.Value { return poly.Bool(x%2 == 0) })
)

// kgents' own concrete cases: seq gives 11 for 5, par gives (10, 25).
func TestKgentsConcreteCases(t *testing.T) {
	add6 := intFn("add6", func(x poly.Int) poly.Value { return x + 6 })
	if outs, _ := agent.Seq(inc, add6.Renamed("add5")).Run(poly.Int(4)); outs[0] != poly.Int(11) {
		t.Fatal(outs)
	}
	if outs, _ := agent.Par(double, square).Run(poly.Int(5)); outs[0] != poly.P(poly.Int(10), poly.Int(25)) {
		t.Fatal(outs)
	}
}

func TestPositionsAndInitialStatesComposeAsPairs(t *testing.T) {
	s := agent.Seq(inc, double)
	if s.Initial().String() != `pair("ready", "ready")` || s.Positions().Len() != 1 {
		t.Fatal(s.Initial())
	}
	b := agent.Branch(even, inc, double)
	if b.Initial().String() != `pair("ready", pair("ready", "ready"))` {
		t.Fatal(b.Initial())
	}
	if _, _, err := s.Invoke(poly.Str("ready"), poly.Int(1)); !errors.Is(err, poly.ErrRejected) {
		t.Fatal("a leaf's state is not a seq's state:", err)
	}
}

func TestBranchAdvancesOnlyThePredicateAndTheChosenArm(t *testing.T) {
	count, _ := poly.Stateful("count", []poly.Value{poly.Int(0), poly.Int(1), poly.Int(2), poly.Int(3)}, poly.Int(0), nil,
		func(s, _ poly.Value) (poly.Value, poly.Value) { return (s.(poly.Int) + 1) % 4, s })
	b := agent.Branch(even, count, count)
	s, outs, err := b.RunFrom(b.Initial(), poly.Int(2), poly.Int(2), poly.Int(1))
	if err != nil || !slices.Equal(outs, []poly.Value{poly.Int(0), poly.Int(1), poly.Int(0)}) {
		t.Fatal(outs, err)
	}
	if s.String() != `pair("ready", pair(2, 1))` {
		t.Fatal(s)
	}
}

func TestBranchAcceptsWhatThePredicateAccepts(t *testing.T) {
	anyTrue := poly.Constant(poly.Bool(true))
	b := agent.Branch(anyTrue, inc, inc)
	if !b.Directions(b.Initial()).IsAny() {
		t.Fatal(b.Directions(b.Initial()))
	}
	var re *poly.RejectError
	if _, err := b.Run(poly.Str("x")); !errors.As(err, &re) || re.Agent != "inc" {
		t.Fatalf("the arm refuses: %v", err)
	}
}

func TestFixIteratesUntilThePredicateHolds(t *testing.T) {
	big := intFn("big", func(x poly.Int) poly.Value { return poly.Bool(x > 100) })
	outs, err := agent.Fix(big, double).Run(poly.Int(1), poly.Int(3))
	if err != nil || !slices.Equal(outs, []poly.Value{poly.Int(128), poly.Int(192)}) {
		t.Fatal(outs, err)
	}
	_, err = agent.FixN(5, big, double).Run(poly.Int(1))
	var be *agent.BoundError
	if !errors.As(err, &be) || be.Bound != 5 || be.Last != poly.Int(32) || be.Input != poly.Int(1) {
		t.Fatalf("%#v", err)
	}
	if f := agent.FixN(0, big, double); f.Name() != "fix_1(big, double)" {
		t.Fatal(f.Name())
	}
}

func TestTraceWithoutASinkFails(t *testing.T) {
	if _, err := agent.Trace(inc, nil).Run(poly.Int(1)); !errors.Is(err, agent.ErrNoSink) {
		t.Fatal(err)
	}
	if _, err := agent.Operations(agent.Config{})["trace"].Apply(inc); !errors.Is(err, agent.ErrNoSink) {
		t.Fatal(err)
	}
}

func TestTraceRecordsNothingForARefusedStep(t *testing.T) {
	rec := &agent.Recorder{}
	if _, err := agent.Trace(inc, rec).Run(poly.Int(1), poly.Bool(true)); !errors.Is(err, poly.ErrRejected) {
		t.Fatal(err)
	}
	if rec.Len() != 1 {
		t.Fatal(rec.Steps())
	}
}

func TestVariadicOperations(t *testing.T) {
	if agent.SeqN().Name() != "id" || agent.SeqN(inc).Name() != "inc" {
		t.Fatal(agent.SeqN().Name())
	}
	if outs, _ := agent.SeqN(inc, double, square).Run(poly.Int(1)); outs[0] != poly.Int(16) {
		t.Fatal(outs)
	}
	if outs, _ := agent.ParN().Run(poly.Str("anything")); outs[0] != (poly.Unit{}) {
		t.Fatal(outs)
	}
	if outs, _ := agent.ParN(inc, double, square).Run(poly.Int(3)); outs[0].String() != "pair(4, pair(6, 9))" {
		t.Fatal(outs)
	}
	seq, _ := agent.Op("seq")
	for n := 0; n < 6; n++ {
		as := slices.Repeat([]poly.Agent{inc}, n)
		a, err := seq.Apply(as...)
		if err != nil {
			t.Fatal(err)
		}
		if outs, _ := a.Run(poly.Int(0)); outs[0] != poly.Int(n) {
			t.Fatalf("seq of %d incs: %v", n, outs)
		}
	}
}

func TestOperationsCheckArity(t *testing.T) {
	for name, n := range map[string]int{"branch": 2, "fix": 3, "trace": 0, "id": 1, "not": 1} {
		o, ok := agent.Op(name)
		if !ok {
			t.Fatal(name)
		}
		_, err := o.Apply(slices.Repeat([]poly.Agent{inc}, n)...)
		var ae *agent.ArityError
		if !errors.As(err, &ae) || !errors.Is(err, agent.ErrArity) || ae.Got != n {
			t.Errorf("%s with %d agents: %v", name, n, err)
		}
	}
	if _, err := agent.Operations(agent.Config{})["seq"].Apply(inc, poly.Agent{}); !errors.Is(err, poly.ErrZeroAgent) {
		t.Fatal(err)
	}
	if got := agent.OpNames(); !slices.Equal(got, []string{"branch", "fix", "id", "not", "par", "seq", "trace"}) {
		t.Fatal(got)
	}
}

func TestEvalAndCheckTerms(t *testing.T) {
	env := map[string]poly.Agent{"a": inc, "b": double, "p": even}
	tm := term.MustParse("branch(p, seq(a, b, id()), par(a, b))")
	vars := map[string][2]poly.Type{"a": {poly.TInt, poly.TInt}, "b": {poly.TInt, poly.TInt}, "p": {poly.TInt, poly.TBool}}
	if _, err := agent.Check(tm, poly.TInt, vars); !errors.Is(err, agent.ErrIllTyped) {
		t.Fatal("the arms have different types:", err)
	}
	tm = term.MustParse("seq(par(a, b), fst(), a)")
	if _, err := agent.Eval(tm, env, agent.Config{}); err == nil {
		t.Fatal("fst is not an operation")
	}
	tm = term.MustParse("branch(p, seq(a, b), fix(true, b))")
	if out, err := agent.Check(tm, poly.TInt, vars); err != nil || out != poly.TInt {
		t.Fatal(out, err)
	}
	a, err := agent.Eval(tm, env, agent.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if outs, _ := a.Run(poly.Int(2), poly.Int(3)); !slices.Equal(outs, []poly.Value{poly.Int(6), poly.Int(6)}) {
		t.Fatal(a, outs)
	}
}

// Agents are values: one composite, traced into one Recorder, runs from
// many goroutines at once (run with -race).
func TestCompositesRunConcurrently(t *testing.T) {
	rec := &agent.Recorder{}
	a := agent.Trace(agent.Branch(even, agent.Seq(inc, double), agent.Par(inc, square)), rec)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if outs, err := a.Run(poly.Int(2), poly.Int(3)); err != nil || outs[0] != poly.Int(6) {
					t.Error(outs, err)
				}
			}
		}()
	}
	wg.Wait()
	if rec.Len() != 8*50*2 {
		t.Fatal(rec.Len())
	}
}
