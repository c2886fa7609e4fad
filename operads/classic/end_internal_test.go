package classic

import (
	"sync"
	"testing"

	"github.com/kgents/kgents-core/laws/term"
)

// sameOnVectorsOneByOne is extensional equality as the definition has it:
// call both functions on each argument vector in turn.
func sameOnVectorsOneByOne(a, b Fn) bool {
	_, _, _, same := firstDifference(a, b)
	return same
}

// FnEq's equality, which evaluates a term on all vectors at once, agrees
// with calling the functions vector by vector: on composites that are
// equal, on ones that differ, and on ill-formed bodies (an input beyond
// the arity, an application with the wrong number of arguments).
func TestEvaluatingAllVectorsAtOnceAgreesWithOneByOne(t *testing.T) {
	gen := Fns(4)
	var e End
	var fs []Fn
	for seed := uint64(1); len(fs) < 400; seed++ {
		if f := gen.Example(seed); f.Arity() > 0 {
			fs = append(fs, f)
		}
	}
	pairs := [][2]Fn{
		{Fn{arity: 2, body: term.MustParse("add(x1, x3)")}, MustFn(2, "add(x1, x2)")},
		{Fn{arity: 1, body: term.MustParse("add(x1)")}, MustFn(1, "x1")},
		{Fn{arity: 1, body: term.MustParse("sub(x1, x1)")}, MustFn(1, "0")},
		{Fn{arity: 1, body: term.MustParse("add(x1, 2)")}, Fn{arity: 1, body: term.MustParse("add(x1, 2)")}},
	}
	differ, equal := 0, 0
	for i := range 300 {
		f, g, h := fs[i], fs[(i+7)%len(fs)], fs[(i+13)%len(fs)]
		fg, _ := e.Compose(f, 1, g)
		lhs, _ := e.Compose(fg, g.Arity(), h)
		gh, _ := e.Compose(g, g.Arity(), h)
		rhs, _ := e.Compose(f, 1, gh)
		pairs = append(pairs, [2]Fn{lhs, rhs}, [2]Fn{f, g}, [2]Fn{fg, gh})
	}
	for _, p := range pairs {
		got, want := sameOnVectors(p[0], p[1]), sameOnVectorsOneByOne(p[0], p[1])
		if got != want {
			t.Fatalf("%s and %s: all at once says %v, one by one %v", p[0], p[1], got, want)
		}
		if want {
			equal++
		} else {
			differ++
		}
	}
	if equal < 300 || differ < 300 {
		t.Errorf("the pairs are not varied enough: %d equal, %d differ", equal, differ)
	}
}

// FnEq is used by laws run on several goroutines at once.
func TestFnEqOnManyGoroutines(t *testing.T) {
	eq := FnEq()
	f, g := MustFn(3, "add(mul(x1, x2), neg(x3))"), MustFn(3, "add(neg(x3), mul(x2, x1))")
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				if !eq.Equal(f, g) || eq.Equal(f, MustFn(3, "x1")) {
					t.Error("FnEq gave a wrong answer on a goroutine")
					return
				}
			}
		}()
	}
	wg.Wait()
}
