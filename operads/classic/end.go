package classic

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// Fn is an n-ary function on int: a body term over the inputs x1 … xn,
// the operations add/2, mul/2 and neg/1 and integer constants, evaluated
// with Go's wrapping arithmetic.
type Fn struct {
	arity int
	body  *term.Term
}

// ErrIllTyped is wrapped by the errors of composing or building functions
// that do not fit together.
var ErrIllTyped = errors.New("classic: ill-typed")

// FnSignature is the signature of function bodies.
var FnSignature = term.MustSignature(
	term.Operation{Name: "add", Arity: term.Fixed(2)},
	term.Operation{Name: "mul", Arity: term.Fixed(2)},
	term.Operation{Name: "neg", Arity: term.Fixed(1)},
)

// NewFn returns the function of arity n with the given body. The body
// may use only the inputs x1 … xn, the operations of FnSignature and
// integer constants.
func NewFn(n int, body *term.Term) (Fn, error) {
	if n < 0 {
		return Fn{}, fmt.Errorf("%w: negative arity %d", ErrIllTyped, n)
	}
	if err := FnSignature.Check(body, ""); err != nil {
		return Fn{}, fmt.Errorf("%w: %v", ErrIllTyped, err)
	}
	var bad error
	body.Walk(func(t *term.Term) bool {
		switch t.Kind() {
		case term.Var:
			if k, ok := input(t.Name()); !ok || k > n {
				bad = fmt.Errorf("%w: %s is not an input of a function of arity %d", ErrIllTyped, t.Name(), n)
			}
		case term.Const:
			if _, ok := t.Value().(int64); !ok {
				bad = fmt.Errorf("%w: constant %v is not an int64", ErrIllTyped, t.Value())
			}
		}
		return bad == nil
	})
	if bad != nil {
		return Fn{}, bad
	}
	return Fn{arity: n, body: body}, nil
}

// MustFn is NewFn for functions known to be valid, such as MustFn(2,
// "add(x1, x2)").
func MustFn(n int, body string) Fn {
	f, err := NewFn(n, term.MustParse(body))
	if err != nil {
		panic(err)
	}
	return f
}

// check reports a function whose body uses inputs beyond its arity (which
// NewFn prevents, but a faulty operad can produce).
func (f Fn) check() error {
	_, err := NewFn(f.arity, f.body)
	return err
}

// Arity returns the number of inputs.
func (f Fn) Arity() int { return f.arity }

// Body returns the body term.
func (f Fn) Body() *term.Term { return f.body }

// String prints the function as "fn/2 add(x1, x2)".
func (f Fn) String() string {
	if f.body == nil {
		return "fn/<zero>"
	}
	return fmt.Sprintf("fn/%d %s", f.arity, f.body)
}

// Call applies f to args, which must have f's arity.
func (f Fn) Call(args []int) (int, error) {
	if len(args) != f.arity {
		return 0, fmt.Errorf("%w: %s called with %d arguments", ErrIllTyped, f, len(args))
	}
	return eval(f.body, args)
}

func input(name string) (int, bool) {
	if !strings.HasPrefix(name, "x") {
		return 0, false
	}
	k, err := strconv.Atoi(name[1:])
	return k, err == nil && k >= 1
}

func eval(t *term.Term, args []int) (int, error) {
	switch t.Kind() {
	case term.Var:
		k, ok := input(t.Name())
		if !ok || k > len(args) {
			return 0, fmt.Errorf("%w: input %s of %d", ErrIllTyped, t.Name(), len(args))
		}
		return args[k-1], nil
	case term.Const:
		return int(t.Value().(int64)), nil
	}
	vs := make([]int, t.NumArgs())
	for i := range vs {
		v, err := eval(t.Arg(i), args)
		if err != nil {
			return 0, err
		}
		vs[i] = v
	}
	switch t.Name() {
	case "add":
		return vs[0] + vs[1], nil
	case "mul":
		return vs[0] * vs[1], nil
	case "neg":
		return -vs[0], nil
	}
	return 0, fmt.Errorf("%w: unknown operation %s", ErrIllTyped, t.Name())
}

// rename replaces every input xk of t by to(k).
func rename(t *term.Term, to func(k int) *term.Term) *term.Term {
	return term.Substitute(t, func(v string) (*term.Term, bool) {
		k, _ := input(v)
		return to(k), true
	})
}

func x(k int) *term.Term { return term.Variable("x" + strconv.Itoa(k)) }

// End is the endomorphism operad of int, a symmetric operad.
type End struct{}

// Arity returns f's arity.
func (End) Arity(f Fn) int { return f.arity }

// Identity returns the identity function x1.
func (End) Identity() Fn { return Fn{arity: 1, body: x(1)} }

