package jsonoperad

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// Config says how laws are checked.
type Config struct {
	// Engine, Checks, Seed and ShrinkTime are as in laws.Options. A law's
	// own "checks" in the file wins over Checks.
	Engine     laws.Engine
	Checks     int
	Seed       uint64
	ShrinkTime time.Duration
	// ExhaustiveLimit is the largest number of cases enumerated to prove a
	// law whose variables all range over finite sorts; 0 means
	// DefaultExhaustiveLimit, negative turns proof off.
	ExhaustiveLimit int64
	// Observe, if not empty, is where generated cases are written as PBT
	// observations, as laws.Options.Observe (a proof enumerates, and
	// writes none).
	Observe string

	// viaTheory checks generated cases through laws.TheoryLaws and
	// laws.Algebra.Eval rather than the compiled sides; the two agree (a
	// test says so), the compiled sides are faster.
	viaTheory bool
}

// DefaultExhaustiveLimit is the default bound on the cases of a proof.
const DefaultExhaustiveLimit = 1_000_000

// Stats describes what a check generated, per sort.
type Stats struct {
	Sorts []SortStats `json:"sorts"`
}

// SortStats describes the values drawn from one sort for the variables of
// a law, including those tried while shrinking; for a proof, the values
// enumerated.
type SortStats struct {
	Vars    []string `json:"vars"`
	Sort    string   `json:"sort"`
	Count   int      `json:"count"`
	MinSize int      `json:"min_size"`
	MaxSize int      `json:"max_size"`
	SumSize int64    `json:"sum_size"`
}

// Mean returns the mean size of the values drawn.
func (v SortStats) Mean() float64 {
	if v.Count == 0 {
		return 0
	}
	return float64(v.SumSize) / float64(v.Count)
}

// eq returns the equality of the law's two sides: go-cmp, with NaN equal
// to NaN (a NaN value is a value like any other), an empty list equal to
// a nil one and, when the law has a
// tolerance or a margin, floats equal within them. Scalars that are equal
// by == are decided without go-cmp, whose per-call setup would otherwise
// be most of the cost of a case.
func (l *Law) eq() laws.Eq[any] {
	if l.side != nil && l.side.Kind == "agent" {
		return agentEq(l.UpTo)
	}
	opts := []cmp.Option{cmpopts.EquateNaNs(), cmpopts.EquateEmpty()}
	if l.Tolerance > 0 || l.Margin > 0 {
		opts = append(opts, cmpopts.EquateApprox(l.Tolerance, l.Margin))
	}
	full := laws.DefaultEq[any](opts...)
	return laws.EqFunc("go-cmp with NaN equal to NaN"+approxName(l), func(a, b any) bool {
		switch x := a.(type) {
		case int:
			if y, ok := b.(int); ok {
				return x == y
			}
		case string:
			if y, ok := b.(string); ok {
				return x == y
			}
		case bool:
			if y, ok := b.(bool); ok {
				return x == y
			}
		case float64:
			if y, ok := b.(float64); ok && x == y {
				return true
			}
		}
		return full.Equal(a, b)
	}).WithDiff(full.Diff)
}

func approxName(l *Law) string {
	if l.Tolerance == 0 && l.Margin == 0 {
		return ""
	}
	return fmt.Sprintf(", floats within %g relatively or %g absolutely", l.Tolerance, l.Margin)
}

// init makes one entry per sort of the law's variables, before any value
// is drawn, so that pointers to the entries stay valid.
func (st *Stats) init(vars []Var) {
	st.Sorts = st.Sorts[:0]
	for _, v := range vars {
		if e := st.entry(v.Sort.Name); e != nil {
			e.Vars = append(e.Vars, v.Name)
			continue
		}
		st.Sorts = append(st.Sorts, SortStats{Sort: v.Sort.Name, Vars: []string{v.Name}, MinSize: math.MaxInt})
	}
}

func (st *Stats) entry(sort string) *SortStats {
	for i := range st.Sorts {
		if st.Sorts[i].Sort == sort {
			return &st.Sorts[i]
		}
	}
	return nil
}

// CaseSpace returns the number of cases of the law when every variable
// ranges over a finite sort, or nil.
func (l *Law) CaseSpace() *big.Int {
	n := big.NewInt(1)
	for _, v := range l.Vars {
		s := v.Sort.Size()
		if s == nil {
			return nil
		}
		n.Mul(n, s)
	}
	return n
}

