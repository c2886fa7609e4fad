package term_test

import (
	"errors"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws/term"
)

// A signature with every kind of arity and two sorts, and leaves with
// every kind of literal.
var (
	sig = term.MustSignature(
		term.Operation{Name: "seq", Arity: term.Fixed(2), Args: []string{"agent"}, Result: "agent"},
		term.Operation{Name: "par", Arity: term.Fixed(2), Args: []string{"agent"}, Result: "agent"},
		term.Operation{Name: "id", Arity: term.Fixed(0), Result: "agent"},
		term.Operation{Name: "branch", Arity: term.Fixed(3), Args: []string{"pred", "agent", "agent"}, Result: "agent"},
		term.Operation{Name: "all", Arity: term.Variadic(1), Args: []string{"pred"}, Result: "pred"},
		term.Operation{Name: "not", Arity: term.Fixed(1), Args: []string{"pred"}, Result: "pred"},
		term.Operation{Name: "stack", Arity: term.Between(0, 3), Args: []string{"agent"}, Result: "agent"},
	).WithIdentity(term.Apply("id"))
	literals = generators.OneOf(
		term.ConstantsFrom(generators.Int64()),
		term.ConstantsFrom(generators.Float64(generators.Finite())),
		term.ConstantsFrom(generators.StringOfN(generators.PrintableASCII+"é\n\t", 0, 6)),
		term.ConstantsFrom(generators.Bool()),
	)
	leaves = term.Leaves{
		"agent": generators.OneOf(term.VariablesOf("a", "b", "c"), literals),
		"pred":  generators.OneOf(term.VariablesOf("p", "q"), literals),
	}
	agents = term.Generator(sig, leaves, term.Budget{Nodes: 20, Depth: 6}, "agent")
)

func TestPrintThenParseIsIdentity(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		tm := generators.Rapid(agents).Draw(rt, "t")
		back, err := term.Parse(tm.String())
		if err != nil {
			rt.Fatalf("Parse(%q): %v", tm, err)
		}
		if !back.Equal(tm) {
			rt.Fatalf("Parse(String(t)) = %s, want %s", back, tm)
		}
		eq := term.Equation{LHS: tm, RHS: term.Apply("id")}
		e, err := term.ParseEquation(eq.String())
		if err != nil || !e.LHS.Equal(tm) || !e.RHS.Equal(eq.RHS) {
			rt.Fatalf("ParseEquation(%q) = %v, %v", eq, e, err)
		}
	})
}

func TestParseThenPrintNormalisesSpacing(t *testing.T) {
	for in, want := range map[string]string{
		"seq(seq(a,b),c)":           "seq(seq(a, b), c)",
		"  par ( id ( ) , x )  ":    "par(id(), x)",
		"f(1, -2, 3.5, 1e3, \"s\")": `f(1, -2, 3.5, 1000.0, "s")`,
		"g(true,false,`raw`)":       `g(true, false, "raw")`,
		"über.grow_1(x)":            "über.grow_1(x)",
		"f(\n  a,\n  b)":            "f(a, b)",
	} {
		tm, err := term.Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if tm.String() != want {
			t.Errorf("Parse(%q).String() = %q, want %q", in, tm.String(), want)
		}
	}
	e := term.MustParseEquation("seq(seq(a, b), c) = seq(a, seq(b, c))")
	if got := strings.Join(e.Vars(), ","); got != "a,b,c" {
		t.Errorf("Vars = %s", got)
	}
}

func TestParseErrorsSayWhereAndWhat(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"seq(a, b", "1:9: expected ',' or ')', found end of input"},
		{"seq(a b)", "1:7: expected ',' or ')', found 'b'"},
		{"seq(, b)", "1:5: expected a term (a name, a number or a string), found ','"},
		{"", "1:1: expected a term (a name, a number or a string), found end of input"},
		{"f(x) g", "1:6: expected end of input, found 'g'"},
		{"f(\n  x,\n  ]", "3:3: expected a term (a name, a number or a string), found ']'"},
		{"f(\"abc)", `1:3: expected a closing ", found end of input`},
		{"f(99999999999999999999)", `1:3: bad number "99999999999999999999": value out of range`},
		{"f(-)", "1:4: expected a digit, found ')'"},
	} {
		_, err := term.Parse(c.in)
		var pe *term.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, term.ErrSyntax) || err.Error() != c.want {
			t.Errorf("Parse(%q) error = %v, want %q", c.in, err, c.want)
		}
	}
	if _, err := term.ParseEquation("f(x) g(y)"); err == nil || err.Error() != "1:6: expected '=', found 'g'" {
		t.Errorf("ParseEquation without '=': %v", err)
	}
	if _, err := term.Parse(strings.Repeat("f(", 20000) + "x" + strings.Repeat(")", 20000)); err == nil || !strings.Contains(err.Error(), "nest more than") {
		t.Errorf("deep nesting: %v", err)
	}
}

