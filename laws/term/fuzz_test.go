package term_test

import (
	"errors"
	"testing"

	"github.com/kgents/kgents-core/laws/term"
)

// FuzzParse: the parser never panics; it returns a term or a *ParseError
// with a position inside the input; a term it returns prints to text that
// parses back to the same term.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"seq(seq(a, b), c)", "par(id(), x)", `f(1, -2, 3.5, 1e3, "s\n", true)`, "x", "f()",
		"seq(a, b", "f(,)", "", "1e", `"unterminated`, "f(x) g", "ü(ß)", "f(\n x\n)", "--1", "f(1.2.3)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := term.Parse(s)
		if err != nil {
			var pe *term.ParseError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(s) || pe.Line < 1 || pe.Col < 1 {
				t.Fatalf("Parse(%q): error %v (%T) has no valid position", s, err, err)
			}
			return
		}
		back, err := term.Parse(tm.String())
		if err != nil {
			t.Fatalf("Parse(%q) = %s, which does not parse back: %v", s, tm, err)
		}
		if !back.Equal(tm) {
			t.Fatalf("Parse(%q) = %s, which parses back as %s", s, tm, back)
		}
	})
}

// FuzzParseEquation: the same for equations.
func FuzzParseEquation(f *testing.F) {
	for _, s := range []string{"seq(seq(a, b), c) = seq(a, seq(b, c))", "x = x", "f(x) g(y)", "= x", "x =", "f(1) = \"a\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := term.ParseEquation(s)
		if err != nil {
			if !errors.Is(err, term.ErrSyntax) {
				t.Fatalf("ParseEquation(%q): error %v is not a syntax error", s, err)
			}
			return
		}
		back, err := term.ParseEquation(e.String())
		if err != nil || !back.LHS.Equal(e.LHS) || !back.RHS.Equal(e.RHS) {
			t.Fatalf("ParseEquation(%q) = %s, which parses back as %v, %v", s, e, back, err)
		}
	})
}
