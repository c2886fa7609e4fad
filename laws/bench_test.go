package laws_test

import (
	"flag"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/kgents/kgents-core/laws"

	"github.com/kgents/kgents-core/internal/benchcpu"
)

var additionAssociativity = laws.SemigroupLaws(laws.SemigroupOf(add), ints, intEq)

// runCases runs one law run of b.N cases and reports cases per second.
func runCases(b *testing.B, e laws.Engine) {
	b.ReportAllocs()
	defer benchcpu.PerOp(b)()
	rs, err := laws.RunInstance("int_addition", laws.Options{Engine: e, Checks: b.N, Seed: 1}, additionAssociativity)
	if err != nil || rs[0].Status != laws.Passed || rs[0].Cases != b.N {
		b.Fatalf("%v %+v", err, rs)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}

// Cases per second of int-addition associativity on each engine; one op is
// one case.
func BenchmarkIntAdditionAssociativity(b *testing.B) {
	b.Run("rapid", func(b *testing.B) { runCases(b, laws.Rapid) })
	b.Run("gopter", func(b *testing.B) { runCases(b, laws.Gopter) })
}

// The overhead of laws over the same property written by hand with
// rapid.Check; one op is one case. Compare the two in the same run.
func BenchmarkOverheadOverHandwrittenRapid(b *testing.B) {
	b.Run("handwritten", func(b *testing.B) {
		b.ReportAllocs()
		checks := flag.Lookup("rapid.checks").Value.String()
		defer flag.Set("rapid.checks", checks)
		flag.Set("rapid.checks", strconv.Itoa(b.N))
		rapid.Check(b, func(t *rapid.T) {
			x := rapid.Int().Draw(t, "x")
			y := rapid.Int().Draw(t, "y")
			z := rapid.Int().Draw(t, "z")
			if (x+y)+z != x+(y+z) {
				t.Fatalf("(x+y)+z != x+(y+z)")
			}
		})
	})
	b.Run("laws", func(b *testing.B) { runCases(b, laws.Rapid) })
}

// Time to find the subtraction associativity counterexample and shrink it
// to (0, 0, 1); one op is one whole run from a fresh seed.
func BenchmarkSubtractionFindAndShrink(b *testing.B) {
	set := laws.SemigroupLaws(laws.SemigroupOf(sub), ints, intEq)
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.PerOp(b)()
			for i := range b.N {
				rs, _ := laws.RunInstance("int_subtraction", laws.Options{Engine: e, Seed: uint64(i + 1)}, set)
				if c := rs[0].Counterexample; c == nil || c.RHS != 1 {
					b.Fatalf("not shrunk: %s", rs[0].Report())
				}
			}
		})
	}
}

// Find and shrink the planted term bug (x·(v·y) with v > 500 evaluates
// wrongly) to mul(0, mul(501, 0)); one op is one whole run from a fresh
// seed, engine shrinking plus term shrinking.
func BenchmarkPlantedTermBugFindAndShrink(b *testing.B) {
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.PerOp(b)()
			for i := range b.N {
				rs, _ := laws.RunInstance("planted", laws.Options{Engine: e, Seed: uint64(i + 1), Checks: 1000}, plantedBug)
				if rs[0].Status != laws.Failed {
					b.Fatalf("%s", rs[0].Report())
				}
			}
		})
	}
}
