package trace

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/index"
)

// shortPrefix is the length under which the id index moves a closed
// ordered prefix to its hash table (one chunk).
const shortPrefix = index.ChunkSize

// TestOrderedPrefixMatchesModel appends ids drawn from mixes of patterns
// (increasing kgents ids, random ones, other forms, repeats) and checks
// every append's outcome and every lookup against a map.
func TestOrderedPrefixMatchesModel(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		l := NewLedger()
		model := map[string]int{}
		var ids []string
		key := uint64(rng.IntN(1000))
		gap := []uint64{1, 1, 3, 1 << 20}[seed%4]
		// Most seeds keep the prefix open for a while, then mix.
		openFor := []int{0, 1, 50, 3000, 4500}[seed%5]
		for i := range 6000 {
			var id string
			switch r := rng.IntN(100); {
			case i < openFor || r < 40:
				key += 1 + uint64(rng.Int64N(int64(gap)))
				id = fmt.Sprintf("trace-%012x", key&(1<<48-1))
			case r < 60:
				id = fmt.Sprintf("trace-%012x", rng.Uint64()>>16)
			case r < 70:
				id = fmt.Sprintf("other-%d", rng.IntN(1<<20))
			case len(ids) > 0: // a repeat
				id = ids[rng.IntN(len(ids))]
			default:
				id = NewID()
			}
			err := l.Append(New(Fields{ID: id, Timestamp: at(int64(i))}))
			if _, dup := model[id]; dup {
				if !errors.Is(err, ErrDuplicateTrace) {
					t.Fatalf("seed %d: append %d: duplicate %s: %v", seed, i, id, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("seed %d: append %d of %s: %v", seed, i, id, err)
			}
			model[id] = len(ids)
			ids = append(ids, id)
		}
		for id, pos := range model {
			if s := l.Seq(id); s != uint64(pos)+1 {
				t.Fatalf("seed %d: Seq(%s) = %d, want %d", seed, id, s, pos+1)
			}
		}
		for range 2000 {
			id := fmt.Sprintf("trace-%012x", rng.Uint64()>>16)
			if rng.IntN(2) == 0 && key > 0 {
				id = fmt.Sprintf("trace-%012x", rng.Uint64N(key+2))
			}
			_, want := model[id]
			if got := l.Contains(id); got != want {
				t.Fatalf("seed %d: Contains(%s) = %v, want %v", seed, id, got, want)
			}
		}
		// A prefix that closed short was moved to the hash table.
		ordered, _, closed := l.ids.Sizes()
		if openFor >= shortPrefix && ordered < openFor {
			t.Fatalf("seed %d: ordered prefix holds %d ids, want at least %d", seed, ordered, openFor)
		}
		if openFor < shortPrefix-100 && (ordered != 0 || !closed) {
			t.Fatalf("seed %d: a prefix closed short still holds %d ids", seed, ordered)
		}
	}
}

// TestOrderedPrefixLedgerMatchesHashed builds ledgers whose ids all increase
// (the prefix stays open), or increase up to one out of order, and checks
// that they answer every lookup, navigation and query as a ledger that keeps
// every id in the hash table does.
func TestOrderedPrefixLedgerMatchesHashed(t *testing.T) {
	for _, breakAt := range []int{-1, 0, 1, 700, shortPrefix + 300} {
		nodes := randomNodesWith(rand.New(rand.NewPCG(5, 6)), max(1500, breakAt+200), 0)
		if breakAt >= 0 { // an id of another form there
			f := Fields{ID: "custom", Timestamp: nodes[breakAt].Timestamp()}
			nodes = slices.Insert(nodes, breakAt, New(f))
		}
		ord := buildLedger(t, nodes)
		hashed := NewLedger()
		hashed.ids.SkipOrderedPrefix()
		for _, n := range nodes {
			if err := hashed.Append(n); err != nil {
				t.Fatal(err)
			}
		}
		wantOrd := len(nodes)       // open
		if breakAt >= shortPrefix { // closed, kept
			wantOrd = breakAt
		} else if breakAt >= 0 { // closed short: moved to the hash table
			wantOrd = 0
		}
		ordN, ordH, _ := ord.ids.Sizes()
		hashN, hashH, _ := hashed.ids.Sizes()
		if ordN != wantOrd || ordH != len(nodes)-wantOrd || hashN != 0 || hashH != len(nodes) {
			t.Fatalf("break at %d: ordered prefix %d (want %d), hashed %d+%d", breakAt, ordN, wantOrd, hashN, hashH)
		}
		if fingerprint(ord) != fingerprint(hashed) {
			t.Fatalf("break at %d: the ordered prefix changes the ledger", breakAt)
		}
		for _, n := range nodes {
			if err := ord.Append(New(Fields{ID: n.ID(), Timestamp: at(1 << 40)})); !errors.Is(err, ErrDuplicateTrace) {
				t.Fatalf("break at %d: duplicate %s: %v", breakAt, n.ID(), err)
			}
		}
		for _, id := range []string{"trace-000000000000" + "0", fmt.Sprintf("trace-%012x", len(nodes)+5), "trace-ffffffffffff"} {
			if ord.Contains(id) {
				t.Fatalf("break at %d: absent %s found", breakAt, id)
			}
		}
	}
}

// TestOrderedPrefixConcurrentReads appends increasing kgents ids (the
// prefix stays open) while readers look up ids below, at and past the
// ledger's end. Run it with -race.
func TestOrderedPrefixConcurrentReads(t *testing.T) {
	l := NewLedger()
	const total = 3 * index.ChunkSize
	id := func(i int) string { return fmt.Sprintf("trace-%012x", 7*i+3) }
	var done atomic.Bool
	var wg sync.WaitGroup
	for r := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(r), 9))
			for !done.Load() {
				n := l.Len()
				if n == 0 {
					continue
				}
				i := rng.IntN(n)
				if got, ok := l.Get(id(i)); !ok || got.ID() != id(i) {
					t.Errorf("Get(%s) of node %d of %d: %v", id(i), i, n, ok)
					return
				}
				if s := l.Seq(id(i)); s != uint64(i)+1 {
					t.Errorf("Seq(%s) = %d, want %d", id(i), s, i+1)
					return
				}
				// Between two ids of the prefix: never there.
				if l.Contains(fmt.Sprintf("trace-%012x", 7*i+4)) {
					t.Errorf("an id between two of the prefix was found")
					return
				}
			}
		}()
	}
	for i := range total {
		f := Fields{ID: id(i), Timestamp: at(int64(i))}
		if i > 0 {
			f.Links = []Link{NewLink(id(i-1), f.ID, Causes, nil)}
		}
		if err := l.Append(New(f)); err != nil {
			t.Fatal(err)
		}
	}
	done.Store(true)
	wg.Wait()
	if ordered, hashed, _ := l.ids.Sizes(); ordered != total || hashed != 0 {
		t.Fatalf("ordered prefix %d, hash table %d: the prefix closed", ordered, hashed)
	}
}
