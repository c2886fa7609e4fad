package agent

import (
	"errors"
	"fmt"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/poly"
)

// MaxInputs is the length bound of the input sequences the laws draw.
const MaxInputs = 6

// maxVariadic is the most agents the variadic laws compose.
const maxVariadic = 4

var outcomeEq = laws.EqFunc("same outcome", Outcome.Equal).WithDiff(func(a, b Outcome) string {
	if a.Equal(b) {
		return ""
	}
	return fmt.Sprintf("-%s\n+%s\n", a, b)
})

// behaviourLaw is an equation between two agents, compared by running both
// on the same drawn input sequence.
func behaviourLaw(name, equation string, norm Normalisation, sides func(d *laws.Draws) (lhs, rhs poly.Agent, xs []poly.Value)) laws.Law {
	return laws.Equation(name, equation, outcomeEq, func(d *laws.Draws) (Outcome, Outcome) {
		l, r, xs := sides(d)
		return Behaviour(l, xs, norm), Behaviour(r, xs, norm)
	})
}

func drawType(d *laws.Draws, name string) poly.Type { return laws.Draw(d, name, Types()) }

func drawAgent(d *laws.Draws, name string, in, out poly.Type) poly.Agent {
	return laws.Draw(d, name, Agents(in, out))
}

func drawInputs(d *laws.Draws, a poly.Agent, t poly.Type) []poly.Value {
	return laws.Draw(d, "inputs", Inputs(a, t, MaxInputs))
}

