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
