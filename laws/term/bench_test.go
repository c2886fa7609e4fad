package term_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/kgents/kgents-core/generators"
)

// Generating a term of up to 20 nodes over a typed signature. One op is
// one term.
func BenchmarkGenerate20NodeTerm(b *testing.B) {
	b.Run("tape", func(b *testing.B) {
		b.ReportAllocs()
		nodes := 0
		for i := range b.N {
			nodes += agents.Draw(generators.Record(uint64(i))).Size()
		}
		b.ReportMetric(float64(nodes)/float64(b.N), "nodes/term")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(nodes), "ns/node")
	})
	// Terms of exactly 20 nodes: the seeds whose recorded draw has 20
	// nodes, found once, then drawn again in a loop.
	b.Run("tape_exactly_20_nodes", func(b *testing.B) {
		var seeds []uint64
		for seed := uint64(0); len(seeds) < 64; seed++ {
			if agents.Draw(generators.Record(seed)).Size() == 20 {
				seeds = append(seeds, seed)
			}
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if agents.Draw(generators.Record(seeds[i%len(seeds)])).Size() != 20 {
				b.Fatal("not 20 nodes")
			}
		}
	})
	b.Run("rapid", func(b *testing.B) {
		b.ReportAllocs()
		g := generators.Rapid(agents)
		n := 0
		tb := &benchTB{B: b}
		for n < b.N {
			rapid.Check(tb, func(t *rapid.T) {
				if n < b.N {
					g.Draw(t, "t")
					n++
				}
			})
		}
	})
}

// benchTB silences rapid's per-check log lines in benchmark output.
type benchTB struct{ *testing.B }

func (benchTB) Logf(string, ...any) {}
func (benchTB) Log(...any)          {}
