// Package covenantlaws registers the algebra of covenant terms with the
// laws registry and exports the generators and law sets it is checked with.
//
// Importing it (for its side effect, as the lawcheck CLI does) registers
// the instance "covenant.Terms" with these law sets:
//
//	BoundedSemilattice (laws/), with Meet as the operation and Top as the
//	identity: associativity, commutativity, idempotence, left and right
//	identity;
//	CovenantTerms, on top of it:
//	  bottom_absorbs          x ∧ ⊥ = ⊥
//	  allows_homomorphism     Allows(x ∧ y, r) = Allows(x, r) && Allows(y, r)
//	  attenuation_restricts   Allows(x·α, r) ⇒ Allows(x, r), and x·α ∧ x = x·α
//	  attenuations_commute    (x·α)·β = (x·β)·α
//
// where x·α is x.Attenuate(α). The package covenant itself does not import
// laws/: its hot path stays free of test engines.
package covenantlaws

import (
	"fmt"
	"time"

	"github.com/kgents/kgents-core/covenant"
	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// Instance is the name under which the terms algebra is registered.
const Instance = "covenant.Terms"

func init() {
	laws.Register(Instance, LawSets(covenant.Meet)...)
}

// The generators draw from small alphabets so that collisions (shared
// operations, overlapping handle patterns, two gates on one trigger) are
// common: that is where meets are interesting.
var (
	ops      = []string{"a", "b", "c", "d"}
	patterns = []string{"*", "a*", "a.*", "a.b", "a.b.*", "ab", "b.*", "b.c", "x"}
	handles  = []string{"a", "a.b", "a.b.c", "ab", "abc", "b", "b.c", "x", "y"}
	t0       = time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC)
	times    = []time.Time{t0, t0.Add(time.Minute), t0.Add(time.Hour)}
	dims     = []covenant.Dimension{covenant.Tokens, covenant.Operations, covenant.Time, covenant.Capital, covenant.Entropy}
)

// intn draws an integer in [lo, hi], shrinking towards lo.
func intn(s *generators.Source, lo, hi int) int { return lo + int(s.Choose(uint64(hi-lo))) }

func pick[T any](s *generators.Source, from []T) T { return from[intn(s, 0, len(from)-1)] }

func subset[T any](s *generators.Source, from []T) []T {
	var out []T
	for _, x := range from {
		if s.Bool() {
			out = append(out, x)
		}
	}
	return out
}

func drawGate(s *generators.Source) covenant.ReviewGate {
	return covenant.ReviewGate{
		Trigger:     pick(s, ops),
		Description: pick(s, []string{"", "review", "look"}),
		Threshold:   intn(s, 0, 4),
		Timeout:     time.Duration(intn(s, 0, 3)) * time.Minute,
		Fallback:    covenant.Fallback(intn(s, 0, 2)),
	}
}

func drawBudget(s *generators.Source) covenant.Budget {
	b := covenant.Unlimited()
	for _, d := range dims {
		if intn(s, 0, 2) == 1 {
			b = b.With(d, int64(intn(s, 0, 5)))
		}
	}
	return b
}

// DescribedAttenuation is a generated covenant.Attenuation with a
// description, which failure reports print.
type DescribedAttenuation struct {
	covenant.Attenuation
	Desc string
}

// String returns the attenuation's description, as a counterexample prints it.
func (a DescribedAttenuation) String() string { return a.Desc }

func drawAttenuation(s *generators.Source) DescribedAttenuation {
	switch intn(s, 0, 5) {
	case 0:
		names := subset(s, ops)
		return DescribedAttenuation{covenant.Only(names...), fmt.Sprintf("Only%q", names)}
	case 1:
		names := subset(s, ops)
		return DescribedAttenuation{covenant.Without(names...), fmt.Sprintf("Without%q", names)}
	case 2:
		ps := subset(s, patterns)
		return DescribedAttenuation{covenant.OnlyHandles(ps...), fmt.Sprintf("OnlyHandles%q", ps)}
	case 3:
		b := drawBudget(s)
		return DescribedAttenuation{covenant.CapBudget(b), "CapBudget(" + b.String() + ")"}
	case 4:
		t := pick(s, times)
		return DescribedAttenuation{covenant.ExpireBy(t), "ExpireBy(" + t.Format(time.TimeOnly) + ")"}
	default:
		g := drawGate(s)
		return DescribedAttenuation{covenant.AddGate(g), fmt.Sprintf("AddGate(%+v)", g)}
	}
}

