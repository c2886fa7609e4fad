package tracelaws_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/trace"
	"github.com/kgents/kgents-core/trace/tracelaws"
)

// The laws are only as good as their cases: Concat must be undefined on some
// generated pairs and defined on others, ledgers must carry links, and agent
// ledgers must overlap without being equal.
func TestGeneratorsAreNotVacuous(t *testing.T) {
	gen := tracelaws.Ledgers()
	defined, undefined, linked := 0, 0, 0
	for seed := range uint64(500) {
		x, y := gen.Example(seed), gen.Example(seed+10_000)
		if _, err := trace.Concat(x, y); err != nil {
			undefined++
		} else if x.Len() > 0 && y.Len() > 0 {
			defined++
		}
		for _, n := range x.Nodes() {
			if n.NumLinks() > 0 && !n.Link(0).IsPlan() {
				linked++
			}
		}
	}
	if defined < 50 || undefined < 50 || linked < 50 {
		t.Fatalf("Concat defined on %d, undefined on %d of 500 pairs; %d trace links", defined, undefined, linked)
	}
	agents := tracelaws.AgentLedgers()
	overlapping := 0
	for seed := range uint64(200) {
		x, y := agents.Example(seed), agents.Example(seed+10_000)
		shared := 0
		for _, id := range x.IDs() {
			if y.Contains(id) {
				shared++
			}
		}
		if shared > 0 && shared < x.Len() && shared < y.Len() {
			overlapping++
		}
	}
	if overlapping < 50 {
		t.Fatalf("only %d of 200 agent ledger pairs overlap partially", overlapping)
	}
}

// failedLaw runs sets on a lawless instance and asserts that law failed with
// a counterexample.
func failedLaw(t *testing.T, instance, law string, sets ...laws.LawSet) {
	t.Helper()
	results, err := laws.RunInstance(instance, laws.Options{Seed: 1, Checks: 500}, sets...) // 100 under -short
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Law == law {
			if r.Status != laws.Failed || r.Counterexample == nil {
				t.Fatalf("%s: law %s is %v, want failed:\n%s", instance, law, r.Status, r.Report())
			}
			t.Logf("caught as expected:\n%s", r.Report())
			return
		}
	}
	t.Fatalf("%s has no law %s", instance, law)
}

// flippedConcat is the opposite monoid: associative, with the same identity,
// but it puts y's nodes first.
func flippedConcat(x, y *trace.Ledger) (*trace.Ledger, error) { return trace.Concat(y, x) }

// lopsidedConcat is defined only when x is at least as long as y, so one
// side of associativity can be defined while the other is not.
func lopsidedConcat(x, y *trace.Ledger) (*trace.Ledger, error) {
	if x.Len() < y.Len() {
		return nil, trace.ErrConflict
	}
	return trace.Concat(x, y)
}

// dedupConcat is total: it skips the nodes of y that x already has (by id).
func dedupConcat(x, y *trace.Ledger) (*trace.Ledger, error) {
	out, _ := trace.Concat(x, trace.NewLedger())
	for n := range y.All() {
		_ = out.Append(n)
	}
	return out, nil
}

func TestLawlessConcatsAreCaught(t *testing.T) {
	gen := tracelaws.Ledgers()
	idsEq := laws.EqFunc("slices.Equal", func(a, b []string) bool { return slices.Equal(a, b) })
	cat := func(x, y []string) []string { return append(slices.Clone(x), y...) }
	t.Run("flipped", func(t *testing.T) {
		failedLaw(t, "flipped_concat", "preserves_operation",
			tracelaws.PartialMonoidMorphismLaws("IDs", (*trace.Ledger).IDs, trace.NewLedger, flippedConcat, []string{}, cat, gen, idsEq))
	})
	t.Run("lopsided", func(t *testing.T) {
		failedLaw(t, "lopsided_concat", "associativity",
			tracelaws.PartialMonoidLaws(trace.NewLedger, lopsidedConcat, gen, tracelaws.SameSequence))
	})
	t.Run("dedup", func(t *testing.T) {
		failedLaw(t, "dedup_concat", "preserves_operation",
			tracelaws.PartialMonoidMorphismLaws("Len", (*trace.Ledger).Len, trace.NewLedger, dedupConcat, 0,
				func(x, y int) int { return x + y }, gen, laws.Comparable[int]()))
	})
}