// Check checks the law: by enumeration when its case space is finite and
// within cfg.ExhaustiveLimit (Proved or the first failure in enumeration
// order), otherwise on generated cases with the engine of cfg (Passed or
// the shrunk counterexample). stats, if not nil, receives what was drawn.
func (l *Law) Check(cfg Config, stats *Stats) (laws.Result, error) {
	limit := cfg.ExhaustiveLimit
	if limit == 0 {
		limit = DefaultExhaustiveLimit
	}
	var r laws.Result
	var err error
	if n := l.CaseSpace(); limit > 0 && n != nil && n.IsInt64() && n.Int64() <= limit {
		r = l.prove(stats)
	} else if r, err = l.generate(cfg, stats); err != nil {
		return r, err
	}
	// Where the law is written, which the report shows for a failure.
	r.Site, r.SiteKind = fmt.Sprintf("%s:%d:%d", l.op.File, l.Line, l.Col), "law written at"
	if c := r.Counterexample; c != nil && len(c.Bindings) == len(l.Vars) {
		env := make(map[string]any, len(l.Vars))
		for _, b := range c.Bindings {
			env[b.Name] = b.Value
		}
		asTerms := "as terms: " + l.instantiate(env).String()
		if r.Message == "" {
			r.Message = asTerms
		} else {
			r.Message = asTerms + "\n  " + r.Message
		}
	}
	return r, nil
}

func (l *Law) generate(cfg Config, stats *Stats) (laws.Result, error) {
	o := l.op
	th := laws.Theory{Name: o.Name, Signature: o.sig, Equations: []laws.NamedEquation{{Name: l.Name, Equation: l.Equation}}}
	gens := map[string]generators.Gen[any]{}
	var mu sync.Mutex
	if stats != nil {
		stats.init(l.Vars)
	}
	for _, v := range l.Vars {
		if _, done := gens[v.Sort.Name]; done {
			continue
		}
		g := v.Sort.gen
		if stats != nil {
			ss := stats.entry(v.Sort.Name)
			sort := v.Sort
			g = generators.Map(g, func(x any) any {
				n := sort.sizeOf(x)
				mu.Lock()
				ss.Count++
				ss.SumSize += int64(n)
				ss.MinSize, ss.MaxSize = min(ss.MinSize, n), max(ss.MaxSize, n)
				mu.Unlock()
				return x
			})
		}
		gens[v.Sort.Name] = g
	}
	var set laws.LawSet
	if cfg.viaTheory {
		var err error
		set, err = laws.TheoryLaws(th, o.alg, gens, l.eq())
		if err != nil {
			return laws.Result{}, fmt.Errorf("%s: law %s: %w", o.File, l.Name, err)
		}
		ls := set.Laws()
		for i := range ls {
			ls[i] = ls[i].WithConstants(l.Constants())
		}
		set = laws.NewLawSet("JSON operad", nil, ls...)
	} else {
		// The code under test is the file: its literals, not this
		// package's, are the constants of special cases.
		set = laws.NewLawSet("JSON operad", nil, l.compiledLaw(gens).WithConstants(l.Constants()))
	}
	checks := cfg.Checks
	if l.Checks > 0 {
		checks = l.Checks
	}
	rs, err := laws.RunInstance(o.Name, laws.Options{Engine: cfg.Engine, Checks: checks, Seed: cfg.Seed, ShrinkTime: cfg.ShrinkTime, Observe: cfg.Observe}, set)
	if err != nil {
		return laws.Result{}, err
	}
	if len(rs) != 1 {
		return laws.Result{}, fmt.Errorf("%s: law %s: expected one result, got %d", o.File, l.Name, len(rs))
	}
	r := rs[0]
	r.Structure = "JSON operad"
	return r, nil
}

// compiledLaw is the law as laws.TheoryLaws would build it (draw the
// variables from the generators of their sorts, evaluate both sides,
// discard the case when both are undefined, fail when one is), evaluated
// by the compiled sides.
func (l *Law) compiledLaw(gens map[string]generators.Gen[any]) laws.Law {
	eq := l.eq()
	vg := make([]generators.Gen[any], len(l.Vars))
	for i, v := range l.Vars {
		vg[i] = gens[v.Sort.Name]
	}
	var pool sync.Pool
	return laws.PartialEquation(l.Name, l.Equation.String(), eq, func(d *laws.Draws) (lhs, rhs laws.Side[any]) {
		ev, _ := pool.Get().(*evaluator)
		if ev == nil {
			ev = &evaluator{}
		}
		defer pool.Put(ev)
		env := ev.vars[:0]
		for range vg {
			env = append(env, nil)
		}
		ev.vars = env
		for i, g := range vg {
			env[i] = laws.Draw(d, l.Vars[i].Name, g)
		}
		lv, lerr := ev.eval(l.lhs, env)
		rv, rerr := ev.eval(l.rhs, env)
		if lerr != nil && rerr != nil {
			d.Discard(fmt.Sprintf("both sides are undefined: %v; %v", lerr, rerr))
		}
		return laws.SideOf(lv, lerr), laws.SideOf(rv, rerr)
	})
}