// Attenuations generates single attenuations of every kind.
func Attenuations() generators.Gen[DescribedAttenuation] {
	return generators.Custom("covenant.Attenuation", drawAttenuation)
}

// Terms generates terms: Top, Bottom, or Top restricted by one to four
// attenuations, which reaches every shape the package can build.
func Terms() generators.Gen[covenant.Terms] {
	return generators.Custom("covenant.Terms", func(s *generators.Source) covenant.Terms {
		switch intn(s, 0, 9) {
		case 0:
			return covenant.Top()
		case 1:
			return covenant.Bottom()
		}
		as := make([]covenant.Attenuation, intn(s, 1, 4))
		for i := range as {
			as[i] = drawAttenuation(s).Attenuation
		}
		t, err := covenant.Top().Attenuate(as...)
		if err != nil {
			panic(err) // generated gates are valid
		}
		return t
	})
}

// Requests generates requests over the same alphabets, including negative
// spends, requests without a handle, and instants around the expiries.
func Requests() generators.Gen[covenant.Request] {
	return generators.Custom("covenant.Request", func(s *generators.Source) covenant.Request {
		r := covenant.Request{
			Op:         pick(s, ops),
			At:         pick(s, append([]time.Time{t0.Add(-time.Hour), t0.Add(2 * time.Hour)}, times...)),
			Occurrence: intn(s, 0, 5),
			Spend: covenant.Amounts{Tokens: int64(intn(s, 0, 6)), Operations: int64(intn(s, 0, 6)),
				Time: time.Duration(intn(s, 0, 6)), Capital: int64(intn(s, 0, 6)), Entropy: int64(intn(s, -1, 6))},
		}
		if s.Bool() {
			r.Handle = pick(s, handles)
		}
		return r
	})
}

// TermsEq is the equality of terms, [covenant.Terms.Equal], as the laws use it.
var TermsEq = laws.EqFunc("Terms.Equal", func(a, b covenant.Terms) bool { return a.Equal(b) })

// LawSets returns the law sets of the terms algebra with meet as its
// operation: pass covenant.Meet for the real instance, or another function
// to see which laws it breaks.
func LawSets(meet func(a, b covenant.Terms) covenant.Terms) []laws.LawSet {
	terms, reqs, atts := Terms(), Requests(), Attenuations()
	bools := laws.Comparable[bool]()
	bounded := laws.BoundedSemilatticeLaws(laws.MonoidOf(covenant.Top(), meet), terms, TermsEq)
	attenuate := func(t covenant.Terms, a DescribedAttenuation) covenant.Terms {
		out, err := t.Attenuate(a.Attenuation)
		if err != nil {
			panic(err)
		}
		return out
	}
	own := laws.NewLawSet("CovenantTerms", []laws.LawSet{bounded},
		laws.Equation("bottom_absorbs", "x ∧ ⊥ = ⊥", TermsEq, func(d *laws.Draws) (covenant.Terms, covenant.Terms) {
			x := laws.Draw(d, "x", terms)
			return meet(x, covenant.Bottom()), covenant.Bottom()
		}),
		laws.Equation("allows_homomorphism", "Allows(x ∧ y, r) = Allows(x, r) && Allows(y, r)", bools,
			func(d *laws.Draws) (bool, bool) {
				x, y, r := laws.Draw(d, "x", terms), laws.Draw(d, "y", terms), laws.Draw(d, "r", reqs)
				return covenant.Allows(meet(x, y), r), covenant.Allows(x, r) && covenant.Allows(y, r)
			}),
		laws.Property("attenuation_restricts", "Allows(x·α, r) ⇒ Allows(x, r), and x·α ∧ x = x·α", func(d *laws.Draws) error {
			x, a, r := laws.Draw(d, "x", terms), laws.Draw(d, "α", atts), laws.Draw(d, "r", reqs)
			xa := attenuate(x, a)
			if covenant.Allows(xa, r) && !covenant.Allows(x, r) {
				return fmt.Errorf("x·α allows r but x does not")
			}
			if m := meet(xa, x); !m.Equal(xa) {
				return fmt.Errorf("x·α is not below x: x·α ∧ x = %v, x·α = %v", m, xa)
			}
			return nil
		}),
		laws.Equation("attenuations_commute", "(x·α)·β = (x·β)·α", TermsEq, func(d *laws.Draws) (covenant.Terms, covenant.Terms) {
			x, a, b := laws.Draw(d, "x", terms), laws.Draw(d, "α", atts), laws.Draw(d, "β", atts)
			return attenuate(attenuate(x, a), b), attenuate(attenuate(x, b), a)
		}),
	)
	return []laws.LawSet{own}
}
