// Package tracelaws registers the algebra of trace ledgers with the laws
// registry and exports the generators and law sets it is checked with.
//
// Importing it (for its side effect) registers these instances:
//
//	trace.Concat     PartialMonoid: Concat with the empty ledger as identity;
//	                 left and right identity, and associativity where one side
//	                 is undefined exactly when the other is
//	trace.Len        PartialMonoidMorphism to (int, +, 0)
//	trace.IDs        PartialMonoidMorphism to ([]string, ++, [])
//	trace.ChainHead  MonoidAction: ledgers act on chain heads by chaining
//	                 their digests; act(h, e) = h, act(act(h, x), y) =
//	                 act(h, x·y), Head(x) = act(0, x)
//	trace.Union      BoundedSemilattice (laws/): Union with the empty ledger
//	                 as bottom, on ledgers of agents that share one history;
//	                 plus digests_preserved
//	trace.Ledger     Causality: on arbitrary submissions (valid or not),
//	                 every stored trace link points to an earlier, strictly
//	                 older node; navigation agrees in both directions;
//	                 Ancestors is the transitive closure of Parents and the
//	                 mirror of Descendants
//
// laws/ ships total structures only, so the partial ones (PartialMonoid,
// PartialMonoidMorphism, MonoidAction, Causality) are built here from
// laws.PartialEquation, laws.Equation and laws.Property. Package trace itself
// does not import laws/.
package tracelaws

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/trace"
)

func init() {
	ledgers := Ledgers()
	laws.Register("trace.Concat", PartialMonoidLaws(trace.NewLedger, trace.Concat, ledgers, SameSequence))
	laws.Register("trace.Len", PartialMonoidMorphismLaws("Len", (*trace.Ledger).Len, trace.NewLedger, trace.Concat,
		0, func(x, y int) int { return x + y }, ledgers, laws.Comparable[int]()))
	laws.Register("trace.IDs", PartialMonoidMorphismLaws("IDs", (*trace.Ledger).IDs, trace.NewLedger, trace.Concat,
		[]string{}, func(x, y []string) []string { return append(slices.Clone(x), y...) }, ledgers,
		laws.EqFunc("slices.Equal", func(a, b []string) bool { return slices.Equal(a, b) })))
	laws.Register("trace.ChainHead", ChainActionLaws(Act, ledgers))
	laws.Register("trace.Union", UnionLaws(MustUnion))
	laws.Register("trace.Ledger", CausalityLaws(func(nodes []*trace.TraceNode) Store {
		l := trace.NewLedger()
		for _, n := range nodes {
			_ = l.Append(n) // refused submissions leave no trace
		}
		return l
	}))
}

var t0 = time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)

func at(us int) time.Time { return t0.Add(time.Duration(us) * time.Microsecond) }

func intn(s *generators.Source, lo, hi int) int { return lo + int(s.Choose(uint64(hi-lo))) }

func pick[T any](s *generators.Source, from []T) T { return from[intn(s, 0, len(from)-1)] }

var (
	origins   = []string{"witness", "logos", "brain"}
	plans     = []string{"plans/p.md", "notes.md"}
	phases    = []trace.Phase{"", trace.PhaseSense, trace.PhaseCrossSynergize, trace.PhaseQA}
	relations = []trace.LinkRelation{trace.Causes, trace.Continues, trace.Branches, trace.Fulfills}
)

// Ledgers generates valid ledgers of up to five nodes whose ids come from a
// pool of 24 shared by all ledgers, so that two generated ledgers often share
// an id (and their Concat is undefined) and often do not. Timestamps come
// from a small range, so ledgers interleave in time.
func Ledgers() generators.Gen[*trace.Ledger] {
	return generators.Custom("trace.Ledgers", func(s *generators.Source) *trace.Ledger {
		l := trace.NewLedger()
		var nodes []*trace.TraceNode
		for range intn(s, 0, 5) {
			id := fmt.Sprint("trace-", intn(s, 0, 23))
			for l.Contains(id) {
				id += "b"
			}
			ts := intn(s, 0, 40)
			f := trace.Fields{ID: id, Origin: pick(s, origins), Timestamp: at(ts), Phase: pick(s, phases)}
			for range intn(s, 0, 2) {
				rel := pick(s, relations)
				if s.Bool() || len(nodes) == 0 {
					f.Links = append(f.Links, trace.NewLink(pick(s, plans), id, rel, nil))
					continue
				}
				src := nodes[intn(s, 0, len(nodes)-1)]
				if !src.Timestamp().Before(at(ts)) {
					continue
				}
				f.Links = append(f.Links, trace.NewLink(src.ID(), id, rel, nil))
			}
			n := trace.New(f)
			if err := l.Append(n); err != nil {
				panic("tracelaws: generated an invalid ledger: " + err.Error())
			}
			nodes = append(nodes, n)
		}
		return l
	})
}