// LawSet returns the laws of the agent operad implemented by ops, each
// checked by running both sides on a drawn input sequence (of at most
// MaxInputs inputs that the side named in the law accepts) and comparing
// outputs and failures. Agents are drawn at drawn types (X, Y, …) with
// [Agents], so a counterexample shows small tables and a short sequence.
//
// What holds, exactly:
//
//	seq_associativity        seq(seq(a, b), c) = seq(a, seq(b, c))                      all agents
//	seq_left_identity        seq(id, a) = a, on inputs a accepts                        all agents
//	seq_right_identity       seq(a, id) = a                                              all agents
//	par_associativity        par(par(a, b), c) = par(a, par(b, c)) up to reassociation   all agents (strictly false)
//	par_left_projection      seq(par(a, b), fst()) = a, on inputs both accept            all agents
//	par_right_projection     seq(par(a, b), snd()) = b                                   all agents
//	branch_true              branch(true, a, b) = a                                      all agents
//	branch_false             branch(false, a, b) = b                                     all agents
//	branch_negation          branch(p, a, b) = branch(seq(p, not()), b, a)               all agents
//	branch_idempotence       branch(p, a, a) = a                                         stateless a only
//	trace_transparent        trace(a) = a                                                all agents
//	trace_records_each_step  one record per step, in order, with its states and values  all agents
//	fix_postcondition        each output of fix(p, f) satisfies p, or the bound is reported  stateless p
//	fix_unrolling            fix_N(p, f)(x) = f(x) if p(f(x)) else fix_{N-1}(p, f)(f(x)) all agents
//	fix_true                 fix(true, f) = f                                            all agents
//	seq_variadic             seq(a1, …, an) = seq(…seq(a1, a2)…, an), seq() = id        all agents
//	par_variadic             par(a1, …, an) = par(a1, par(a2, … an)), par() = unit()     all agents
//
// branch(p, a, a) = a is false for a stateful a, because each arm keeps
// its own state; the package tests show the counterexample.
func LawSet(ops Ops) laws.LawSet {
	trueP := func(in poly.Type) poly.Agent { return poly.Constant(poly.Bool(true)).WithType(in, poly.TBool) }
	falseP := func(in poly.Type) poly.Agent { return poly.Constant(poly.Bool(false)).WithType(in, poly.TBool) }
	return laws.NewLawSet("AgentOperad", nil,
		behaviourLaw("seq_associativity", "seq(seq(a, b), c) = seq(a, seq(b, c))", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x, y, z, w := drawType(d, "X"), drawType(d, "Y"), drawType(d, "Z"), drawType(d, "W")
			a, b, c := drawAgent(d, "a", x, y), drawAgent(d, "b", y, z), drawAgent(d, "c", z, w)
			return ops.Seq(ops.Seq(a, b), c), ops.Seq(a, ops.Seq(b, c)), drawInputs(d, a, x)
		}),
		behaviourLaw("seq_left_identity", "seq(id(), a) = a, on inputs a accepts", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x, y := drawType(d, "X"), drawType(d, "Y")
			a := drawAgent(d, "a", x, y)
			return ops.Seq(ops.Identity(), a), a, drawInputs(d, a, x)
		}),
		behaviourLaw("seq_right_identity", "seq(a, id()) = a", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x, y := drawType(d, "X"), drawType(d, "Y")
			a := drawAgent(d, "a", x, y)
			return ops.Seq(a, ops.Identity()), a, drawInputs(d, a, x)
		}),
		behaviourLaw("par_associativity", "par(par(a, b), c) = par(a, par(b, c)), up to reassociation of pairs", UpToReassociation, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x := drawType(d, "X")
			a, b, c := drawAgent(d, "a", x, drawType(d, "Y")), drawAgent(d, "b", x, drawType(d, "Z")), drawAgent(d, "c", x, drawType(d, "W"))
			lhs := ops.Par(ops.Par(a, b), c)
			return lhs, ops.Par(a, ops.Par(b, c)), drawInputs(d, lhs, x)
		}),
		behaviourLaw("par_left_projection", "seq(par(a, b), fst()) = a, on inputs both accept", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x := drawType(d, "X")
			a, b := drawAgent(d, "a", x, drawType(d, "Y")), drawAgent(d, "b", x, drawType(d, "Z"))
			p := ops.Par(a, b)
			return ops.Seq(p, Fst()), a, drawInputs(d, p, x)
		}),
		behaviourLaw("par_right_projection", "seq(par(a, b), snd()) = b, on inputs both accept", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x := drawType(d, "X")
			a, b := drawAgent(d, "a", x, drawType(d, "Y")), drawAgent(d, "b", x, drawType(d, "Z"))
			p := ops.Par(a, b)
			return ops.Seq(p, Snd()), b, drawInputs(d, p, x)
		}),
		behaviourLaw("branch_true", "branch(true, a, b) = a", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x, y := drawType(d, "X"), drawType(d, "Y")
			a, b := drawAgent(d, "a", x, y), drawAgent(d, "b", x, y)
			return ops.Branch(trueP(x), a, b), a, drawInputs(d, a, x)
		}),
		behaviourLaw("branch_false", "branch(false, a, b) = b", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x, y := drawType(d, "X"), drawType(d, "Y")
			a, b := drawAgent(d, "a", x, y), drawAgent(d, "b", x, y)
			return ops.Branch(falseP(x), a, b), b, drawInputs(d, b, x)
		}),
		behaviourLaw("branch_negation", "branch(p, a, b) = branch(seq(p, not()), b, a)", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x, y := drawType(d, "X"), drawType(d, "Y")
			p := drawAgent(d, "p", x, poly.TBool)
			a, b := drawAgent(d, "a", x, y), drawAgent(d, "b", x, y)
			lhs := ops.Branch(p, a, b)
			return lhs, ops.Branch(ops.Seq(p, Not()), b, a), drawInputs(d, lhs, x)
		}),
		behaviourLaw("branch_idempotence", "branch(p, a, a) = a, for a stateless a", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x, y := drawType(d, "X"), drawType(d, "Y")
			p := drawAgent(d, "p", x, poly.TBool)
			a := laws.Draw(d, "a", Stateless(x, y))
			lhs := ops.Branch(p, a, a)
			return lhs, a, drawInputs(d, lhs, x)
		}),
		behaviourLaw("trace_transparent", "trace(a) = a", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x, y := drawType(d, "X"), drawType(d, "Y")
			a := drawAgent(d, "a", x, y)
			return ops.Trace(a, &Counter{}), a, drawInputs(d, a, x)
		}),
		laws.Property("trace_records_each_step", "running trace(a) records one step per step taken, in order: its states, input and output", func(d *laws.Draws) error {
			x, y := drawType(d, "X"), drawType(d, "Y")
			a := drawAgent(d, "a", x, y)
			xs := drawInputs(d, a, x)
			rec := &Recorder{}
			if _, err := ops.Trace(a, rec).Run(xs...); err != nil {
				return fmt.Errorf("trace(a) failed on inputs a accepts: %v", err)
			}
			steps := rec.Steps()
			if len(steps) != len(xs) {
				return fmt.Errorf("%d steps taken, %d recorded: %v", len(xs), len(steps), steps)
			}
			s := a.Initial()
			for i, st := range steps {
				next, out, err := a.Invoke(s, xs[i])
				if err != nil {
					return err
				}
				want := Step{Agent: a.Name(), From: s, Input: xs[i], Output: out, To: next}
				if st != want {
					return fmt.Errorf("record %d is %s, want %s", i, st, want)
				}
				s = next
			}
			return nil
		}),
		laws.Property("fix_postcondition", "every output y of fix(p, f) satisfies p(y), or the step reports the bound (stateless p)", func(d *laws.Draws) error {
			x := drawType(d, "X")
			p := laws.Draw(d, "p", Stateless(x, poly.TBool))
			f := drawAgent(d, "f", x, x)
			xs := drawInputs(d, f, x)
			n := laws.Draw(d, "N", generators.IntRange(1, 4))
			fx := ops.Fix(n, p, f)
			s := fx.Initial()
			for i, in := range xs {
				next, y, err := fx.Invoke(s, in)
				if err != nil {
					if isBound(err) {
						return nil
					}
					return fmt.Errorf("step %d on %s: %v", i, in, err)
				}
				_, c, err := p.Invoke(p.Initial(), y)
				if err != nil {
					return fmt.Errorf("step %d: p refuses the output %s: %v", i, y, err)
				}
				if !poly.Truthy(c) {
					return fmt.Errorf("step %d: input %s, output %s, p(%s) = %s and no bound was reported", i, in, y, y, c)
				}
				s = next
			}
			return nil
		}),
		laws.Property("fix_unrolling", "fix_N(p, f)(x) = f(x) if p(f(x)) else fix_{N-1}(p, f)(f(x)), from the states reached", func(d *laws.Draws) error {
			x := drawType(d, "X")
			p := drawAgent(d, "p", x, poly.TBool)
			f := drawAgent(d, "f", x, x)
			n := laws.Draw(d, "N", generators.IntRange(1, 4))
			in := laws.Draw(d, "x", generators.Map(generators.IntRange(0, len(SmallValues(x))-1), func(i int) poly.Value { return SmallValues(x)[i] }))
			lhs := ops.Fix(n, p, f)
			_, got, lerr := lhs.Invoke(lhs.Initial(), in)
			// the right side, one iteration by hand
			sf, y, err := f.Invoke(f.Initial(), in)
			if err != nil {
				return fmt.Errorf("f refuses %s: %v", in, err)
			}
			sp, c, err := p.Invoke(p.Initial(), y)
			if err != nil {
				return fmt.Errorf("p refuses %s: %v", y, err)
			}
			var want poly.Value
			var rerr error
			switch {
			case poly.Truthy(c):
				want = y
			case n == 1:
				rerr = ErrBound
			default:
				_, want, rerr = ops.Fix(n-1, p, f).Invoke(poly.P(sp, sf), y)
			}
			switch {
			case isBound(lerr) && isBound(rerr):
				return nil
			case lerr != nil || rerr != nil:
				return fmt.Errorf("lhs %v (%v), rhs %v (%v)", poly.Format(got), lerr, poly.Format(want), rerr)
			case got != want:
				return fmt.Errorf("lhs %s, rhs %s", got, want)
			}
			return nil
		}),
		behaviourLaw("fix_true", "fix(true, f) = f", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x := drawType(d, "X")
			f := drawAgent(d, "f", x, x)
			return ops.Fix(DefaultFixBound, trueP(x), f), f, drawInputs(d, f, x)
		}),
		behaviourLaw("seq_variadic", "seq(a1, …, an) = seq(…seq(a1, a2)…, an), seq() = id(), seq(a) = a", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			// n is drawn after the agents, so that shrinking it drops
			// agents without moving the choices of the others.
			t := drawType(d, "T0")
			in := t
			all := make([]poly.Agent, maxVariadic)
			for i := range all {
				u := drawType(d, fmt.Sprintf("T%d", i+1))
				all[i] = drawAgent(d, fmt.Sprintf("a%d", i+1), t, u)
				t = u
			}
			as := all[:laws.Draw(d, "n", generators.IntRange(0, maxVariadic))]
			fold := ops.Identity()
			if len(as) > 0 {
				fold = as[0]
				for _, a := range as[1:] {
					fold = ops.Seq(fold, a)
				}
			}
			return ops.SeqN(as...), fold, drawInputs(d, fold, in)
		}),
		behaviourLaw("par_variadic", "par(a1, …, an) = par(a1, par(a2, … an)), par() = unit(), par(a) = a", Strict, func(d *laws.Draws) (poly.Agent, poly.Agent, []poly.Value) {
			x := drawType(d, "X")
			all := make([]poly.Agent, maxVariadic)
			for i := range all {
				all[i] = drawAgent(d, fmt.Sprintf("a%d", i+1), x, drawType(d, fmt.Sprintf("Y%d", i+1)))
			}
			as := all[:laws.Draw(d, "n", generators.IntRange(0, maxVariadic))]
			n := len(as)
			fold := poly.Constant(poly.Unit{})
			if n > 0 {
				fold = as[n-1]
				for i := n - 2; i >= 0; i-- {
					fold = ops.Par(as[i], fold)
				}
			}
			return ops.ParN(as...), fold, drawInputs(d, fold, x)
		}),
	)
}

func isBound(err error) bool {
	return errors.Is(err, ErrBound)
}
