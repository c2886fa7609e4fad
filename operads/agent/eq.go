package agent

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/poly"
)

// EqOption configures [Eq].
type EqOption func(*eqConfig)

type eqConfig struct {
	sequences, length int
	norm              Normalisation
	seed              uint64
}

// Sequences sets the number of input sequences Eq runs (default 16).
func Sequences(n int) EqOption { return func(c *eqConfig) { c.sequences = max(n, 1) } }

// Length sets the length of each input sequence (default 8).
func Length(n int) EqOption { return func(c *eqConfig) { c.length = max(n, 1) } }

// Normalised compares outputs under norm (default [Strict]).
func Normalised(norm Normalisation) EqOption { return func(c *eqConfig) { c.norm = norm } }

// Seed sets the seed of Eq's input sequences (default 1). Eq is
// deterministic: the same agents are compared on the same sequences.
func Seed(s uint64) EqOption { return func(c *eqConfig) { c.seed = s } }

// Eq returns behavioural equality of agents: a and b are equal when, from
// their initial states, they have the same [Outcome] (outputs, normalised,
// and the step and kind of the first failure) on each of a number of
// input sequences. Each input is drawn, deterministically, among the
// small values ([SmallValues] of the agents' declared input type) that
// both agents accept in their current states; a sequence ends early when
// none is accepted by both or when a side fails. Its diff shows the first
// sequence on which they differ.
//
// Eq is an equivalence on the agents it is used with, as long as they are
// deterministic; it is a test on finitely many sequences, not a proof.
func Eq(opts ...EqOption) laws.Eq[poly.Agent] {
	c := eqConfig{sequences: 16, length: 8, norm: Strict, seed: 1}
	for _, o := range opts {
		o(&c)
	}
	name := fmt.Sprintf("behaviour on %d sequences of %d inputs (%s)", c.sequences, c.length, c.norm.Name)
	return laws.EqFunc(name, func(a, b poly.Agent) bool {
		_, _, _, ok := c.compare(a, b)
		return ok
	}).WithDiff(func(a, b poly.Agent) string {
		xs, oa, ob, ok := c.compare(a, b)
		if ok {
			return ""
		}
		return fmt.Sprintf("inputs %s:\n-%s\n+%s\n", formatValues(xs), oa, ob)
	})
}

func formatValues(xs []poly.Value) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = poly.Format(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// compare runs both agents on the configured sequences and returns the
// shortest prefix of the first sequence on which they differ. Both agents
// are stepped together, so each sequence costs one run of each.
func (c eqConfig) compare(a, b poly.Agent) ([]poly.Value, Outcome, Outcome, bool) {
	domain := inputDomain(a, b)
	rng := rand.New(rand.NewPCG(c.seed, uint64(c.length)))
	cs := make([]poly.Value, 0, len(domain))
	xs := make([]poly.Value, 0, c.length)
	for range c.sequences {
		xs = xs[:0]
		sa, sb := a.Initial(), b.Initial()
		for range c.length {
			cs = cs[:0]
			da, db := a.DirectionsIn(sa), b.DirectionsIn(sb)
			for _, v := range domain {
				if da.Accepts(v) && db.Accepts(v) {
					cs = append(cs, v)
				}
			}
			if len(cs) == 0 {
				break
			}
			x := cs[rng.IntN(len(cs))]
			xs = append(xs, x)
			na, ya, ea := a.Invoke(sa, x)
			nb, yb, eb := b.Invoke(sb, x)
			if ea != nil || eb != nil {
				if failureKind(ea) != failureKind(eb) {
					return c.differ(a, b, xs)
				}
				break
			}
			if c.norm.Apply != nil {
				ya, yb = c.norm.Apply(ya), c.norm.Apply(yb)
			}
			if ya != yb {
				return c.differ(a, b, xs)
			}
			sa, sb = na, nb
		}
	}
	return nil, Outcome{}, Outcome{}, true
}

// differ returns the outcomes of a and b on xs, on which they differ.
func (c eqConfig) differ(a, b poly.Agent, xs []poly.Value) ([]poly.Value, Outcome, Outcome, bool) {
	xs = append([]poly.Value(nil), xs...)
	return xs, Behaviour(a, xs, c.norm), Behaviour(b, xs, c.norm), false
}
