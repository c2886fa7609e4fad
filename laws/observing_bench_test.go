package laws_test

import (
	"testing"

	"github.com/kgents/kgents-core/laws"

	"github.com/kgents/kgents-core/internal/benchcpu"
)

// The cost of observation per case: one op is one run of 1000 cases of
// int-addition associativity on rapid, off and on (writing every case to
// a file). Compare the two in the same run. ns/case is wall time;
// cpu-ns/case is the process's CPU time (user and system), which the
// other work of a shared machine disturbs less.
func BenchmarkObservation(b *testing.B) {
	const cases = 1000
	run := func(b *testing.B, dir string, set laws.LawSet) {
		b.ReportAllocs()
		cpu0 := benchcpu.Process()
		for b.Loop() {
			rs, err := laws.RunInstance("bench", laws.Options{Engine: laws.Rapid, Checks: cases, Seed: 1, Observe: dir}, set)
			if err != nil || rs[0].Status != laws.Passed || rs[0].Cases != cases {
				b.Fatalf("%v %+v", err, rs)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*cases), "ns/case")
		b.ReportMetric(float64((benchcpu.Process()-cpu0).Nanoseconds())/float64(b.N*cases), "cpu-ns/case")
	}
	// The cheapest law there is: three ints, one addition.
	ints := laws.NewLawSet("Semigroup", nil, additionAssociativity.Laws()[0])
	b.Run("int/off", func(b *testing.B) { run(b, "", ints) })
	b.Run("int/on", func(b *testing.B) { run(b, b.TempDir(), ints) })
	// A law on terms of up to 21 nodes, evaluated twice.
	terms := laws.NewLawSet("Evaluator", nil, laws.Equation("agrees_with_reference", "eval(t) = reference(t)", intEq,
		func(d *laws.Draws) (int, int) {
			t := laws.Draw(d, "t", mulTerms)
			return evalMul(t, false), evalMul(t, false)
		}))
	b.Run("term/off", func(b *testing.B) { run(b, "", terms) })
	b.Run("term/on", func(b *testing.B) { run(b, b.TempDir(), terms) })
}