// SameSequence is equality of ledgers as sequences: the same nodes (by id
// and digest) in the same order.
var SameSequence = laws.EqFunc("same node sequence", func(a, b *trace.Ledger) bool {
	return slices.Equal(a.IDs(), b.IDs()) && slices.Equal(a.Digests(), b.Digests())
}).WithDiff(func(a, b *trace.Ledger) string {
	return fmt.Sprintf("ids %v\n vs %v", a.IDs(), b.IDs())
})

// SameNodes is equality of ledgers as sets of nodes (by id and digest).
var SameNodes = laws.EqFunc("same node set", func(a, b *trace.Ledger) bool {
	return slices.Equal(nodeSet(a), nodeSet(b))
}).WithDiff(func(a, b *trace.Ledger) string {
	return fmt.Sprintf("nodes %v\n   vs %v", nodeSet(a), nodeSet(b))
})

func nodeSet(l *trace.Ledger) []string {
	ids, ds := l.IDs(), l.Digests()
	out := make([]string, len(ids))
	for i := range ids {
		out[i] = ids[i] + "@" + ds[i].String()[:8]
	}
	slices.Sort(out)
	return out
}

// ledgerString prints a ledger in failure reports.
func ledgerString(l *trace.Ledger) string {
	var b strings.Builder
	b.WriteString("[")
	for i, n := range l.Nodes() {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s@%d", n.ID(), n.Timestamp().Sub(t0).Microseconds())
		for k := range n.NumLinks() {
			fmt.Fprintf(&b, "<-%s", n.Link(k).Source())
		}
	}
	b.WriteString("]")
	return b.String()
}

// drawLedger draws a ledger bound to name; reports print it with ledgerString.
func drawLedger(d *laws.Draws, name string, g generators.Gen[*trace.Ledger]) *trace.Ledger {
	return laws.Draw(d, name, generators.Map(g, func(l *trace.Ledger) PrintedLedger { return PrintedLedger{l} })).Ledger
}

// PartialMonoidLaws checks that c is a partial monoid with identity e():
// e·x = x, x·e = x, and (x·y)·z = x·(y·z) where each side is undefined (an
// error) exactly when the other is.
func PartialMonoidLaws(e func() *trace.Ledger, c func(x, y *trace.Ledger) (*trace.Ledger, error),
	gen generators.Gen[*trace.Ledger], eq laws.Eq[*trace.Ledger]) laws.LawSet {
	weq := laws.EqFunc(eq.String(), func(a, b PrintedLedger) bool { return eq.Equal(a.Ledger, b.Ledger) }).
		WithDiff(func(a, b PrintedLedger) string { return eq.Diff(a.Ledger, b.Ledger) })
	side := func(r *trace.Ledger, err error) laws.Side[PrintedLedger] { return laws.SideOf(PrintedLedger{r}, err) }
	then := func(s laws.Side[PrintedLedger], f func(*trace.Ledger) (*trace.Ledger, error)) laws.Side[PrintedLedger] {
		if s.Err != nil {
			return s
		}
		return side(f(s.Value.Ledger))
	}
	return laws.NewLawSet("PartialMonoid", nil,
		laws.PartialEquation("left_identity", "e·x = x", weq, func(d *laws.Draws) (laws.Side[PrintedLedger], laws.Side[PrintedLedger]) {
			x := drawLedger(d, "x", gen)
			return side(c(e(), x)), side(x, nil)
		}),
		laws.PartialEquation("right_identity", "x·e = x", weq, func(d *laws.Draws) (laws.Side[PrintedLedger], laws.Side[PrintedLedger]) {
			x := drawLedger(d, "x", gen)
			return side(c(x, e())), side(x, nil)
		}),
		laws.PartialEquation("associativity", "(x·y)·z = x·(y·z), both undefined or both defined", weq,
			func(d *laws.Draws) (laws.Side[PrintedLedger], laws.Side[PrintedLedger]) {
				x, y, z := drawLedger(d, "x", gen), drawLedger(d, "y", gen), drawLedger(d, "z", gen)
				lhs := then(side(c(x, y)), func(xy *trace.Ledger) (*trace.Ledger, error) { return c(xy, z) })
				rhs := then(side(c(y, z)), func(yz *trace.Ledger) (*trace.Ledger, error) { return c(x, yz) })
				return lhs, rhs
			}),
	)
}

