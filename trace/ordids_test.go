package trace

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// refKey is kgentsKey written plainly.
func refKey(id string) (uint64, bool) {
	if len(id) != 18 || id[:6] != "trace-" {
		return 0, false
	}
	for _, c := range id[6:] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return 0, false
		}
	}
	k, err := strconv.ParseUint(id[6:], 16, 64)
	return k, err == nil
}

// TestKgentsKey compares the word-at-a-time parser with the plain one on
// every byte value in every digit position, and on random ids.
func TestKgentsKey(t *testing.T) {
	check := func(id string) {
		t.Helper()
		k, ok := kgentsKey(id)
		rk, rok := refKey(id)
		if ok != rok || (ok && k != rk) {
			t.Fatalf("kgentsKey(%q) = %x, %v; want %x, %v", id, k, ok, rk, rok)
		}
	}
	base := []byte("trace-0123456789ab")
	for pos := range base {
		for c := range 256 {
			id := append([]byte(nil), base...)
			id[pos] = byte(c)
			check(string(id))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		check(fmt.Sprintf("trace-%012x", rng.Uint64()>>16))
	}
	for _, id := range []string{"", "trace-", "trace-000000000000", "trace-ffffffffffff", "trace-fffffffffffff",
		"trace-00000000000", "Trace-000000000000", "trace-00000000000A", "trace-00000000000g"} {
		check(id)
	}
	if k, ok := kgentsKey("trace-ffffffffffff"); !ok || k != 1<<48-1 {
		t.Fatalf("max key %x %v", k, ok)
	}
	// The prefix's shortcut for ids that share 14 bytes with its last.
	var o ordPrefix
	last := "trace-0123456789ab"
	k, _ := kgentsKey(last)
	o.extend(0, last, k, true)
	for pos := range base {
		for c := range 256 {
			id := append([]byte(nil), last...)
			id[pos] = byte(c)
			got, ok := o.key(string(id))
			want, wok := refKey(string(id))
			if ok != wok || (ok && got != want) {
				t.Fatalf("ordPrefix.key(%q) = %x, %v; want %x, %v", id, got, ok, want, wok)
			}
		}
	}
}

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
		if openFor >= shortPrefix && l.ids.ord.n < int32(openFor) {
			t.Fatalf("seed %d: ordered prefix holds %d ids, want at least %d", seed, l.ids.ord.n, openFor)
		}
		if openFor < shortPrefix-100 && (l.ids.ord.n != 0 || !l.ids.ord.closed) {
			t.Fatalf("seed %d: a prefix closed short still holds %d ids", seed, l.ids.ord.n)
		}
	}
}

// TestOrderedPrefixSearch checks the interpolating search on columns of
// evenly and unevenly spread keys, for present and absent keys.
func TestOrderedPrefixSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 17, chunkSize + 5, 3 * chunkSize} {
		for _, spread := range []string{"dense", "gaps", "skewed"} {
			var o ordPrefix
			keys := map[uint64]int32{}
			k := uint64(rng.IntN(5))
			for i := range n {
				switch spread {
				case "dense":
					k++
				case "gaps":
					k += 1 + uint64(rng.IntN(10))
				case "skewed": // mostly small steps, a few huge ones at chunk starts
					k += 1 + uint64(rng.IntN(3))
					if i%chunkSize == 0 && rng.IntN(2) == 0 {
						k += 1 << 40
					}
				}
				if !o.extend(int32(i), fmt.Sprintf("trace-%012x", k&(1<<48-1)), k, true) {
					t.Fatal("increasing key refused")
				}
				keys[k] = int32(i)
			}
			for q := uint64(0); q < k+3 && q < 1<<16; q++ {
				got, ok := o.search(q)
				want, wok := keys[q]
				if ok != wok || got != want {
					t.Fatalf("n=%d %s: search(%d) = %d, %v; want %d, %v", n, spread, q, got, ok, want, wok)
				}
			}
			for kk, want := range keys {
				if got, ok := o.search(kk); !ok || got != want {
					t.Fatalf("n=%d %s: search(%d) = %d, %v; want %d", n, spread, kk, got, ok, want)
				}
				if _, ok := keys[kk+1]; !ok {
					if _, ok := o.search(kk + 1); ok {
						t.Fatalf("n=%d %s: absent %d found", n, spread, kk+1)
					}
				}
			}
			if o.extend(int32(n), "", k, true) || !o.closed {
				t.Fatal("a key equal to the last did not close the prefix")
			}
			// A key 2^32 or more past its chunk's first closes the prefix,
			// unless it starts a chunk.
			var far ordPrefix
			far.extend(0, "", 5, true)
			if far.extend(1, "", 5+1<<32, true) || !far.closed {
				t.Fatal("a key 2^32 past its chunk's first did not close the prefix")
			}
			var near ordPrefix
			near.extend(0, "", 5, true)
			if !near.extend(1, "", 5+1<<32-1, true) {
				t.Fatal("a key 2^32-1 past its chunk's first closed the prefix")
			}
		}
	}
}

func BenchmarkKgentsKey(b *testing.B) {
	ids := make([]string, 1024)
	for i := range ids {
		ids[i] = NewID()
	}
	var sink uint64
	for i := 0; b.Loop(); i++ {
		k, _ := kgentsKey(ids[i&1023])
		sink += k
	}
	_ = sink
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
		hashed.ids.ord.closed = true
		for _, n := range nodes {
			if err := hashed.Append(n); err != nil {
				t.Fatal(err)
			}
		}
		wantOrd := int32(len(nodes)) // open
		if breakAt >= shortPrefix {  // closed, kept
			wantOrd = int32(breakAt)
		} else if breakAt >= 0 { // closed short: moved to the hash table
			wantOrd = 0
		}
		if ord.ids.ord.n != wantOrd || ord.ids.n != len(nodes)-int(wantOrd) || hashed.ids.ord.n != 0 || hashed.ids.n != len(nodes) {
			t.Fatalf("break at %d: ordered prefix %d (want %d), hashed %d+%d", breakAt, ord.ids.ord.n, wantOrd,
				hashed.ids.ord.n, hashed.ids.n)
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
	const total = 3 * chunkSize
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
	if l.ids.ord.n != total || l.ids.n != 0 {
		t.Fatalf("ordered prefix %d, hash table %d: the prefix closed", l.ids.ord.n, l.ids.n)
	}
}
