package classic

import (
	"errors"
	"fmt"
	"strconv"
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
	// comp, when set instead of body, is the composite this function is:
	// its body is built only when asked for, and FnEq evaluates it from
	// its parts, since the laws compare far more composites than they
	// print.
	comp *composite
	// drawn, when set instead of body, is the body as Fns drew it: built
	// only when asked for, and evaluated from the shape and leaves.
	drawn *drawn
}

// composite is f ∘ᵢ g, with 1 ≤ i ≤ arity f.
type composite struct {
	f Fn
	i int
	g Fn
}

// term returns f's body, building a composite's.
func (f Fn) term() *term.Term {
	if c := f.comp; c != nil {
		return composeBodies(c.f.term(), c.i, c.g.term(), c.g.arity)
	}
	if f.drawn != nil {
		return f.drawn.term()
	}
	return f.body
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
	if c := f.comp; c != nil {
		if err := c.f.check(); err != nil {
			return err
		}
		return c.g.check()
	}
	if f.drawn != nil {
		// Built from its arity's leaves: well-typed.
		return nil
	}
	_, err := NewFn(f.arity, f.body)
	return err
}

// Arity returns the number of inputs.
func (f Fn) Arity() int { return f.arity }

// Body returns the body term.
func (f Fn) Body() *term.Term { return f.term() }

// String prints the function as "fn/2 add(x1, x2)".
func (f Fn) String() string {
	if f.body == nil && f.comp == nil && f.drawn == nil {
		return "fn/<zero>"
	}
	return fmt.Sprintf("fn/%d %s", f.arity, f.term())
}

// Call applies f to args, which must have f's arity.
func (f Fn) Call(args []int) (int, error) {
	if len(args) != f.arity {
		return 0, fmt.Errorf("%w: %s called with %d arguments", ErrIllTyped, f, len(args))
	}
	return eval(f.term(), args)
}

