package laws_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// secret is a value that no literal of this package spells, nor any of
// their neighbours, so mining the package's Go files cannot lead to it.
var secret = len(strings.Repeat("ab", 3000)) + 13

func notSecret() laws.Law {
	return laws.Property("not_secret", "x ≠ secret", func(d *laws.Draws) error {
		if x := laws.Draw(d, "x", generators.IntRange(-1_000_000_000, 1_000_000_000)); x == secret {
			return fmt.Errorf("x is %d", secret)
		}
		return nil
	})
}

// Constants given with WithConstants are drawn in place of the mined ones:
// a bug at a value that only the given literals (or their neighbours)
// name is caught at 100 cases, on both engines, and shrunk to that value;
// without them it is not.
func TestGivenConstantsAreDrawn(t *testing.T) {
	for _, e := range engines {
		opts := laws.Options{Engine: e, Checks: 100, Seed: 5}
		rs, err := laws.RunInstance("plain", opts, laws.NewLawSet("Given", nil, notSecret()))
		if err != nil || rs[0].Status != laws.Passed {
			t.Fatalf("%s: without given constants the bug is %v (%v); the test needs a value random inputs miss", e, rs[0].Status, err)
		}
		for name, lits := range map[string]laws.Literals{
			"near":      {Ints: []int64{int64(secret)}},
			"neighbour": {Ints: []int64{int64(secret) - 1}},
		} {
			law := notSecret().WithConstants(lits.Constants(), nil)
			if name == "neighbour" {
				law = notSecret().WithConstants(nil, lits.Constants())
			}
			rs, err := laws.RunInstance("given", opts, laws.NewLawSet("Given", nil, law))
			if err != nil {
				t.Fatal(err)
			}
			c := rs[0].Counterexample
			if rs[0].Status != laws.Failed || c == nil || len(c.Bindings) != 1 || c.Bindings[0].Value != secret {
				t.Errorf("%s, %s constant: %s", e, name, rs[0].Report())
			}
		}
	}
}

// Given constants replace the mined ones: with none given, the mined
// constant 7777 of this package is not drawn either.
func TestGivenConstantsReplaceMinedOnes(t *testing.T) {
	law := laws.Property("not_mined", "x ≠ 7777", func(d *laws.Draws) error {
		if x := laws.Draw(d, "x", generators.IntRange(-1_000_000_000, 1_000_000_000)); x == 7777 {
			return errors.New("x is 7777")
		}
		return nil
	})
	for _, e := range engines {
		opts := laws.Options{Engine: e, Checks: 300, Seed: 5}
		rs, _ := laws.RunInstance("mined", opts, laws.NewLawSet("Mined", nil, law))
		if rs[0].Status != laws.Failed {
			t.Fatalf("%s: the mined constant 7777 was not drawn: %s", e, rs[0].Report())
		}
		rs, _ = laws.RunInstance("given", opts, laws.NewLawSet("Given", nil, law.WithConstants(nil, nil)))
		if rs[0].Status != laws.Passed {
			t.Errorf("%s: with no constants given, the mined one was still drawn: %s", e, rs[0].Report())
		}
	}
}

func TestLiteralsConstants(t *testing.T) {
	c := laws.Literals{Ints: []int64{7777, 0, 7777, -3}, Floats: []float64{0.5}, Strings: []string{"", "abba"}}.Constants()
	want := "[7777 -3 7776 7778 -4] [0.5] [abba]"
	if got := fmt.Sprint(c.Ints, c.Floats, c.Strings); got != want {
		t.Errorf("constants %s, want %s", got, want)
	}
	if c := (laws.Literals{Ints: []int64{0, 1, -1}}).Constants(); c != nil {
		t.Errorf("trivial literals give constants %+v, want none", c)
	}
}