func TestLawlessChainHeadIsCaught(t *testing.T) {
	// Restarting the chain instead of continuing it from h.
	restart := func(h trace.Digest, l *trace.Ledger) trace.Digest { return l.Head() }
	failedLaw(t, "restarting_chain", "compatibility", tracelaws.ChainActionLaws(restart, tracelaws.Ledgers()))
}

func TestLawlessUnionIsCaught(t *testing.T) {
	// Keeps a, and of b only what is newer than a's newest node: the merge
	// depends on who merges into whom.
	leftBiased := func(a, b *trace.Ledger) *trace.Ledger {
		out, _ := trace.Concat(a, trace.NewLedger())
		var newest trace.TraceNode
		for _, n := range a.Recent(1) {
			newest = *n
		}
		for n := range b.All() {
			if a.Len() == 0 || n.Timestamp().After(newest.Timestamp()) {
				_ = out.Append(n)
			}
		}
		return out
	}
	failedLaw(t, "left_biased_union", "commutativity", tracelaws.UnionLaws(leftBiased))
}

// kgentsStore models kgents' Python trace store: load() keeps whatever it is
// given, get_causes reads backlinks by link target and skips sources that do
// not start with "trace-", and get_effects scans owners by link source.
type kgentsStore struct {
	nodes []*trace.TraceNode
	byID  map[string]*trace.TraceNode
}

func kgentsLoad(nodes []*trace.TraceNode) tracelaws.Store {
	s := &kgentsStore{byID: map[string]*trace.TraceNode{}}
	for _, n := range nodes {
		s.nodes = append(s.nodes, n)
		s.byID[n.ID()] = n
	}
	return s
}

// kgentsAppend is kgents' validated append with kgents' navigation.
func kgentsAppend(nodes []*trace.TraceNode) tracelaws.Store {
	valid := trace.NewLedger()
	var kept []*trace.TraceNode
	for _, n := range nodes {
		if valid.Append(n) == nil {
			kept = append(kept, n)
		}
	}
	return kgentsLoad(kept)
}

func (s *kgentsStore) Nodes() []*trace.TraceNode { return s.nodes }

func relOK(r trace.LinkRelation, rels []trace.LinkRelation) bool {
	return len(rels) == 0 || slices.Contains(rels, r)
}

func (s *kgentsStore) Parents(id string, rels ...trace.LinkRelation) []*trace.TraceNode {
	var out []*trace.TraceNode
	for _, n := range s.nodes {
		for k := range n.NumLinks() {
			l := n.Link(k)
			if l.Target() == id && relOK(l.Relation(), rels) && strings.HasPrefix(l.Source(), "trace-") {
				if src, ok := s.byID[l.Source()]; ok {
					out = append(out, src)
				}
			}
		}
	}
	return out
}

func (s *kgentsStore) Children(id string, rels ...trace.LinkRelation) []*trace.TraceNode {
	var out []*trace.TraceNode
	for _, n := range s.nodes {
		for k := range n.NumLinks() {
			if l := n.Link(k); l.Source() == id && relOK(l.Relation(), rels) {
				out = append(out, n)
			}
		}
	}
	return out
}

func (s *kgentsStore) walk(id string, step func(string, ...trace.LinkRelation) []*trace.TraceNode) []*trace.TraceNode {
	seen := map[string]bool{id: true}
	var out []*trace.TraceNode
	frontier := []string{id}
	for len(frontier) > 0 {
		var next []string
		for _, f := range frontier {
			for _, n := range step(f) {
				if !seen[n.ID()] {
					seen[n.ID()] = true
					out = append(out, n)
					next = append(next, n.ID())
				}
			}
		}
		frontier = next
	}
	return out
}

func (s *kgentsStore) Ancestors(id string, _ int, _ ...trace.LinkRelation) []*trace.TraceNode {
	return s.walk(id, s.Parents)
}

func (s *kgentsStore) Descendants(id string, _ int, _ ...trace.LinkRelation) []*trace.TraceNode {
	return s.walk(id, s.Children)
}

func TestKgentsStoreBreaksTheCausalityLaws(t *testing.T) {
	t.Run("load keeps violations", func(t *testing.T) {
		failedLaw(t, "kgents_load", "causality", tracelaws.CausalityLaws(kgentsLoad))
	})
	t.Run("navigation by target disagrees", func(t *testing.T) {
		failedLaw(t, "kgents_append", "navigation_agrees", tracelaws.CausalityLaws(kgentsAppend))
	})
}