// input returns k for the input variable xk (k ≥ 1, decimal digits).
// Evaluation reads every variable through it, so it parses by hand.
func input(name string) (int, bool) {
	if len(name) < 2 || len(name) > 10 || name[0] != 'x' {
		return 0, false
	}
	k := 0
	for i := 1; i < len(name); i++ {
		c := name[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		k = k*10 + int(c-'0')
	}
	return k, k >= 1
}

func eval(t *term.Term, args []int) (int, error) {
	switch t.Kind() {
	case term.Var:
		k, ok := input(t.Name())
		if !ok || k > len(args) {
			return 0, inputError(t, len(args))
		}
		return args[k-1], nil
	case term.Const:
		return int(t.Value().(int64)), nil
	}
	var vs [2]int
	for i := range t.NumArgs() {
		v, err := eval(t.Arg(i), args)
		if err != nil {
			return 0, err
		}
		if i < len(vs) {
			vs[i] = v
		}
	}
	if err := checkOperation(t); err != nil {
		return 0, err
	}
	switch t.Name() {
	case "add":
		return vs[0] + vs[1], nil
	case "mul":
		return vs[0] * vs[1], nil
	}
	return -vs[0], nil
}

func inputError(t *term.Term, n int) error {
	return fmt.Errorf("%w: input %s of %d", ErrIllTyped, t.Name(), n)
}

// checkOperation reports an application that is not one of FnSignature's
// (NewFn prevents it, but a faulty operad can build one).
func checkOperation(t *term.Term) error {
	want := 2
	switch t.Name() {
	case "add", "mul":
	case "neg":
		want = 1
	default:
		return fmt.Errorf("%w: unknown operation %s", ErrIllTyped, t.Name())
	}
	if t.NumArgs() != want {
		return fmt.Errorf("%w: %s applied to %d arguments", ErrIllTyped, t.Name(), t.NumArgs())
	}
	return nil
}

// evalAll evaluates t on all argument vectors at once, cols[k-1] holding
// input k of each vector: one walk of the term instead of one per
// vector. It returns the column of results, which is either buf or, for
// a bare input, that input's column (not to be written). sc holds the
// columns of the second arguments, one per level of the term.
func evalAll(t *term.Term, cols []*column, buf *column, sc *evalScratch, level int) (*column, error) {
	switch t.Kind() {
	case term.Var:
		k, ok := input(t.Name())
		if !ok || k > len(cols) {
			return nil, inputError(t, len(cols))
		}
		return cols[k-1], nil
	case term.Const:
		fillCol(buf, int(t.Value().(int64)))
		return buf, nil
	}
	var a, b *column
	for i := range t.NumArgs() {
		into := buf
		if i > 0 {
			into = sc.at(level)
		}
		v, err := evalAll(t.Arg(i), cols, into, sc, level+1)
		if err != nil {
			return nil, err
		}
		switch i {
		case 0:
			a = v
		case 1:
			b = v
		}
	}
	if err := checkOperation(t); err != nil {
		return nil, err
	}
	switch t.Name() {
	case "add":
		addCol(buf, a, b)
	case "mul":
		mulCol(buf, a, b)
	default:
		negCol(buf, a)
	}
	return buf, nil
}

// evalFn is evalAll for a function: a composite f ∘ᵢ g is evaluated from
// its parts, g on its inputs into the column of this level, then f, one
// level down, on the columns with g's in place i. Like evalAll, it
// returns buf or one of cols.
func evalFn(f Fn, cols []*column, buf *column, sc *evalScratch, level int) (*column, error) {
	c := f.comp
	if c == nil {
		if f.drawn != nil {
			return f.drawn.evalAll(cols, buf, sc, level)
		}
		return evalAll(f.body, cols, buf, sc, level)
	}
	n, m, i := c.f.arity, c.g.arity, c.i
	if len(cols) != n+m-1 || i < 1 || i > n {
		return nil, fmt.Errorf("%w: %s on %d inputs", ErrIllTyped, f, len(cols))
	}
	gv, err := evalFn(c.g, cols[i-1:i-1+m], sc.at(level), sc, level+1)
	if err != nil {
		return nil, err
	}
	var small [16]*column
	var fcols []*column
	if n <= len(small) {
		fcols = small[:n]
	} else {
		fcols = make([]*column, n)
	}
	copy(fcols, cols[:i-1])
	fcols[i-1] = gv
	copy(fcols[i:], cols[i-1+m:])
	r, err := evalFn(c.f, fcols, buf, sc, level+1)
	if err != nil {
		return nil, err
	}
	// f may return a column of g's or of a deeper level, which the next
	// evaluation on sc overwrites: a composite's result is always buf.
	if r != buf {
		*buf = *r
	}
	return buf, nil
}

// evalScratch is the working memory of evalAll, reused through a pool:
// a recursive function's locals whose address it passes on live on the
// heap, and a column per node would be an allocation per node.
type evalScratch struct {
	lhs, rhs column
	levels   [48]column
}

func (sc *evalScratch) at(level int) *column {
	if level < len(sc.levels) {
		return &sc.levels[level]
	}
	return new(column)
}

var scratchPool = sync.Pool{New: func() any { return new(evalScratch) }}

// rename replaces every input xk of t by to(k).
func rename(t *term.Term, to func(k int) *term.Term) *term.Term {
	return term.Substitute(t, func(v string) (*term.Term, bool) {
		k, _ := input(v)
		u := to(k)
		// An input renamed to itself is kept, so that the subterms
		// where nothing changes are shared rather than copied.
		return u, u.Kind() != term.Var || u.Name() != v
	})
}

// x returns the input variable xk; the first ones are made once and
// shared (terms are immutable), since composition renames every input.
func x(k int) *term.Term {
	if k >= 1 && k <= len(inputs) {
		return inputs[k-1]
	}
	return term.Variable("x" + strconv.Itoa(k))
}

var inputs = func() []*term.Term {
	out := make([]*term.Term, 64)
	for k := range out {
		out[k] = term.Variable("x" + strconv.Itoa(k+1))
	}
	return out
}()

// End is the endomorphism operad of int, a symmetric operad.
type End struct{}

// Arity returns f's arity.
func (End) Arity(f Fn) int { return f.arity }

// Identity returns the identity function x1.
func (End) Identity() Fn { return Fn{arity: 1, body: x(1)} }

// Compose returns f ∘ᵢ g: g's result feeds input i of f; the inputs are
// f's first i-1, g's m, then f's remaining n-i. The composite keeps f and
// g; its body (f's with g's, inputs renamed, in place of xi) is built
// when Body, String or Call needs it.
func (End) Compose(f Fn, i int, g Fn) (Fn, error) {
	n, m := f.arity, g.arity
	if i < 1 || i > n {
		return Fn{}, fmt.Errorf("%w: ∘%d on a function of arity %d", ErrIllTyped, i, n)
	}
	return Fn{arity: n + m - 1, comp: &composite{f: f, i: i, g: g}}, nil
}

// composeBodies returns the body of f ∘ᵢ g from the bodies of f and of
// g, of arity m.
func composeBodies(f *term.Term, i int, g *term.Term, m int) *term.Term {
	gs := g
	if i > 1 {
		gs = rename(g, func(k int) *term.Term { return x(k + i - 1) })
	}
	return rename(f, func(k int) *term.Term {
		switch {
		case k < i:
			return x(k)
		case k == i:
			return gs
		}
		return x(k + m - 1)
	})
}

// Act returns f·σ: (f·σ)(x1 … xn) = f(xσ(1) … xσ(n)).
func (End) Act(f Fn, sigma laws.Perm) (Fn, error) {
	if len(sigma) != f.arity || !sigma.Valid() {
		return Fn{}, fmt.Errorf("%w: %v is not a permutation of %d inputs", ErrIllTyped, sigma, f.arity)
	}
	if err := f.check(); err != nil {
		return Fn{}, err
	}
	return Fn{arity: f.arity, body: rename(f.term(), func(k int) *term.Term { return x(sigma[k-1]) })}, nil
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
	return laws.EqFunc("extensional equality on generated arguments", sameOnVectors).WithDiff(func(a, b Fn) string {
		if a.arity != b.arity {
			return fmt.Sprintf("arities differ: %d and %d", a.arity, b.arity)
		}
		args, va, vb, _ := firstDifference(a, b)
		return fmt.Sprintf("at %v: lhs gives %s, rhs gives %s", args, va, vb)
	})
}

// sameOnVectors is FnEq's equality: a and b give the same results on
// every argument vector of their arity (an evaluation error is a
// difference, as firstDifference has it).
func sameOnVectors(a, b Fn) bool {
	if a.arity != b.arity {
		return false
	}
	cols := argVectors(a.arity).ptrs
	sc := scratchPool.Get().(*evalScratch)
	defer scratchPool.Put(sc)
	ra, err := evalFn(a, cols, &sc.lhs, sc, 0)
	if err != nil {
		return false
	}
	rb, err := evalFn(b, cols, &sc.rhs, sc, 0)
	return err == nil && *ra == *rb
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

// vectorSet is the argument vectors of one arity, as rows (one vector
// each) and as columns (one input each, for evalAll).
type vectorSet struct {
	rows [][]int
	cols []column
	ptrs []*column // &cols[k]
}

var vectorCache sync.Map // int -> *vectorSet

func vectors(n int) [][]int { return argVectors(n).rows }

func argVectors(n int) *vectorSet {
	if v, ok := vectorCache.Load(n); ok {
		return v.(*vectorSet)
	}
	zeros, ones := make([]int, n), make([]int, n)
	for i := range ones {
		ones[i] = 1
	}
	vs := [][]int{zeros, ones}
	g := generators.SliceOfN(generators.OneOf(generators.IntRange(-9, 9), generators.Int()), n, n)
	for seed := uint64(1); len(vs) < lanes; seed++ {
		vs = append(vs, g.Example(seed))
	}
	set := &vectorSet{rows: vs, cols: make([]column, n), ptrs: make([]*column, n)}
	for k := range set.cols {
		set.ptrs[k] = &set.cols[k]
	}
	for v, row := range vs {
		for k, a := range row {
			set.cols[k][v] = a
		}
	}
	got, _ := vectorCache.LoadOrStore(n, set)
	return got.(*vectorSet)
}

// Fns returns a generator of functions of arity 0 to maxArity whose bodies
// have at most 7 nodes, with the term shrinker on their bodies. It draws
// the arity, then a body over that many inputs; [End] knows it, and gives
// the laws that need functions of at least some arity the same generator
// with the arity drawn from that range (see
// [End.OperationsOfArityAtLeast]). Calls with the same maxArity return
// the same generator.
func Fns(maxArity int) generators.Gen[Fn] {
	if g, ok := fnsByArity.Load(maxArity); ok {
		return g.(*fnGens).all
	}
	gs := newFnGens(maxArity)
	got, loaded := fnsByArity.LoadOrStore(maxArity, gs)
	if !loaded {
		fnGensOf.Store(gs.all, gs)
	}
	return got.(*fnGens).all
}

// fnGens is a generator of Fns and, for each n ≤ maxArity, the same
// generator restricted to arities n and more.
type fnGens struct {
	all     generators.Gen[Fn]
	atLeast []generators.Gen[Fn] // atLeast[n]: arities n … maxArity
}

// fnsByArity holds the generators Fns made, by maxArity; fnGensOf holds
// them by the generator Fns returned, for End.OperationsOfArityAtLeast.
var fnsByArity, fnGensOf sync.Map

func newFnGens(maxArity int) *fnGens {
	fns := make([]generators.Gen[Fn], maxArity+1)
	for n := range fns {
		fns[n] = drawnFns(n)
	}
	bodyShrink := term.Shrinker(FnSignature, "", term.LowerLeaf)
	shrink := func(f Fn) []Fn {
		if f.arity >= len(fns) || f.comp != nil || f.body == nil && f.drawn == nil {
			return nil
		}
		var out []Fn
		for _, b := range bodyShrink(f.term()) {
			out = append(out, Fn{arity: f.arity, body: b})
		}
		return out
	}
	gs := &fnGens{atLeast: make([]generators.Gen[Fn], maxArity+1)}
	for least := range gs.atLeast {
		// One arity left is no choice: nothing to draw.
		arities := fns[least]
		if least < maxArity {
			// The arity is one choice over the range, as
			// IntRange(least, maxArity) draws it (a range that small
			// has no special values), without its machinery.
			last := uint64(maxArity - least)
			arities = generators.Custom(fmt.Sprintf("Fns(arity %d to %d)", least, maxArity), func(s *generators.Source) Fn {
				return fns[least+int(s.Choose(last))].Draw(s)
			})
		}
		gs.atLeast[least] = generators.WithShrinker(arities, shrink)
	}
	gs.all = gs.atLeast[0]
	return gs
}

// OperationsOfArityAtLeast returns, for a generator made by [Fns], the
// same generator with the arity drawn from n up: the laws that need
// functions with inputs draw them without discarding functions of
// smaller arity. It returns ok false for any other generator, and when n
// exceeds the generator's largest arity (the laws then report that it
// yields none).
func (End) OperationsOfArityAtLeast(gen generators.Gen[Fn], n int) (generators.Gen[Fn], bool) {
	v, ok := fnGensOf.Load(gen)
	if !ok {
		return generators.Gen[Fn]{}, false
	}
	gs := v.(*fnGens)
	if n < 0 {
		n = 0
	}
	if n >= len(gs.atLeast) {
		return generators.Gen[Fn]{}, false
	}
	return gs.atLeast[n], true
}
