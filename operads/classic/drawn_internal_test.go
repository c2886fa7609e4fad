package classic

import (
	"testing"
)

// Every body shape fits a drawn body's leaves, and the leaf counts are
// right: a shape's leaves are its terms' leaves.
func TestBodyShapesFitDrawnLeaves(t *testing.T) {
	if len(bodyShapes) != 168 {
		t.Errorf("%d body shapes, the package doc says 168", len(bodyShapes))
	}
	var count func(sh *shape) int
	count = func(sh *shape) int {
		if len(sh.args) == 0 {
			return 1
		}
		n := 0
		for _, a := range sh.args {
			n += count(a)
		}
		return n
	}
	for _, sh := range bodyShapes {
		if n := count(sh); n != sh.leaves || n > maxLeaves {
			t.Fatalf("a shape with %d leaves records %d (at most %d fit)", n, sh.leaves, maxLeaves)
		}
	}
}

// A drawn body evaluates, on every argument vector, as the term it
// builds: every shape, with leaves that are inputs and constants, at
// arities 0 to 5; and an input beyond the columns given is an error, as
// it is for the term.
func TestDrawnBodyEvaluatesAsItsTerm(t *testing.T) {
	sc := new(evalScratch)
	for n := range 6 {
		table := newLeafTable(n)
		cols := argVectors(n).ptrs
		for s, sh := range bodyShapes {
			for v := range 5 {
				d := &drawn{sh: sh, table: table}
				for i := range sh.leaves {
					d.leaves[i] = uint32((s*7 + v*5 + i*3 + n) % len(table.terms))
				}
				var a, b column
				ra, err := d.evalAll(cols, &a, sc, 0)
				if err != nil {
					t.Fatalf("arity %d, %s: %v", n, d.term(), err)
				}
				got := *ra
				rb, err := evalAll(d.term(), cols, &b, sc, 0)
				if err != nil {
					t.Fatalf("arity %d, %s: %v", n, d.term(), err)
				}
				if got != *rb {
					t.Fatalf("arity %d, %s: drawn %v, term %v", n, d.term(), got, *rb)
				}
				f := Fn{arity: n, drawn: d}
				if f.String() != (Fn{arity: n, body: d.term()}).String() || f.check() != nil {
					t.Fatalf("arity %d: %s prints or checks unlike its term", n, f)
				}
			}
		}
	}
	d := &drawn{sh: bodyShapes[0], table: newLeafTable(3)}
	d.leaves[0] = 2 // x3
	if _, err := d.evalAll(argVectors(2).ptrs, new(column), sc, 0); err == nil {
		t.Error("x3 evaluated on 2 columns")
	}
}

// Evaluating both sides of sequential associativity on composites of
// drawn functions: the evaluation part of an End(int) case.
func BenchmarkEvalDrawnComposites(b *testing.B) {
	gen := Fns(4)
	var e End
	var pairs [][2]Fn
	for seed := uint64(1); len(pairs) < 256; seed++ {
		f, g, h := gen.Example(seed), gen.Example(seed+1000), gen.Example(seed+2000)
		if f.Arity() == 0 || g.Arity() == 0 {
			continue
		}
		i, j := 1+int(seed)%f.Arity(), 1+int(seed/3)%g.Arity()
		fg, _ := e.Compose(f, i, g)
		lhs, _ := e.Compose(fg, i+j-1, h)
		gh, _ := e.Compose(g, j, h)
		rhs, _ := e.Compose(f, i, gh)
		pairs = append(pairs, [2]Fn{lhs, rhs})
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := pairs[i%len(pairs)]
		if !sameOnVectors(p[0], p[1]) {
			b.Fatal("differ")
		}
	}
}
