package trace

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kgents/kgents-core/trace/internal/index"
)

func TestAppendChecksInKgentsOrder(t *testing.T) {
	l := NewLedger()
	a := New(Fields{ID: "a", Timestamp: at(10)})
	if err := l.Append(a); err != nil {
		t.Fatal(err)
	}

	// A duplicate with a bad link reports the duplicate: ids are checked first.
	dup := New(Fields{ID: "a", Timestamp: at(20), Links: []Link{NewLink("missing", "a", Causes, nil)}})
	var de *DuplicateTraceError
	if err := l.Append(dup); !errors.As(err, &de) || de.TraceID != "a" || !errors.Is(err, ErrDuplicateTrace) {
		t.Fatalf("duplicate: got %v", err)
	}

	// Links are checked in order: the first bad one is reported.
	two := New(Fields{ID: "b", Timestamp: at(5), Links: []Link{
		NewLink("missing", "b", Causes, nil), NewLink("a", "b", Causes, nil)}})
	var nf *TraceNotFoundError
	if err := l.Append(two); !errors.As(err, &nf) || nf.TraceID != "missing" || nf.Node != "b" || nf.Link != 0 {
		t.Fatalf("missing source: got %v", err)
	}

	// Equal timestamps violate causality; the error carries kgents' fields.
	same := New(Fields{ID: "c", Timestamp: at(10), Links: []Link{NewLink("a", "c", Causes, nil)}})
	var cv *CausalityViolationError
	err := l.Append(same)
	if !errors.As(err, &cv) || !errors.Is(err, ErrCausalityViolation) {
		t.Fatalf("equal timestamps: got %v", err)
	}
	if cv.SourceID != "a" || cv.TargetID != "c" || !cv.SourceTS.Equal(at(10)) || !cv.TargetTS.Equal(at(10)) {
		t.Fatalf("violation fields = %+v", cv)
	}

	// Plan links are not checked, whatever their timestamp or existence.
	plan := New(Fields{ID: "d", Timestamp: at(1), Links: []Link{
		NewLink("plans/never.md", "d", Fulfills, nil), NewLink("design.md", "d", Fulfills, nil)}})
	if err := l.Append(plan); err != nil {
		t.Fatalf("plan links: %v", err)
	}

	// A self-link is a missing source: the node is not in the ledger yet.
	self := New(Fields{ID: "e", Timestamp: at(30), Links: []Link{NewLink("e", "e", Causes, nil)}})
	if err := l.Append(self); !errors.Is(err, ErrTraceNotFound) {
		t.Fatalf("self link: got %v", err)
	}

	// Unknown enum values are refused.
	bad := New(Fields{ID: "f", Timestamp: at(30), Phase: "DREAM"})
	var fe *FieldError
	if err := l.Append(bad); !errors.As(err, &fe) || fe.Node != `"f"` || fe.Field != "phase" || fe.Value != "DREAM" || !errors.Is(err, ErrInvalidNode) {
		t.Fatalf("unknown phase: got %v", err)
	}
	if err := l.Append(nil); !errors.Is(err, ErrInvalidNode) {
		t.Fatalf("nil node: got %v", err)
	}
	if got := l.IDs(); !slices.Equal(got, []string{"a", "d"}) {
		t.Fatalf("ledger holds %v, want [a d]", got)
	}
	if _, err := l.Find("zz"); !errors.Is(err, ErrTraceNotFound) {
		t.Fatalf("Find of a missing id: %v", err)
	}
}

// fingerprint captures everything observable about a ledger.
func fingerprint(l *Ledger) string {
	s := fmt.Sprintf("%v|%+v|%v|", l.IDs(), l.Stats(), l.Head())
	for _, n := range l.Nodes() {
		s += fmt.Sprintf("%v%v%v;", ids(l.Children(n.ID())), ids(l.Parents(n.ID())), ids(l.Query(Query{LinksTo: n.ID()})))
	}
	s += fmt.Sprint(ids(l.Query(Query{After: at(-1000), Before: at(1 << 40)})), ids(l.Children("plans/a.md")),
		ids(l.Query(Query{LinksTo: "elsewhere"})), ids(l.Query(Query{Tags: []string{"git"}})))
	return s
}

func TestFailedAppendChangesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	nodes := randomNodes(rng, 300)
	l := buildLedger(t, nodes)
	before := fingerprint(l)
	last := nodes[len(nodes)-1]
	bad := []*TraceNode{
		New(Fields{ID: "x", Timestamp: at(1 << 30), Tags: []string{"git"}, Links: []Link{
			NewLink(nodes[0].ID(), "elsewhere", Causes, nil), NewLink("plans/a.md", "x", Fulfills, nil), NewLink("nope", "x", Causes, nil)}}),
		New(Fields{ID: "y", Timestamp: last.Timestamp(), Origin: "new-origin", WalkID: "walk-new", Links: []Link{
			NewLink("plans/a.md", "y", Fulfills, nil), NewLink(last.ID(), "y", Causes, nil)}}),
		New(Fields{ID: nodes[5].ID(), Timestamp: at(1 << 30)}),
		New(Fields{ID: "z", Timestamp: at(1 << 30), Links: []Link{NewLink(nodes[1].ID(), "z", 9, nil)}}),
	}
	for _, b := range bad {
		if err := l.Append(b); err == nil {
			t.Fatalf("append of %s should fail", b.ID())
		}
		if after := fingerprint(l); after != before {
			t.Fatalf("failed append of %s changed the ledger", b.ID())
		}
	}
}

// refQuery is kgents' linear scan, the specification of Query.
func refQuery(nodes []*TraceNode, q Query) []*TraceNode {
	var out []*TraceNode
	for _, n := range nodes {
		ts := n.Timestamp()
		if !q.After.IsZero() && !ts.After(q.After) {
			continue
		}
		if !q.Before.IsZero() && !ts.Before(q.Before) {
			continue
		}
		if len(q.Origins) > 0 && !slices.Contains(q.Origins, n.Origin()) {
			continue
		}
		if len(q.Phases) > 0 && (n.Phase() == "" || !slices.Contains(q.Phases, n.Phase())) {
			continue
		}
		if q.WalkID != "" && n.WalkID() != q.WalkID {
			continue
		}
		if len(q.Tags) > 0 && !slices.ContainsFunc(n.Tags(), func(s string) bool { return slices.Contains(q.Tags, s) }) {
			continue
		}
		if q.LinksTo != "" && !slices.ContainsFunc(n.Links(), func(l Link) bool { return l.Target() == q.LinksTo }) {
			continue
		}
		if q.LinksFrom != "" && !slices.ContainsFunc(n.Links(), func(l Link) bool { return l.Source() == q.LinksFrom }) {
			continue
		}
		out = append(out, n)
	}
	out = out[min(max(q.Offset, 0), len(out)):]
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

func randomQuery(rng *rand.Rand, nodes []*TraceNode) Query {
	var q Query
	pick := func() *TraceNode { return nodes[rng.IntN(len(nodes))] }
	if rng.IntN(3) == 0 {
		q.After = pick().Timestamp().Add(time.Duration(rng.IntN(3)-1) * 500 * time.Nanosecond)
	}
	if rng.IntN(3) == 0 {
		q.Before = pick().Timestamp().Add(time.Duration(rng.IntN(3)-1) * 500 * time.Nanosecond)
	}
	if rng.IntN(4) == 0 {
		q.Origins = []string{pick().Origin(), "nobody"}[:1+rng.IntN(2)]
	}
	if rng.IntN(4) == 0 {
		q.Phases = []Phase{allPhases[rng.IntN(13)], allPhases[rng.IntN(13)]}
	}
	if rng.IntN(5) == 0 {
		q.WalkID = []string{"walk-a", "walk-b", "walk-none"}[rng.IntN(3)]
	}
	if rng.IntN(4) == 0 {
		q.Tags = []string{"git", "ci", "none"}[:1+rng.IntN(3)]
	}
	if rng.IntN(6) == 0 {
		q.LinksTo = []string{pick().ID(), "elsewhere", "nothing"}[rng.IntN(3)]
	}
	if rng.IntN(6) == 0 {
		q.LinksFrom = []string{pick().ID(), "plans/a.md", "notes.md", "nothing"}[rng.IntN(4)]
	}
	if rng.IntN(4) == 0 {
		q.Offset = rng.IntN(20) - 2
	}
	if rng.IntN(3) == 0 {
		q.Limit = rng.IntN(30)
	}
	return q
}

func TestQueryAgreesWithKgentsScan(t *testing.T) {
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 7))
		nodes := randomNodes(rng, 200+rng.IntN(800))
		l := buildLedger(t, nodes)
		for range 400 {
			q := randomQuery(rng, nodes)
			got, want := ids(l.Query(q)), ids(refQuery(nodes, q))
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d query %+v:\n got %v\nwant %v", seed, q, got, want)
			}
			if c := l.Count(q); c != len(want) {
				t.Fatalf("Count = %d, want %d", c, len(want))
			}
		}
	}
}

