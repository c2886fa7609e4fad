package trace

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

var epoch = time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)

func at(us int64) time.Time { return epoch.Add(time.Duration(us) * time.Microsecond) }

// randomNodes returns n nodes that append cleanly in order: links go to
// earlier nodes (with a strictly later timestamp) or to plans; timestamps
// mostly rise but sometimes fall for nodes without trace links.
func randomNodes(rng *rand.Rand, n int) []*TraceNode { return randomNodesWith(rng, n, 7) }

// randomNodesWith is randomNodes with an id of another form than kgents'
// every customEvery nodes (none if 0).
func randomNodesWith(rng *rand.Rand, n, customEvery int) []*TraceNode {
	origins := []string{"witness", "logos", "brain", "town"}
	tags := []string{"git", "test", "ci", "idea"}
	walks := []string{"", "", "walk-a", "walk-b"}
	plans := []string{"plans/a.md", "notes.md"}
	nodes := make([]*TraceNode, 0, n)
	ts := int64(0)
	for i := range n {
		ts += int64(rng.IntN(3)) // repeated timestamps happen
		f := Fields{
			ID:        fmt.Sprintf("trace-%012x", i),
			Origin:    origins[rng.IntN(len(origins))],
			Timestamp: at(ts),
			WalkID:    walks[rng.IntN(len(walks))],
		}
		if rng.IntN(4) > 0 {
			f.Phase = allPhases[rng.IntN(len(allPhases))]
		}
		for range rng.IntN(3) {
			f.Tags = append(f.Tags, tags[rng.IntN(len(tags))])
		}
		if customEvery > 0 && i%customEvery == 3 {
			f.ID = fmt.Sprintf("custom-%d", i)
		}
		if rng.IntN(5) == 0 { // an old node without trace links
			f.Timestamp = at(ts - int64(rng.IntN(50)) - 1)
		} else {
			for range rng.IntN(4) {
				target := f.ID
				if rng.IntN(6) == 0 {
					target = "elsewhere"
				}
				rel := LinkRelation(1 + rng.IntN(4))
				if rng.IntN(5) == 0 {
					f.Links = append(f.Links, NewLink(plans[rng.IntN(len(plans))], target, rel, nil))
					continue
				}
				if len(nodes) == 0 {
					continue
				}
				src := nodes[rng.IntN(len(nodes))]
				if src.ts >= naiveMicros(f.Timestamp) {
					continue
				}
				f.Links = append(f.Links, NewLink(src.ID(), target, rel, map[string]any{"i": i}))
			}
		}
		nodes = append(nodes, New(f))
	}
	return nodes
}

func buildLedger(t testing.TB, nodes []*TraceNode) *Ledger {
	t.Helper()
	l := NewLedger()
	for _, n := range nodes {
		if err := l.Append(n); err != nil {
			t.Fatalf("append %s: %v", n.ID(), err)
		}
	}
	return l
}

func ids(ns []*TraceNode) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.ID()
	}
	return out
}