func TestSignatureCheck(t *testing.T) {
	for in, want := range map[string]string{
		"seq(a, par(b, id()))":            "",
		"branch(not(p), a, b)":            "",
		"branch(all(p, q, not(p)), a, b)": "",
		"stack()":                         "",
		"seq(a)":                          "seq takes 2 arguments, not 1",
		"all()":                           "all takes 1+ arguments, not 0",
		"stack(a, b, c, a)":               "stack takes 0..3 arguments, not 4",
		"branch(a, a, b)":                 "",
		"branch(seq(a, b), a, b)":         "has sort agent where pred is expected",
		"seq(a, frob(b))":                 `unknown operation "frob"`,
	} {
		err := sig.Check(term.MustParse(in), "agent")
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, term.ErrIllTyped)) {
			t.Errorf("Check(%s) = %v, want %q", in, err, want)
		}
	}
	var te *term.TypeError
	if err := sig.Check(term.MustParse("seq(a, seq(b, frob()))"), "agent"); !errors.As(err, &te) || len(te.Path) != 2 || te.Path[0] != 2 || te.Path[1] != 2 {
		t.Errorf("the error path of a nested bad node: %v", err)
	}
	if _, err := term.NewSignature(term.Operation{Name: "f", Arity: term.Fixed(1)}, term.Operation{Name: "f", Arity: term.Fixed(2)}); err == nil {
		t.Error("a duplicate operation was accepted")
	}
	if _, err := term.NewSignature(term.Operation{Name: "f", Arity: term.Between(3, 1)}); err == nil {
		t.Error("an arity 3..1 was accepted")
	}
}

// Generated terms are well typed and within budget, on both engines.
func TestGeneratedTermsRespectSignatureAndBudget(t *testing.T) {
	check := func(tm *term.Term) {
		if err := sig.Check(tm, "agent"); err != nil {
			t.Fatalf("generated an ill-typed term %s: %v", tm, err)
		}
		if tm.Size() > 20 || tm.Depth() > 6 {
			t.Fatalf("generated %s with %d nodes and depth %d, budget 20 and 6", tm, tm.Size(), tm.Depth())
		}
	}
	rapid.Check(t, func(rt *rapid.T) { check(generators.Rapid(agents).Draw(rt, "t")) })
	biggest := 0
	for seed := uint64(0); seed < 2000; seed++ {
		tm := agents.Draw(generators.Record(seed))
		check(tm)
		biggest = max(biggest, tm.Size())
	}
	if biggest < 15 {
		t.Errorf("the largest of 2000 terms has %d nodes; the generator never approaches its budget of 20", biggest)
	}
}

// A budget too large for the grid of node generators built up front
// builds them on first use; terms stay well typed and within budget, and
// several goroutines may draw from one generator at once.
func TestLargeBudgetsDrawOnManyGoroutines(t *testing.T) {
	big := term.Generator(sig, leaves, term.Budget{Nodes: 400, Depth: 300}, "agent")
	done := make(chan error, 4)
	for g := range 4 {
		go func() {
			for seed := uint64(g * 500); seed < uint64(g*500+500); seed++ {
				tm := big.Draw(generators.Record(seed))
				if err := sig.Check(tm, "agent"); err != nil {
					done <- err
					return
				}
				if tm.Size() > 400 || tm.Depth() > 300 {
					done <- errors.New("over budget: " + tm.String())
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// Every shrink candidate is well typed and smaller or simpler.
func TestShrinkCandidatesAreWellTypedAndSmaller(t *testing.T) {
	shrink := term.Shrinker(sig, "agent", term.LowerLeaf)
	rapid.Check(t, func(rt *rapid.T) {
		tm := generators.Rapid(agents).Draw(rt, "t")
		for _, c := range shrink(tm) {
			if err := sig.Check(c, "agent"); err != nil {
				rt.Fatalf("candidate %s of %s is ill-typed: %v", c, tm, err)
			}
			if c.Size() > tm.Size() || c.Equal(tm) {
				rt.Fatalf("candidate %s of %s is not smaller", c, tm)
			}
		}
	})
	got := map[string]bool{}
	for _, c := range shrink(term.MustParse("seq(id(), seq(a, 700))")) {
		got[c.String()] = true
	}
	for _, want := range []string{"seq(a, 700)", "id()", "seq(id(), a)", "seq(id(), seq(a, 0))", "seq(id(), seq(a, 350))", "seq(id(), seq(a, 699))"} {
		if !got[want] {
			t.Errorf("candidates of seq(id(), seq(a, 700)) lack %s: %v", want, got)
		}
	}
	if got["seq(a, seq(a, 700))"] {
		t.Error("unexpected candidate")
	}
	// A variadic operation can lose an argument; a fixed one cannot.
	got = map[string]bool{}
	for _, c := range term.Shrinker(sig, "pred", nil)(term.MustParse("all(p, q, not(p))")) {
		got[c.String()] = true
	}
	if !got["all(p, not(p))"] || !got["all(q, not(p))"] || !got["not(p)"] {
		t.Errorf("variadic candidates: %v", got)
	}
}