// Compose returns f ∘ᵢ g: g's result feeds input i of f; the inputs are
// f's first i-1, g's m, then f's remaining n-i.
func (End) Compose(f Fn, i int, g Fn) (Fn, error) {
	n, m := f.arity, g.arity
	if i < 1 || i > n {
		return Fn{}, fmt.Errorf("%w: ∘%d on a function of arity %d", ErrIllTyped, i, n)
	}
	gs := rename(g.body, func(k int) *term.Term { return x(k + i - 1) })
	body := rename(f.body, func(k int) *term.Term {
		switch {
		case k < i:
			return x(k)
		case k == i:
			return gs
		}
		return x(k + m - 1)
	})
	return Fn{arity: n + m - 1, body: body}, nil
}

// Act returns f·σ: (f·σ)(x1 … xn) = f(xσ(1) … xσ(n)).
func (End) Act(f Fn, sigma laws.Perm) (Fn, error) {
	if len(sigma) != f.arity || !sigma.Valid() {
		return Fn{}, fmt.Errorf("%w: %v is not a permutation of %d inputs", ErrIllTyped, sigma, f.arity)
	}
	if err := f.check(); err != nil {
		return Fn{}, err
	}
	return Fn{arity: f.arity, body: rename(f.body, func(k int) *term.Term { return x(sigma[k-1]) })}, nil
}

// IntAlgebra is int as an algebra over End: a function acts by being
// called.
type IntAlgebra struct{}

// Apply calls f on args.
func (IntAlgebra) Apply(f Fn, args []int) (int, error) { return f.Call(args) }

// FnEq is extensional equality of functions: the same arity and the same
// results on a fixed set of argument vectors (all zeros, all ones, and 30
// generated vectors of small and large values). Its diff names the first
// vector on which the functions differ.
func FnEq() laws.Eq[Fn] {
	return laws.EqFunc("extensional equality on generated arguments", func(a, b Fn) bool {
		_, _, _, ok := firstDifference(a, b)
		return ok
	}).WithDiff(func(a, b Fn) string {
		if a.arity != b.arity {
			return fmt.Sprintf("arities differ: %d and %d", a.arity, b.arity)
		}
		args, va, vb, _ := firstDifference(a, b)
		return fmt.Sprintf("at %v: lhs gives %s, rhs gives %s", args, va, vb)
	})
}

func firstDifference(a, b Fn) (args []int, va, vb string, same bool) {
	if a.arity != b.arity {
		return nil, "", "", false
	}
	for _, v := range vectors(a.arity) {
		ra, ea := a.Call(v)
		rb, eb := b.Call(v)
		if ea != nil || eb != nil || ra != rb {
			return v, result(ra, ea), result(rb, eb), false
		}
	}
	return nil, "", "", true
}

func result(v int, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return strconv.Itoa(v)
}

var vectorCache sync.Map // int -> [][]int

func vectors(n int) [][]int {
	if v, ok := vectorCache.Load(n); ok {
		return v.([][]int)
	}
	zeros, ones := make([]int, n), make([]int, n)
	for i := range ones {
		ones[i] = 1
	}
	vs := [][]int{zeros, ones}
	g := generators.SliceOfN(generators.OneOf(generators.IntRange(-9, 9), generators.Int()), n, n)
	for seed := uint64(1); seed <= 30; seed++ {
		vs = append(vs, g.Example(seed))
	}
	vectorCache.Store(n, vs)
	return vs
}

// Fns returns a generator of functions of arity 0 to maxArity whose bodies
// have at most 7 nodes, with the term shrinker on their bodies.
func Fns(maxArity int) generators.Gen[Fn] {
	bodies := make([]generators.Gen[*term.Term], maxArity+1)
	for n := range bodies {
		consts := term.ConstantsFrom(generators.IntRange[int64](-3, 3))
		leaf := consts
		if n > 0 {
			names := make([]string, n)
			for k := range names {
				names[k] = "x" + strconv.Itoa(k+1)
			}
			leaf = generators.Frequency(
				generators.Weighted[*term.Term]{Weight: 3, Gen: term.VariablesOf(names...)},
				generators.Weighted[*term.Term]{Weight: 1, Gen: consts})
		}
		bodies[n] = term.Generator(FnSignature, term.Leaves{"": leaf}, term.Budget{Nodes: 7, Depth: 4}, "")
	}
	fns := generators.Bind(generators.IntRange(0, maxArity), func(n int) generators.Gen[Fn] {
		return generators.Map(bodies[n], func(b *term.Term) Fn { return Fn{arity: n, body: b} })
	})
	return generators.WithShrinker(fns, func(f Fn) []Fn {
		if f.arity >= len(bodies) || f.body == nil {
			return nil
		}
		var out []Fn
		for _, b := range bodies[f.arity].Candidates(f.body) {
			out = append(out, Fn{arity: f.arity, body: b})
		}
		return out
	})
}
