package builtin_test

import (
	"testing"

	"github.com/kgents/kgents-core/internal/benchcpu"
	"github.com/kgents/kgents-core/laws"
)

// The whole builtin suite as a user meets it (`go test ./laws/builtin/`,
// `lawcheck run`): every registered law with the default settings, on each
// engine; one op is one run of the suite from a fresh seed. The constants
// are mined once per process, so after the first op the runs pay only for
// the cases.
func BenchmarkBuiltinSuite(b *testing.B) {
	for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
		b.Run(string(e), func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.PerOp(b)()
			cases := 0
			for i := range b.N {
				rs, err := laws.Run(laws.Options{Engine: e, Seed: uint64(i + 1)})
				if err != nil || len(rs) == 0 {
					b.Fatalf("%v: %d results", err, len(rs))
				}
				for _, r := range rs {
					if r.Status != laws.Passed {
						b.Fatalf("%s", r.Report())
					}
					cases += r.Cases
				}
			}
			b.ReportMetric(float64(cases)/float64(b.N), "cases/op")
		})
	}
}
