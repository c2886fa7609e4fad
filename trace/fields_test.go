package trace

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPostings(t *testing.T) {
	var p postings
	var want []int32
	for i := range int32(3*chunkSize + 77) {
		if got := p.slice(); !slices.Equal(got, want) || p.n != len(want) {
			t.Fatalf("after %d adds: %d entries (n=%d), want %d", i, len(got), p.n, len(want))
		}
		p.add(i * 3)
		want = append(want, i*3)
		if i < 8 && len(p.full) != 0 {
			t.Fatalf("a list of %d entries has %d chunks", i+1, len(p.full)+1)
		}
	}
	if !slices.Equal(p.slice(), want) {
		t.Fatal("final list differs")
	}
	for _, c := range p.full {
		if len(c) > chunkSize {
			t.Fatalf("a chunk of %d entries", len(c))
		}
	}
	// The slice of a one-chunk list cannot be appended into by its caller.
	var q postings
	q.add(1)
	s := q.slice()
	_ = append(s, 99)
	q.add(2)
	if got := q.slice(); !slices.Equal(got, []int32{1, 2}) {
		t.Fatalf("got %v", got)
	}
}

// TestOriginListsUnderCacheCollisions appends nodes from origins that share
// slots of the ledger's origin cache (and the empty origin) in random order,
// and checks every origin's posting list against a model.
func TestOriginListsUnderCacheCollisions(t *testing.T) {
	origins := []string{"", "a", "i", "q", "y", "witness", "logos", "brain", "town", "wi", "ta"}
	rng := rand.New(rand.NewPCG(8, 8))
	l := NewLedger()
	want := map[string][]string{}
	for i := range 3000 {
		o := origins[rng.IntN(len(origins))]
		n := New(Fields{ID: fmt.Sprint("n", i), Origin: o, Timestamp: at(int64(i))})
		if err := l.Append(n); err != nil {
			t.Fatal(err)
		}
		want[n.Origin()] = append(want[n.Origin()], n.ID())
	}
	for o, wantIDs := range want {
		if got := ids(l.Query(Query{Origins: []string{o}})); !slices.Equal(got, wantIDs) {
			t.Fatalf("origin %q: %d nodes, want %d", o, len(got), len(wantIDs))
		}
		if c := l.Stats().ByOrigin[o]; c != len(wantIDs) {
			t.Fatalf("Stats counts %d nodes of origin %q, want %d", c, o, len(wantIDs))
		}
	}
}