func TestQueryUsesIndexes(t *testing.T) {
	l := NewLedger()
	for i := range 10000 {
		if err := l.Append(New(Fields{ID: fmt.Sprint(i), Timestamp: at(int64(i)), Origin: fmt.Sprint(i % 100)})); err != nil {
			t.Fatal(err)
		}
	}
	// The candidates of a selective query are a small index slice, not the
	// whole ledger.
	for _, q := range []Query{{After: at(4999), Before: at(5010)}, {Origins: []string{"7"}}} {
		c := compiled{q: &q}
		c.after, c.hasAfter = naiveAfter(q.After), !q.After.IsZero()
		c.before, c.hasBef = naiveBefore(q.Before), !q.Before.IsZero()
		cands, all := l.candidates(&c)
		if all || len(cands) > 100 {
			t.Errorf("query %+v scans %d candidates (all=%v)", q, len(cands), all)
		}
	}
}

func TestNavigationAgreesBothWays(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	nodes := randomNodes(rng, 400)
	l := buildLedger(t, nodes)
	pairs := map[LinkRelation][2]func(string) []*TraceNode{}
	for _, rel := range []LinkRelation{Causes, Continues, Branches, Fulfills} {
		rel := rel
		pairs[rel] = [2]func(string) []*TraceNode{
			func(id string) []*TraceNode { return l.Parents(id, rel) },
			func(id string) []*TraceNode { return l.Children(id, rel) },
		}
	}
	checked := 0
	for rel, p := range pairs {
		up, down := p[0], p[1]
		for _, b := range nodes {
			for _, a := range up(b.ID()) {
				checked++
				if !slices.Contains(ids(down(a.ID())), b.ID()) {
					t.Fatalf("%v: %s has parent %s but is not its child", rel, b.ID(), a.ID())
				}
			}
			for _, c := range down(b.ID()) {
				if !slices.Contains(ids(up(c.ID())), b.ID()) {
					t.Fatalf("%v: %s has child %s but is not its parent", rel, b.ID(), c.ID())
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d edges checked: the generator makes too few links", checked)
	}
	for _, n := range nodes {
		if !slices.Equal(ids(l.Causes(n.ID())), ids(l.Parents(n.ID(), Causes))) ||
			!slices.Equal(ids(l.Effects(n.ID())), ids(l.Children(n.ID(), Causes))) ||
			!slices.Equal(ids(l.Continuations(n.ID())), ids(l.Children(n.ID(), Continues))) ||
			!slices.Equal(ids(l.Branches(n.ID())), ids(l.Children(n.ID(), Branches))) ||
			!slices.Equal(ids(l.Fulfillments(n.ID())), ids(l.Children(n.ID(), Fulfills))) {
			t.Fatalf("named navigation disagrees with Parents/Children at %s", n.ID())
		}
	}
	// Plans are navigable forward.
	if got, want := ids(l.Fulfillments("plans/a.md")), ids(refQuery(nodes, Query{LinksFrom: "plans/a.md"})); len(got) == 0 ||
		!slices.Equal(got, ids(filterRel(nodes, "plans/a.md", Fulfills))) || len(want) < len(got) {
		t.Fatalf("Fulfillments(plans/a.md) = %v", got)
	}
}

func filterRel(nodes []*TraceNode, src string, rel LinkRelation) []*TraceNode {
	var out []*TraceNode
	for _, n := range nodes {
		if slices.ContainsFunc(n.Links(), func(l Link) bool { return l.Source() == src && l.Relation() == rel }) {
			out = append(out, n)
		}
	}
	return out
}

// refReach computes nodes within depth hops by repeated one-hop steps.
func refReach(start string, depth int, step func(string) []*TraceNode) map[string]int {
	dist := map[string]int{start: 0}
	frontier := []string{start}
	for d := 1; len(frontier) > 0 && (depth <= 0 || d <= depth); d++ {
		var next []string
		for _, id := range frontier {
			for _, m := range step(id) {
				if _, ok := dist[m.ID()]; !ok {
					dist[m.ID()] = d
					next = append(next, m.ID())
				}
			}
		}
		frontier = next
	}
	delete(dist, start)
	return dist
}

func TestAncestorsAndDescendantsAreTransitive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	nodes := randomNodes(rng, 300)
	l := buildLedger(t, nodes)
	for _, n := range nodes[len(nodes)-60:] {
		for _, depth := range []int{0, 1, 2, 5} {
			for _, tc := range []struct {
				name string
				got  []*TraceNode
				step func(string) []*TraceNode
			}{
				{"ancestors", l.Ancestors(n.ID(), depth), func(id string) []*TraceNode { return l.Parents(id) }},
				{"causal ancestors", l.Ancestors(n.ID(), depth, Causes), func(id string) []*TraceNode { return l.Parents(id, Causes) }},
			} {
				want := refReach(n.ID(), depth, tc.step)
				got := map[string]int{}
				prev := 0
				for _, m := range tc.got {
					got[m.ID()] = want[m.ID()]
					if want[m.ID()] < prev {
						t.Fatalf("%s of %s not in breadth-first order", tc.name, n.ID())
					}
					prev = want[m.ID()]
				}
				if len(got) != len(tc.got) || !reflect.DeepEqual(keys(got), keys(want)) {
					t.Fatalf("%s(%s, %d) = %v, want %v", tc.name, n.ID(), depth, keys(got), keys(want))
				}
			}
		}
	}
	for _, n := range nodes[:80] {
		for _, depth := range []int{0, 1, 3} {
			want := refReach(n.ID(), depth, func(id string) []*TraceNode { return l.Children(id) })
			got := ids(l.Descendants(n.ID(), depth))
			if !reflect.DeepEqual(sorted(got), keys(want)) {
				t.Fatalf("Descendants(%s, %d) = %v, want %v", n.ID(), depth, got, keys(want))
			}
		}
	}
	if got := l.Descendants("plans/a.md", 0); len(got) < len(l.Children("plans/a.md")) {
		t.Fatal("descendants of a plan miss its children")
	}
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func TestAncestryDepthOnAChain(t *testing.T) {
	l := NewLedger()
	prev := ""
	for i := range 20 {
		f := Fields{ID: fmt.Sprint("n", i), Timestamp: at(int64(i))}
		if prev != "" {
			f.Links = []Link{NewLink(prev, f.ID, Causes, nil)}
		}
		if err := l.Append(New(f)); err != nil {
			t.Fatal(err)
		}
		prev = f.ID
	}
	got := ids(l.Ancestors("n19", 10))
	want := []string{"n18", "n17", "n16", "n15", "n14", "n13", "n12", "n11", "n10", "n9"}
	if !slices.Equal(got, want) {
		t.Fatalf("Ancestors(n19, 10) = %v, want %v", got, want)
	}
	if got := l.Ancestors("n19", 0); len(got) != 19 {
		t.Fatalf("unlimited ancestry returned %d nodes, want 19", len(got))
	}
	if got := ids(l.Descendants("n0", 2)); !slices.Equal(got, []string{"n1", "n2"}) {
		t.Fatalf("Descendants(n0, 2) = %v", got)
	}
	if l.Ancestors("nope", 3) != nil {
		t.Fatal("ancestors of a missing node")
	}
}

func TestStatsAndWalks(t *testing.T) {
	l := NewLedger()
	add := func(id, origin string, ph Phase, walk string, links ...Link) {
		t.Helper()
		if err := l.Append(New(Fields{ID: id, Origin: origin, Phase: ph, WalkID: walk, Links: links, Timestamp: at(int64(len(id)) * 10)})); err != nil {
			t.Fatal(err)
		}
	}
	add("a", "witness", PhaseSense, "w1")
	add("bb", "witness", PhaseCrossSynergize, "w1", NewLink("a", "bb", Causes, nil))
	add("ccc", "logos", "", "w2", NewLink("a", "ccc", Causes, nil), NewLink("plans/x.md", "ccc", Fulfills, nil))
	s := l.Stats()
	want := Stats{TotalNodes: 3, TotalLinks: 3, ByOrigin: map[string]int{"witness": 2, "logos": 1},
		ByPhase: map[Phase]int{PhaseSense: 1, PhaseCrossSynergize: 1}, Walks: 2, WalkCounts: map[string]int{"w1": 2, "w2": 1}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("Stats = %+v\nwant %+v", s, want)
	}
	if got := ids(l.Walk("w1")); !slices.Equal(got, []string{"a", "bb"}) {
		t.Fatalf("Walk(w1) = %v", got)
	}
	if got := ids(l.Recent(2)); !slices.Equal(got, []string{"bb", "ccc"}) {
		t.Fatalf("Recent(2) = %v", got)
	}
	if l.Recent(0) != nil || l.Len() != 3 || !l.Contains("bb") || l.Seq("ccc") != 3 {
		t.Fatal("Recent/Len/Contains/Seq wrong")
	}
}

// TestConcurrentUse checks the concurrency contract under -race: appenders,
// readers and iterators run together, every read sees whole appends, and the
// result is the same as a serial ledger holding the same nodes.
func TestConcurrentUse(t *testing.T) {
	l := NewLedger()
	const writers, per = 4, 300
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev := ""
			for i := range per {
				f := Fields{ID: fmt.Sprintf("w%d-%d", w, i), Origin: fmt.Sprint("o", w), Timestamp: at(int64(i)), Tags: []string{"t"}}
				if prev != "" {
					f.Links = []Link{NewLink(prev, f.ID, Causes, nil)}
				}
				if err := l.Append(New(f)); err != nil {
					t.Error(err)
					return
				}
				prev = f.ID
			}
		}()
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for r := range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				n := l.Len()
				st := l.Stats()
				if st.TotalNodes < n || st.TotalLinks > st.TotalNodes {
					t.Errorf("stats %+v inconsistent with len %d", st, n)
					return
				}
				origin := fmt.Sprint("o", r)
				got := l.Query(Query{Origins: []string{origin}})
				for i, node := range got {
					// A writer's nodes appear as a gapless prefix, each linked to the one before.
					if node.ID() != fmt.Sprintf("w%d-%d", r, i) {
						t.Errorf("reader saw %s at %d", node.ID(), i)
						return
					}
					if i > 0 && len(l.Ancestors(node.ID(), 1)) != 1 {
						t.Errorf("%s lost its parent", node.ID())
						return
					}
				}
				count := 0
				for range l.All() {
					count++
				}
				_ = l.Head()
				if count < n {
					t.Errorf("All yielded %d < %d", count, n)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	if l.Len() != writers*per {
		t.Fatalf("len %d, want %d", l.Len(), writers*per)
	}
	serial := NewLedger()
	for n := range l.All() {
		if err := serial.Append(n); err != nil {
			t.Fatal(err)
		}
	}
	if serial.Head() != l.Head() || fingerprint(serial) != fingerprint(l) {
		t.Fatal("concurrent ledger differs from the serial replay of its nodes")
	}
	// The body of an All loop may append.
	for n := range l.All() {
		if err := l.Append(New(Fields{ID: "after-" + n.ID(), Timestamp: at(1 << 20)})); err != nil {
			t.Fatal(err)
		}
		break
	}
}

func TestDigestsCoverContentAndSources(t *testing.T) {
	mk := func(content string) *Ledger {
		l := NewLedger()
		a := New(Fields{ID: "a", Timestamp: at(1), Response: NewResponse("text", content, true, nil)})
		b := New(Fields{ID: "b", Timestamp: at(2), Links: []Link{NewLink("a", "b", Causes, nil)}})
		c := New(Fields{ID: "c", Timestamp: at(3), Links: []Link{NewLink("plans/p.md", "c", Fulfills, nil)}})
		for _, n := range []*TraceNode{a, b, c} {
			if err := l.Append(n); err != nil {
				t.Fatal(err)
			}
		}
		return l
	}
	l1, l2 := mk("one"), mk("two")
	d := func(l *Ledger, id string) Digest { x, _ := l.Digest(id); return x }
	if d(l1, "a") == d(l2, "a") {
		t.Fatal("digest ignores content")
	}
	if d(l1, "b") == d(l2, "b") {
		t.Fatal("b's digest does not cover its source's digest")
	}
	if d(l1, "c") != d(l2, "c") {
		t.Fatal("c has no trace link, its digest must not depend on a")
	}
	if l1.Head() == l2.Head() {
		t.Fatal("chain head does not cover content")
	}
	ds := l1.Digests()
	if ChainHead(Digest{}, ds...) != l1.Head() || ChainHead(ChainHead(Digest{}, ds[:1]...), ds[1:]...) != l1.Head() {
		t.Fatal("head is not the chain of the digests")
	}
	if err := l1.Verify(); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyReportsFirstBadSequence(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	nodes := randomNodes(rng, 50)
	l := buildLedger(t, nodes)
	_ = l.Head() // record digests
	// Tamper with the node stored at seq 20 behind the ledger's back.
	forged := *l.node(19)
	forged.origin = "forged"
	l.g.ReplaceNode(19, &forged)
	err := l.Verify()
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.Seq != 20 || ve.ID != forged.id || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Verify = %v, want a VerifyError at seq 20", err)
	}
}

func TestOutOfOrderTimeIndex(t *testing.T) {
	l := NewLedger()
	rng := rand.New(rand.NewPCG(11, 12))
	var nodes []*TraceNode
	for i := range 12000 {
		ts := int64(rng.IntN(20000))
		if i%3 == 0 {
			ts = int64(i) + int64(rng.IntN(100)) // nearly sorted: inserted in place
		}
		n := New(Fields{ID: fmt.Sprint(i), Timestamp: at(ts)})
		nodes = append(nodes, n)
		if err := l.Append(n); err != nil {
			t.Fatal(err)
		}
		if i%397 == 0 || i == 4500 {
			q := Query{After: at(int64(rng.IntN(20000))), Before: at(int64(rng.IntN(20000) + 500))}
			if got, want := ids(l.Query(q)), ids(refQuery(nodes, q)); !slices.Equal(got, want) {
				t.Fatalf("after %d appends: %v, want %v", i, got, want)
			}
		}
	}
	// Enough keys came late for them to be merged many times, into the
	// sorted keys and into runs (the index package tests the merges
	// themselves).
	late, last := 0, int64(-1)
	for _, n := range nodes {
		if n.ts < last {
			late++
		}
		last = max(last, n.ts)
	}
	if prefix, sorted, runs := l.byTime.Sizes(); prefix+sorted+runs != len(nodes) || late < 4096 {
		t.Fatalf("time index holds %d+%d+%d keys for %d nodes, %d late", prefix, sorted, runs, len(nodes), late)
	}
}

// TestIDIndexCollisions makes ids hash into 8 groups of equal hashes
// (index.SimulateCollisions, whose own test shows that they do), and checks
// that the ledger behaves exactly as with real hashes.
func TestIDIndexCollisions(t *testing.T) {
	nodes := randomNodes(rand.New(rand.NewPCG(13, 14)), 400)
	restore := index.SimulateCollisions()
	weak := NewLedger()
	restore()
	for _, n := range nodes {
		if err := weak.Append(n); err != nil {
			t.Fatal(err)
		}
	}
	if fingerprint(weak) != fingerprint(buildLedger(t, nodes)) {
		t.Fatal("colliding id hashes change the ledger")
	}
	for _, n := range nodes {
		if err := weak.Append(New(Fields{ID: n.ID(), Timestamp: at(1 << 40)})); !errors.Is(err, ErrDuplicateTrace) {
			t.Fatalf("duplicate %s not caught under collisions: %v", n.ID(), err)
		}
	}
	if weak.Contains("trace-ffffffffffff") || weak.Seq("x") != 0 {
		t.Fatal("absent ids found")
	}
}

// TestIDIndexThroughGrowthAndMerges appends enough nodes for the id index to
// grow many times and merge its recent ids into the table many times, and
// checks every lookup, duplicate and absent id along the way, with real and
// with colliding hashes.
func TestIDIndexThroughGrowthAndMerges(t *testing.T) {
	for _, weak := range []bool{false, true} {
		restore := func() {}
		if weak {
			restore = index.SimulateCollisions()
		}
		l := NewLedger()
		restore()
		total := 40000
		if weak {
			total = 3000 // ids collide in 8 groups: probes are long
		}
		check := func(n int) {
			for i := 0; i < n; i++ {
				id := fmt.Sprintf("id-%d", i)
				if s := l.Seq(id); s != uint64(i)+1 {
					t.Fatalf("weak=%v after %d appends: Seq(%s) = %d", weak, n, id, s)
				}
			}
			for _, id := range []string{fmt.Sprintf("id-%d", n), "absent", fmt.Sprintf("id-%d", n+1000)} {
				if l.Contains(id) {
					t.Fatalf("weak=%v after %d appends: %s found", weak, n, id)
				}
			}
		}
		for i := range total {
			if i > 0 && (i&(i-1) == 0 || i%4093 == 0) {
				check(i)
				dup := New(Fields{ID: fmt.Sprintf("id-%d", i*7919%i), Timestamp: at(int64(i))})
				if err := l.Append(dup); !errors.Is(err, ErrDuplicateTrace) {
					t.Fatalf("weak=%v: duplicate %s: %v", weak, dup.ID(), err)
				}
			}
			if err := l.Append(New(Fields{ID: fmt.Sprintf("id-%d", i), Timestamp: at(int64(i))})); err != nil {
				t.Fatal(err)
			}
		}
		check(total)
	}
}

// A hint only saves a lookup: a source is taken at a hinted position only
// if the node there has its id, so wrong, stale or missing hints give what
// check gives.
func TestCheckHintedIgnoresWrongHints(t *testing.T) {
	a := New(Fields{ID: "a", Timestamp: at(1)})
	b := New(Fields{ID: "b", Timestamp: at(2)})
	l := buildLedger(t, []*TraceNode{a, b})
	n := New(Fields{ID: "n", Timestamp: at(3), Links: []Link{NewLink("a", "n", Causes, nil), NewLink("plans/p.md", "n", Fulfills, nil)}})
	for _, hints := range [][]int32{nil, {0, -1}, {1, -1}, {7, 0}, {-1}, {0, -1, 5}} {
		var probe index.Probe
		srcs, err := l.checkHinted(n, nil, nil, &probe, hints)
		if err != nil || !slices.Equal(srcs, []int32{0, -1}) {
			t.Fatalf("hints %v: %v %v", hints, srcs, err)
		}
	}
	missing := New(Fields{ID: "m", Timestamp: at(3), Links: []Link{NewLink("z", "m", Causes, nil)}})
	var probe index.Probe
	if _, err := l.checkHinted(missing, nil, nil, &probe, []int32{1}); !errors.As(err, new(*TraceNotFoundError)) {
		t.Fatalf("a hint found a missing source: %v", err)
	}
	early := New(Fields{ID: "e", Timestamp: at(2), Links: []Link{NewLink("b", "e", Causes, nil)}})
	if _, err := l.checkHinted(early, nil, nil, &probe, []int32{1}); !errors.As(err, new(*CausalityViolationError)) {
		t.Fatalf("a hinted source was not checked for causality: %v", err)
	}
}
