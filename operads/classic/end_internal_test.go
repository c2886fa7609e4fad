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

// A composite evaluated from its parts gives, on every vector, what its
// built body gives: at any place i, nested on either side, through
// identities (whose results are another level's column), and nested
// deeper than the scratch levels.
func TestCompositeEvaluatesAsItsBody(t *testing.T) {
	gen := Fns(3)
	var e End
	var fs []Fn
	for seed := uint64(1); len(fs) < 200; seed++ {
		if f := gen.Example(seed); f.Arity() > 0 {
			fs = append(fs, f)
		}
	}
	fs = append(fs, e.Identity(), e.Identity(), MustFn(2, "x2"), MustFn(3, "x1"))
	check := func(c Fn) {
		t.Helper()
		if c.comp == nil {
			t.Fatalf("%s is not a composite", c)
		}
		built := Fn{arity: c.arity, body: c.Body()}
		cols := argVectors(c.arity).ptrs
		sc := new(evalScratch)
		var a, b column
		ra, err := evalFn(c, cols, &a, sc, 0)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		ra2 := *ra
		rb, err := evalFn(built, cols, &b, sc, 0)
		if err != nil {
			t.Fatalf("%s: %v", built, err)
		}
		if ra2 != *rb || *ra != ra2 {
			t.Fatalf("%s: composite %v, body %v", built, ra2, *rb)
		}
	}
	for k := range 600 {
		f, g := fs[k%len(fs)], fs[(k*7+3)%len(fs)]
		c, err := e.Compose(f, 1+k%f.Arity(), g)
		if err != nil {
			t.Fatal(err)
		}
		check(c)
		h := fs[(k*13+5)%len(fs)]
		if l, err := e.Compose(c, 1+(k/3)%c.Arity(), h); err == nil && c.Arity() > 0 {
			check(l)
		}
		if r, err := e.Compose(h, 1+(k/5)%h.Arity(), c); err == nil && c.Arity() > 0 {
			check(r)
		}
	}
	deep := e.Identity()
	for k := range 120 {
		var err error
		if k%2 == 0 {
			deep, err = e.Compose(deep, 1, MustFn(2, "add(x1, x2)"))
		} else {
			deep, err = e.Compose(MustFn(1, "neg(x1)"), 1, deep)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	check(deep)
}
