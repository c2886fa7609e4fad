package trace

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

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