// PartialMonoidMorphismLaws checks that f maps the partial monoid (empty,
// combine) homomorphically into the monoid (unit, op): f(e) = unit, and
// f(x·y) = f(x) ∘ f(y) wherever x·y is defined.
func PartialMonoidMorphismLaws[B any](name string, f func(*trace.Ledger) B, empty func() *trace.Ledger,
	combine func(x, y *trace.Ledger) (*trace.Ledger, error), unit B, op func(x, y B) B,
	gen generators.Gen[*trace.Ledger], eq laws.Eq[B]) laws.LawSet {
	return laws.NewLawSet("PartialMonoidMorphism", nil,
		laws.Equation("preserves_identity", name+"(e) = e", eq, func(d *laws.Draws) (B, B) {
			return f(empty()), unit
		}),
		laws.PartialEquation("preserves_operation", name+"(x·y) = "+name+"(x)∘"+name+"(y) where x·y is defined", eq,
			func(d *laws.Draws) (laws.Side[B], laws.Side[B]) {
				x, y := drawLedger(d, "x", gen), drawLedger(d, "y", gen)
				xy, err := combine(x, y)
				if err != nil {
					d.Discard("x·y undefined")
					return laws.Side[B]{}, laws.Side[B]{}
				}
				return laws.SideOf(f(xy), nil), laws.SideOf(op(f(x), f(y)), nil)
			}),
	)
}

// Act is the action of ledgers on chain heads: it chains the digests of l's
// nodes onto h.
func Act(h trace.Digest, l *trace.Ledger) trace.Digest { return trace.ChainHead(h, l.Digests()...) }

// Heads generates chain heads: zero, or the head of a generated ledger.
func Heads() generators.Gen[trace.Digest] {
	return generators.Map(Ledgers(), func(l *trace.Ledger) trace.Digest { return l.Head() })
}

// ChainActionLaws checks that act is a monoid action of (ledgers, Concat, e)
// on chain heads, and that a ledger's head is its action on the zero head.
func ChainActionLaws(act func(trace.Digest, *trace.Ledger) trace.Digest, gen generators.Gen[*trace.Ledger]) laws.LawSet {
	eq := laws.Comparable[trace.Digest]()
	heads := Heads()
	return laws.NewLawSet("MonoidAction", nil,
		laws.Equation("identity", "act(h, e) = h", eq, func(d *laws.Draws) (trace.Digest, trace.Digest) {
			h := laws.Draw(d, "h", heads)
			return act(h, trace.NewLedger()), h
		}),
		laws.PartialEquation("compatibility", "act(act(h, x), y) = act(h, x·y) where x·y is defined", eq,
			func(d *laws.Draws) (laws.Side[trace.Digest], laws.Side[trace.Digest]) {
				h := laws.Draw(d, "h", heads)
				x, y := drawLedger(d, "x", gen), drawLedger(d, "y", gen)
				xy, err := trace.Concat(x, y)
				if err != nil {
					d.Discard("x·y undefined")
					return laws.Side[trace.Digest]{}, laws.Side[trace.Digest]{}
				}
				return laws.SideOf(act(act(h, x), y), nil), laws.SideOf(act(h, xy), nil)
			}),
		laws.Equation("head_is_action_on_zero", "Head(x) = act(0, x)", eq, func(d *laws.Draws) (trace.Digest, trace.Digest) {
			x := drawLedger(d, "x", gen)
			return x.Head(), act(trace.Digest{}, x)
		}),
	)
}
