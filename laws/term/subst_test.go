package term

import "testing"

func TestSubstituteReplacesOnlyTheVariablesItIsGiven(t *testing.T) {
	eq, err := ParseEquation("seq(seq(a, b), c) = seq(a, 1)")
	if err != nil {
		t.Fatal(err)
	}
	to := func(v string) (*Term, bool) {
		if v == "a" {
			return MustParse("par(x, y)"), true
		}
		return nil, false
	}
	if got, want := Substitute(eq.LHS, to).String(), "seq(seq(par(x, y), b), c)"; got != want {
		t.Errorf("lhs: got %s, want %s", got, want)
	}
	if got, want := Substitute(eq.RHS, to).String(), "seq(par(x, y), 1)"; got != want {
		t.Errorf("rhs: got %s, want %s", got, want)
	}
	if got := eq.LHS.String(); got != "seq(seq(a, b), c)" {
		t.Errorf("Substitute changed its input: %s", got)
	}
}

func TestSubstituteSharesWhatItLeavesAlone(t *testing.T) {
	tm := MustParse("seq(seq(a, b), par(c, d))")
	to := func(v string) (*Term, bool) {
		if v == "a" {
			return MustParse("x"), true
		}
		return nil, false
	}
	got := Substitute(tm, to)
	if got.String() != "seq(seq(x, b), par(c, d))" || got.Size() != tm.Size() {
		t.Fatalf("got %s (size %d)", got, got.Size())
	}
	if got.Arg(1) != tm.Arg(1) {
		t.Error("the untouched subterm par(c, d) was copied, not shared")
	}
	if got.Arg(0).Arg(1) != tm.Arg(0).Arg(1) {
		t.Error("the untouched leaf b was copied, not shared")
	}
	if Substitute(tm, func(string) (*Term, bool) { return nil, false }) != tm {
		t.Error("a substitution that replaces nothing did not return its input")
	}
}
