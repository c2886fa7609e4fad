package classic_test

import (
	"testing"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/classic"

	"github.com/kgents/kgents-core/internal/benchcpu"
)

// One case of sequential associativity on End(int), arities up to 4: draw
// f, g, h and two indices, compose both ways, compare extensionally on 32
// argument vectors. One op is one case.
func BenchmarkEndSequentialAssociativityCase(b *testing.B) {
	set := laws.OperadLaws[classic.Fn](classic.End{}, classic.Fns(4), classic.FnEq())
	for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
		b.Run(string(e), func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.PerOp(b)()
			rs, err := laws.RunInstance("end_int", laws.Options{Engine: e, Checks: b.N, Seed: 1, Match: "sequential_associativity"}, set)
			if err != nil || len(rs) != 1 || rs[0].Status != laws.Passed {
				b.Fatalf("%v %+v", err, rs)
			}
		})
	}
}
