package agent

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/poly"
)

// EqOption configures [Eq].
type EqOption func(*eqConfig)

type eqConfig struct {
	sequences, length, maxPairs int
	norm                        Normalisation
	seed                        uint64
}

// Sequences makes Eq compare the agents on n input sequences drawn at
// random (deterministically, from Seed) instead of exploring their state
// pairs.
func Sequences(n int) EqOption { return func(c *eqConfig) { c.sequences = max(n, 1) } }

// Length bounds the length of the input sequences Eq runs (default 8).
func Length(n int) EqOption { return func(c *eqConfig) { c.length = max(n, 1) } }

// MaxPairs bounds the number of pairs of states Eq explores (default 512).
func MaxPairs(n int) EqOption { return func(c *eqConfig) { c.maxPairs = max(n, 1) } }

// Normalised compares outputs under norm (default [Strict]).
func Normalised(norm Normalisation) EqOption { return func(c *eqConfig) { c.norm = norm } }

// Seed sets the seed of the sequences drawn with [Sequences] (default 1).
func Seed(s uint64) EqOption { return func(c *eqConfig) { c.seed = s } }

// Eq returns behavioural equality of agents: a and b are equal when, from
// their initial states, they have the same [Outcome] (outputs, normalised,
// and the step and kind of the first failure) on every input sequence of at
// most Length inputs, each input one of the small values ([SmallValues] of
// the agents' input type) that both accept in the states they have reached.
//
// By default Eq explores those sequences breadth first, merging the ones
// that lead both agents to the same pair of states, up to MaxPairs pairs:
// for agents with few states that is every sequence, so the comparison is
// exact up to Length, and a difference is reported on a shortest sequence.
// With [Sequences](n) it runs n sequences drawn at random instead. Its diff
// shows the sequence on which the agents differ.
//
// Eq is an equivalence on deterministic agents; beyond MaxPairs pairs or
// Length inputs it is a test, not a proof.
func Eq(opts ...EqOption) laws.Eq[poly.Agent] {
	c := eqConfig{length: 8, maxPairs: 512, norm: Strict, seed: 1}
	for _, o := range opts {
		o(&c)
	}
	name := fmt.Sprintf("behaviour on every sequence of %d inputs, up to %d state pairs (%s)", c.length, c.maxPairs, c.norm.Name)
	if c.sequences > 0 {
		name = fmt.Sprintf("behaviour on %d sequences of %d inputs (%s)", c.sequences, c.length, c.norm.Name)
	}
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

func (c eqConfig) compare(a, b poly.Agent) ([]poly.Value, Outcome, Outcome, bool) {
	if c.sequences > 0 {
		return c.sample(a, b)
	}
	return c.explore(a, b)
}

// explore walks the pairs of states a and b reach together, breadth
// first, on every input both accept, and returns a shortest sequence on
// which they differ.
func (c eqConfig) explore(a, b poly.Agent) ([]poly.Value, Outcome, Outcome, bool) {
	domain := inputDomain(a, b)
	type node struct {
		sa, sb poly.Value
		parent int // index in nodes, -1 for the start
		input  poly.Value
		depth  int
	}
	path := func(nodes []node, i int, last poly.Value) []poly.Value {
		var xs []poly.Value
		for ; i > 0; i = nodes[i].parent {
			xs = append(xs, nodes[i].input)
		}
		slices.Reverse(xs)
		return append(xs, last)
	}
	nodes := []node{{sa: a.Initial(), sb: b.Initial(), parent: -1}}
	seen := map[poly.Value]struct{}{poly.P(a.Initial(), b.Initial()): {}}
	for i := 0; i < len(nodes); i++ {
		n := nodes[i]
		da, db := a.DirectionsIn(n.sa), b.DirectionsIn(n.sb)
		for _, x := range domain {
			if !da.Accepts(x) || !db.Accepts(x) {
				continue
			}
			na, ya, ea := a.Invoke(n.sa, x)
			nb, yb, eb := b.Invoke(n.sb, x)
			if ea != nil || eb != nil {
				if failureKind(ea) != failureKind(eb) {
					return c.differ(a, b, path(nodes, i, x))
				}
				continue
			}
			if c.norm.Apply != nil {
				ya, yb = c.norm.Apply(ya), c.norm.Apply(yb)
			}
			if ya != yb {
				return c.differ(a, b, path(nodes, i, x))
			}
			if n.depth+1 >= c.length || len(nodes) >= c.maxPairs {
				continue
			}
			k := poly.P(na, nb)
			if _, ok := seen[k]; ok {
				continue
			}
			seen[k] = struct{}{}
			nodes = append(nodes, node{sa: na, sb: nb, parent: i, input: x, depth: n.depth + 1})
		}
	}
	return nil, Outcome{}, Outcome{}, true
}

// sample runs both agents on the configured number of random sequences.
// Both agents are stepped together, so each sequence costs one run of each.
func (c eqConfig) sample(a, b poly.Agent) ([]poly.Value, Outcome, Outcome, bool) {
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