// prove enumerates every case of the law, the first variable varying
// slowest and each sort in the order of Sort.Values, and stops at the
// first case that fails, which is therefore the smallest in that order.
func (l *Law) prove(stats *Stats) laws.Result {
	start := time.Now()
	r := laws.Result{Instance: l.op.Name, Law: l.Name, Structure: "JSON operad", Equation: l.Equation.String(), Engine: "exhaustive"}
	domains := make([][]any, len(l.Vars))
	if stats != nil {
		stats.init(l.Vars)
	}
	for i, v := range l.Vars {
		domains[i] = v.Sort.Values(math.MaxInt64)
		if stats != nil {
			if ss := stats.entry(v.Sort.Name); ss.Count == 0 {
				for _, x := range domains[i] {
					n := v.Sort.sizeOf(x)
					ss.Count++
					ss.SumSize += int64(n)
					ss.MinSize, ss.MaxSize = min(ss.MinSize, n), max(ss.MaxSize, n)
				}
			}
		}
	}
	eq := l.eq()
	var ev evaluator
	forEachTuple(domains, func(tuple []any) bool {
		c, kind := l.evalCase(&ev, tuple, eq)
		switch kind {
		case caseHolds:
			r.Cases++
			return true
		case caseDiscarded:
			r.Discarded++
			return true
		}
		r.Status = laws.Failed
		if kind == casePanicked {
			r.Status = laws.Errored
		}
		c.Shrink.By = laws.ShrinkByEnumeration
		r.Counterexample = c
		r.Message = fmt.Sprintf("found by enumerating the cases in order: case %d of %s, the first that fails, so no smaller case fails", r.Cases+r.Discarded+1, l.CaseSpace())
		return false
	})
	if r.Counterexample == nil && l.side != nil && l.side.Kind == "agent" {
		// Every choice of agents was tried, but agents are compared by
		// their behaviour on input sequences of bounded length: a check,
		// not a proof.
		r.Status = laws.Passed
		r.Message = fmt.Sprintf("every choice of agents was tried (%d cases); each pair of sides was compared on input sequences of bounded length", r.Cases)
	} else if r.Counterexample == nil {
		r.Status = laws.Proved
		if r.Cases == 0 {
			r.Status = laws.Errored
			r.Message = fmt.Sprintf("every one of the %d cases was discarded (both sides undefined): the law was never evaluated", r.Discarded)
		}
	}
	r.Duration = time.Since(start)
	return r
}

type caseKind int

const (
	caseHolds caseKind = iota
	caseDiscarded
	caseFails
	casePanicked
)

// evalCase evaluates both sides once with the variables bound by env (in
// the order of l.Vars), as laws.TheoryLaws does: a side undefined while
// the other is defined fails, both undefined discards, a panic is an error.
func (l *Law) evalCase(ev *evaluator, env []any, eq laws.Eq[any]) (c *laws.Counterexample, kind caseKind) {
	bindings := func() []laws.Binding {
		out := make([]laws.Binding, len(l.Vars))
		for i, v := range l.Vars {
			out[i] = laws.Binding{Name: v.Name, Value: env[i]}
		}
		return out
	}
	defer func() {
		if p := recover(); p != nil {
			c = &laws.Counterexample{Bindings: bindings(), Message: fmt.Sprintf("panic: %v", p)}
			kind = casePanicked
		}
	}()
	lv, lerr := ev.eval(l.lhs, env)
	rv, rerr := ev.eval(l.rhs, env)
	switch {
	case lerr != nil && rerr != nil:
		return nil, caseDiscarded
	case lerr != nil || rerr != nil:
		return &laws.Counterexample{Bindings: bindings(), LHS: sideText(lv, lerr), RHS: sideText(rv, rerr), HasSides: true,
			Message: "one side is undefined and the other is not"}, caseFails
	case !eq.Equal(lv, rv):
		return &laws.Counterexample{Bindings: bindings(), LHS: lv, RHS: rv, HasSides: true, Diff: eq.Diff(lv, rv)}, caseFails
	}
	return nil, caseHolds
}

type undefined string

func (u undefined) String() string { return "undefined: " + string(u) }

func sideText(v any, err error) any {
	if err != nil {
		return undefined(strings.TrimPrefix(err.Error(), ErrUndefinedOp.Error()+": "))
	}
	return v
}

// instantiate returns the law's equation with its variables replaced by
// their values, as terms (for case files and reports).
func (l *Law) instantiate(env map[string]any) term.Equation {
	sub := func(t *term.Term) *term.Term {
		return term.Substitute(t, func(v string) (*term.Term, bool) { return term.Constant(env[v]), true })
	}
	return term.Equation{LHS: sub(l.Equation.LHS), RHS: sub(l.Equation.RHS)}
}
