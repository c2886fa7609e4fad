package poly_test

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/kgents/kgents-core/operads/poly"
)

func counter(t *testing.T) poly.Agent {
	t.Helper()
	a, err := poly.FromTable(poly.Table{Name: "counter", States: []poly.Value{poly.Int(0), poly.Int(1)}, Initial: poly.Int(0),
		Rows: []poly.Row{
			{From: poly.Int(0), In: poly.Str("tick"), To: poly.Int(1), Out: poly.Int(1)},
			{From: poly.Int(1), In: poly.Str("tick"), To: poly.Int(0), Out: poly.Int(0)},
			{From: poly.Int(1), In: poly.Str("reset"), To: poly.Int(0), Out: poly.Int(0)},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestInvokeRejectsAStateOutsideThePositions(t *testing.T) {
	a := counter(t)
	s, out, err := a.Invoke(poly.Int(7), poly.Str("tick"))
	var re *poly.RejectError
	if !errors.As(err, &re) || !errors.Is(err, poly.ErrRejected) || re.Reason != poly.InvalidState || re.State != poly.Int(7) || re.Agent != "counter" {
		t.Fatalf("got %v %v %#v", s, out, err)
	}
	if s != poly.Int(7) || out != nil {
		t.Fatalf("a rejected step must not move: %v %v", s, out)
	}
}

func TestInvokeRejectsAnInputOutsideTheDirections(t *testing.T) {
	a := counter(t)
	_, _, err := a.Invoke(poly.Int(0), poly.Str("reset")) // reset only from state 1
	var re *poly.RejectError
	if !errors.As(err, &re) || re.Reason != poly.InvalidInput || re.Input != poly.Str("reset") || re.Accepted != `{"tick"}` {
		t.Fatalf("got %#v", err)
	}
	if want := `poly: agent counter: invalid input "reset" for state 0 (accepts {"tick"})`; err.Error() != want {
		t.Fatalf("message %q, want %q", err, want)
	}
	for _, bad := range []poly.Value{nil, poly.Int(1), poly.P(poly.Str("tick"), poly.Unit{})} {
		if _, _, err := a.Invoke(poly.Int(0), bad); !errors.Is(err, poly.ErrRejected) {
			t.Errorf("input %v: %v", bad, err)
		}
	}
}

func TestRunFoldsFromTheInitialStateAndStopsAtTheFirstRejection(t *testing.T) {
	a := counter(t)
	outs, err := a.Run(poly.Str("tick"), poly.Str("reset"), poly.Str("tick"), poly.Str("reset"))
	if !slices.Equal(outs, []poly.Value{poly.Int(1), poly.Int(0), poly.Int(1), poly.Int(0)}) || err != nil {
		t.Fatalf("%v %v", outs, err)
	}
	outs, err = a.Run(poly.Str("tick"), poly.Str("tick"), poly.Str("reset"))
	var se *poly.StepError
	if !errors.As(err, &se) || se.Step != 2 || !errors.Is(err, poly.ErrRejected) || len(outs) != 2 {
		t.Fatalf("%v %#v", outs, err)
	}
}

func TestTheZeroAgentIsNotAnAgent(t *testing.T) {
	var a poly.Agent
	if _, _, err := a.Invoke(poly.Unit{}, poly.Unit{}); !errors.Is(err, poly.ErrZeroAgent) {
		t.Fatal(err)
	}
	if _, err := a.Run(poly.Unit{}); !errors.Is(err, poly.ErrZeroAgent) {
		t.Fatal(err)
	}
}

func TestFromTableRejectsMalformedTables(t *testing.T) {
	s0, s1 := poly.Int(0), poly.Int(1)
	for _, c := range []struct {
		name string
		t    poly.Table
		row  int
	}{
		{"no states", poly.Table{Initial: s0}, -1},
		{"initial not a state", poly.Table{States: []poly.Value{s0}, Initial: s1}, -1},
		{"duplicate state", poly.Table{States: []poly.Value{s0, s0}, Initial: s0}, -1},
		{"unknown from", poly.Table{States: []poly.Value{s0}, Initial: s0, Rows: []poly.Row{{From: s1, In: s0, To: s0, Out: s0}}}, 0},
		{"unknown to", poly.Table{States: []poly.Value{s0}, Initial: s0, Rows: []poly.Row{{From: s0, In: s0, To: s0, Out: s0}, {From: s0, In: s1, To: s1, Out: s0}}}, 1},
		{"missing value", poly.Table{States: []poly.Value{s0}, Initial: s0, Rows: []poly.Row{{From: s0, In: s0, To: s0}}}, 0},
		{"duplicate row", poly.Table{States: []poly.Value{s0}, Initial: s0, Rows: []poly.Row{{From: s0, In: s0, To: s0, Out: s0}, {From: s0, In: s0, To: s0, Out: s1}}}, 1},
	} {
		_, err := poly.FromTable(c.t)
		var te *poly.TableError
		if !errors.As(err, &te) || te.Row != c.row {
			t.Errorf("%s: got %v, want a TableError at row %d", c.name, err, c.row)
		}
	}
}

func TestConstructors(t *testing.T) {
	id := poly.Identity()
	if outs, _ := id.Run(poly.Int(3), poly.P(poly.Bool(true), poly.Unit{})); outs[1].String() != "pair(true, unit())" {
		t.Fatal(outs)
	}
	c := poly.Constant(poly.Str("x"))
	if outs, _ := c.Run(poly.Int(1)); outs[0] != poly.Str("x") || c.Name() != `const("x")` {
		t.Fatal(outs, c.Name())
	}
	double := poly.FromFunc("double", func(v poly.Value) poly.Value { return v.(poly.Int) * 2 })
	if outs, _ := double.Run(poly.Int(21)); outs[0] != poly.Int(42) {
		t.Fatal(outs)
	}
	// kgents' stateful ignores its initial state; this one starts there.
	acc, err := poly.Stateful("acc", []poly.Value{poly.Int(0), poly.Int(1), poly.Int(2)}, poly.Int(2), nil,
		func(s, x poly.Value) (poly.Value, poly.Value) { return (s.(poly.Int) + x.(poly.Int)) % 3, s })
	if err != nil {
		t.Fatal(err)
	}
	if outs, _ := acc.Run(poly.Int(1), poly.Int(1)); !slices.Equal(outs, []poly.Value{poly.Int(2), poly.Int(0)}) {
		t.Fatal(outs)
	}
	broken, _ := poly.Stateful("broken", []poly.Value{poly.Int(0)}, poly.Int(0), nil,
		func(s, x poly.Value) (poly.Value, poly.Value) { return poly.Int(5), s })
	if _, err := broken.Run(poly.Int(0)); err == nil {
		t.Fatal("a step to a state outside the positions must fail")
	}
	if _, err := poly.Stateful("x", []poly.Value{poly.Int(0)}, poly.Int(1), nil, func(s, x poly.Value) (poly.Value, poly.Value) { return s, x }); err == nil {
		t.Fatal("initial state outside the states")
	}
}

func TestTypedErasesToTheDynamicAgent(t *testing.T) {
	acc, err := poly.NewTyped("acc", []poly.Int{0, 1, 2, 3}, 0, func(s poly.Int, x poly.Int) (poly.Int, poly.Bool) {
		n := (s + x) % 4
		return n, n == 0
	})
	if err != nil {
		t.Fatal(err)
	}
	bs, err := acc.Run(1, 3, 2)
	if err != nil || !slices.Equal(bs, []poly.Bool{false, true, false}) {
		t.Fatal(bs, err)
	}
	dyn := acc.Agent()
	if in, out, ok := dyn.Type(); !ok || in != poly.TInt || out != poly.TBool {
		t.Fatal(in, out, ok)
	}
	if _, err := dyn.Run(poly.Str("one")); !errors.Is(err, poly.ErrRejected) {
		t.Fatalf("a string into an int agent: %v", err)
	}
}

func TestValuesAreComparableAndPrintInTheTermSyntax(t *testing.T) {
	a := poly.P(poly.P(poly.Int(1), poly.Bool(true)), poly.Str("s"))
	b := poly.P(poly.P(poly.Int(1), poly.Bool(true)), poly.Str("s"))
	if a != b {
		t.Fatal("equal pairs must compare equal")
	}
	m := map[poly.Value]int{a: 1}
	if m[b] != 1 {
		t.Fatal("pairs as map keys")
	}
	if a.String() != `pair(pair(1, true), "s")` || poly.Format(poly.Unit{}) != "unit()" || poly.Format(nil) != "nil" {
		t.Fatal(a)
	}
	if got := poly.Reassociate(a); got.String() != `pair(1, pair(true, "s"))` {
		t.Fatal(got)
	}
	if poly.TypeOf(a) != poly.PairOf(poly.PairOf(poly.TInt, poly.TBool), poly.TString) || !poly.TypeOf(a).Has(b) || poly.TInt.Has(a) {
		t.Fatal(poly.TypeOf(a))
	}
	if x, y, ok := poly.TypeOf(a).Split(); !ok || x != "pair(int, bool)" || y != "string" {
		t.Fatal(x, y)
	}
}

func TestDirections(t *testing.T) {
	ints := poly.OfType(poly.TInt)
	small := poly.OneOf(poly.Int(1), poly.Int(2), poly.Bool(true))
	both := ints.Intersect(small)
	if !both.Accepts(poly.Int(1)) || both.Accepts(poly.Bool(true)) || both.Accepts(poly.Int(3)) {
		t.Fatal(both)
	}
	if poly.AnyInput().Intersect(small).String() != small.String() {
		t.Fatal("any is neutral")
	}
	if poly.OneOf().Accepts(poly.Int(1)) || poly.AnyInput().Accepts(nil) {
		t.Fatal("nothing accepts nil; the empty set accepts nothing")
	}
	if poly.OfType(poly.TInt).Intersect(poly.OfType(poly.TBool)).Accepts(poly.Int(1)) {
		t.Fatal("disjoint types")
	}
}

func TestProductPositions(t *testing.T) {
	p := poly.Product(poly.States(poly.Int(0), poly.Int(1)), poly.States(poly.Bool(false)), poly.States(poly.Str("a"), poly.Str("b")))
	var all []poly.Value
	for v := range p.All() {
		all = append(all, v)
		if !p.Contains(v) {
			t.Fatal(v)
		}
	}
	if p.Len() != 4 || len(all) != 4 || all[3].String() != `pair(1, pair(false, "b"))` {
		t.Fatal(p.Len(), all)
	}
	if p.Contains(poly.P(poly.Int(0), poly.Bool(false))) {
		t.Fatal("a pair of the wrong shape")
	}
}

// Agents are immutable values: many goroutines can run one agent at once.
func TestAgentsRunConcurrently(t *testing.T) {
	a := counter(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if outs, err := a.Run(poly.Str("tick"), poly.Str("tick"), poly.Str("tick")); err != nil || len(outs) != 3 {
					t.Error(outs, err)
				}
			}
		}()
	}
	wg.Wait()
}

// FromTable and Invoke never panic, whatever the table and the inputs.
func FuzzTableInvoke(f *testing.F) {
	f.Add([]byte{2, 0, 0, 1, 1, 1, 0, 0, 0}, []byte{0, 1, 0})
	f.Add([]byte{1, 0}, []byte{})
	f.Add([]byte{3, 5, 0, 1, 2, 3, 2, 1, 0, 0, 2, 2, 2, 2}, []byte{9, 2, 3})
	f.Fuzz(func(t *testing.T, table, inputs []byte) {
		val := func(b byte) poly.Value {
			switch b % 4 {
			case 0:
				return poly.Int(b / 4 % 3)
			case 1:
				return poly.Bool(b/4%2 == 1)
			case 2:
				return poly.P(poly.Int(b/4%2), poly.Unit{})
			}
			return nil
		}
		if len(table) == 0 {
			return
		}
		var tb poly.Table
		for i := 0; i < int(table[0]%4); i++ {
			tb.States = append(tb.States, poly.Int(i))
		}
		tb.Initial = poly.Int(0)
		for i := 1; i+3 < len(table); i += 4 {
			tb.Rows = append(tb.Rows, poly.Row{From: val(table[i]), In: val(table[i+1]), To: val(table[i+2]), Out: val(table[i+3])})
		}
		a, err := poly.FromTable(tb)
		if err != nil {
			var te *poly.TableError
			if !errors.As(err, &te) {
				t.Fatalf("not a TableError: %v", err)
			}
			return
		}
		xs := make([]poly.Value, len(inputs))
		for i, b := range inputs {
			xs[i] = val(b)
		}
		outs, err := a.Run(xs...)
		if err != nil && !errors.Is(err, poly.ErrRejected) {
			t.Fatalf("unexpected error %v", err)
		}
		if len(outs) > len(xs) {
			t.Fatal(outs)
		}
		for _, s := range xs {
			_, _, _ = a.Invoke(s, s)
		}
	})
}
