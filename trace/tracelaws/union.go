package tracelaws

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/trace"
)

// PrintedLedger is a ledger that prints itself in failure reports as its nodes, each
// id@microseconds followed by <-source for each link.
type PrintedLedger struct{ *trace.Ledger }

// String prints the ledger's nodes as id@µs with <-source per link.
func (l PrintedLedger) String() string { return ledgerString(l.Ledger) }

// universe is one shared history of three agents: 24 nodes whose links point
// to earlier nodes, often across agents. Every generated agent ledger is a
// part of it closed under causes, so any two agree on the nodes they share,
// as ledgers of agents that exchanged nodes do.
var universe = sync.OnceValue(func() []*trace.TraceNode {
	rng := rand.New(rand.NewPCG(2025, 12))
	agents := []string{"alice", "bob", "carol"}
	var nodes []*trace.TraceNode
	for k := range 24 {
		agent := agents[k%3]
		f := trace.Fields{ID: fmt.Sprintf("%s-%d", agent, k), Origin: agent, Timestamp: at(10*k + rng.IntN(5)),
			Tags: []string{agent}}
		if k > 0 {
			for range rng.IntN(2) + rng.IntN(2) {
				src := nodes[rng.IntN(len(nodes))]
				f.Links = append(f.Links, trace.NewLink(src.ID(), f.ID, relations[rng.IntN(4)], nil))
			}
		}
		if rng.IntN(4) == 0 {
			f.Links = append(f.Links, trace.NewLink("plans/p.md", f.ID, trace.Fulfills, nil))
		}
		nodes = append(nodes, trace.New(f))
	}
	return nodes
})

// AgentLedgers generates ledgers that are parts of one shared history,
// closed under links: what different agents that exchange nodes hold.
func AgentLedgers() generators.Gen[PrintedLedger] {
	return generators.Custom("trace.AgentLedgers", func(s *generators.Source) PrintedLedger {
		u := universe()
		keep := make([]bool, len(u))
		for k := range u {
			keep[k] = s.Choose(4) == 4 // 0, the simplest choice, leaves a node out
		}
		index := map[string]int{}
		for k, n := range u {
			index[n.ID()] = k
		}
		for k := len(u) - 1; k >= 0; k-- { // close under links, latest first
			if !keep[k] {
				continue
			}
			for i := range u[k].NumLinks() {
				if j, ok := index[u[k].Link(i).Source()]; ok {
					keep[j] = true
				}
			}
		}
		l := trace.NewLedger()
		for k, n := range u {
			if keep[k] {
				if err := l.Append(n); err != nil {
					panic("tracelaws: agent ledger: " + err.Error())
				}
			}
		}
		return PrintedLedger{l}
	})
}

// MustUnion is trace.Union on ledgers known to agree; it panics otherwise,
// which laws report as an Errored law.
func MustUnion(a, b *trace.Ledger) *trace.Ledger {
	u, err := trace.Union(a, b)
	if err != nil {
		panic(err)
	}
	return u
}

// UnionLaws checks that union is a bounded join-semilattice on agent ledgers,
// equal as sets of nodes, with the empty ledger as bottom, and that it keeps
// every node's digest.
func UnionLaws(union func(a, b *trace.Ledger) *trace.Ledger) laws.LawSet {
	gen := AgentLedgers()
	eq := laws.EqFunc("same node set", func(a, b PrintedLedger) bool { return SameNodes.Equal(a.Ledger, b.Ledger) }).
		WithDiff(func(a, b PrintedLedger) string { return SameNodes.Diff(a.Ledger, b.Ledger) })
	m := laws.MonoidOf(PrintedLedger{trace.NewLedger()}, func(a, b PrintedLedger) PrintedLedger { return PrintedLedger{union(a.Ledger, b.Ledger)} })
	return laws.NewLawSet("LedgerUnion", []laws.LawSet{laws.BoundedSemilatticeLaws(m, gen, eq)},
		laws.Property("digests_preserved", "every node of x∪y has the digest it has in x or in y", func(d *laws.Draws) error {
			x, y := laws.Draw(d, "x", gen), laws.Draw(d, "y", gen)
			u := union(x.Ledger, y.Ledger)
			for _, id := range u.IDs() {
				got, _ := u.Digest(id)
				want, ok := x.Digest(id)
				if !ok {
					want, ok = y.Digest(id)
				}
				if !ok {
					return fmt.Errorf("%s is in neither x nor y", id)
				}
				if got != want {
					return fmt.Errorf("%s has digest %s in the union, %s before", id, got, want)
				}
			}
			if len(u.IDs()) < max(x.Len(), y.Len()) || !slices.Equal(u.IDs(), sortedByTime(u)) {
				return fmt.Errorf("union %v is not the canonical order of the merged nodes", u.IDs())
			}
			return nil
		}),
	)
}

func sortedByTime(l *trace.Ledger) []string {
	ns := l.Nodes()
	slices.SortStableFunc(ns, func(a, b *trace.TraceNode) int {
		if c := a.Timestamp().Compare(b.Timestamp()); c != 0 {
			return c
		}
		if a.ID() < b.ID() {
			return -1
		}
		return 1
	})
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.ID()
	}
	return out
}
