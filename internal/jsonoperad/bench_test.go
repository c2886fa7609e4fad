package jsonoperad

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"

	"github.com/kgents/kgents-core/internal/benchcpu"
)

const benchCases = 10_000

const exprAddition = `{"name": "add", "sorts": {"int": {"kind": "int"}},
  "operations": {"add": {"arity": 2, "expr": "x + y"}},
  "laws": [{"law": "associativity", "op": "add"}]}`

// BenchmarkAssociativity checks associativity of int addition on 10,000
// cases per op, from a JSON operad (an expression) and written in Go
// (laws.SemigroupLaws), with the same engine, seed and cases: the ratio of
// their ns/case is the cost of the JSON route.
func BenchmarkAssociativity(b *testing.B) {
	o, err := Parse("add.json", []byte(exprAddition))
	if err != nil {
		b.Fatal(err)
	}
	goSet := laws.SemigroupLaws(laws.SemigroupOf(func(x, y int) int { return x + y }), generators.Int(), laws.Comparable[int]())
	opts := laws.Options{Engine: laws.Rapid, Checks: benchCases, Seed: 1}
	for _, route := range []struct {
		name      string
		viaTheory bool
	}{{"json", false}, {"json-theory", true}} {
		b.Run(route.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := benchcpu.Process()
			for b.Loop() {
				r, err := o.Laws[0].Check(Config{Engine: laws.Rapid, Checks: benchCases, Seed: 1, viaTheory: route.viaTheory}, nil)
				if err != nil || r.Status != laws.Passed || r.Cases != benchCases {
					b.Fatalf("%v %v", r.Status, err)
				}
			}
			reportPerCase(b, cpu0)
		})
	}
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := benchcpu.Process()
		for b.Loop() {
			rs, err := laws.RunInstance("add", opts, laws.NewLawSet("assoc", nil, goSet.Laws()[0]))
			if err != nil || len(rs) != 1 || rs[0].Status != laws.Passed || rs[0].Cases != benchCases {
				b.Fatalf("%v %v", rs, err)
			}
		}
		reportPerCase(b, cpu0)
	})
}

func reportPerCase(b *testing.B, cpu0 time.Duration) {
	n := float64(b.N * benchCases)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/case")
	b.ReportMetric(float64((benchcpu.Process()-cpu0).Nanoseconds())/n, "cpu-ns/case")
}

// zTable returns an operad of addition modulo n as a table of n*n entries
// with its associativity law: n^3 cases to enumerate.
func zTable(n int) string {
	var rows []string
	for i := range n {
		for j := range n {
			rows = append(rows, fmt.Sprintf("[%d, %d, %d]", i, j, (i+j)%n))
		}
	}
	return fmt.Sprintf(`{"name": "z%d", "sorts": {"z": {"kind": "int", "min": 0, "max": %d}},
	  "operations": {"add": {"arity": 2, "table": [%s]}},
	  "laws": [{"law": "associativity", "op": "add"}]}`, n, n-1, strings.Join(rows, ", "))
}

// BenchmarkProveTableAssociativity proves associativity of a 3-element
// table (27 cases) and of a 100-element one (10^6 cases) by enumeration.
func BenchmarkProveTableAssociativity(b *testing.B) {
	for _, n := range []int{3, 100} {
		o, err := Parse("z.json", []byte(zTable(n)))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := benchcpu.Process()
			defer func() { b.ReportMetric(float64((benchcpu.Process()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op") }()
			for b.Loop() {
				r, err := o.Laws[0].Check(Config{}, nil)
				if err != nil || r.Status != laws.Proved || r.Cases != n*n*n {
					b.Fatalf("%v on %d cases: %v", r.Status, r.Cases, err)
				}
			}
		})
	}
}

// BenchmarkLiteralAssociativity checks associativity on 10,000 cases per
// op of operations whose files name literals, which special cases draw:
// an int operation with constants in its expression, and string
// concatenation with string literals.
func BenchmarkLiteralAssociativity(b *testing.B) {
	for _, c := range []struct{ name, src string }{
		{"int", `{"name": "add", "sorts": {"int": {"kind": "int"}},
		  "operations": {"add": {"arity": 2, "expr": "x == 7777 || y == -4242 ? x + y : x + y"}},
		  "laws": [{"law": "associativity", "op": "add"}]}`},
		{"string", `{"name": "cat", "sorts": {"s": {"kind": "string", "alphabet": "abcdef"}},
		  "operations": {"cat": {"arity": 2, "expr": "x == \"cafe\" ? x + y : x + y"}},
		  "laws": [{"law": "associativity", "op": "cat"}]}`},
	} {
		o, err := Parse(c.name+".json", []byte(c.src))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := benchcpu.Process()
			for b.Loop() {
				r, err := o.Laws[0].Check(Config{Engine: laws.Rapid, Checks: benchCases, Seed: 1}, nil)
				if err != nil || r.Status != laws.Passed || r.Cases != benchCases {
					b.Fatalf("%v %v", r.Status, err)
				}
			}
			reportPerCase(b, cpu0)
		})
	}
}
