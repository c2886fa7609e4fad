package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// ids is a Resolver over a slice.
type ids []string

func (s ids) IDAt(pos int32) string { return s[pos] }

// SimulateCollisions must make ids collide, or the tests that use it test
// nothing: 1000 ids fall into at most 8 hashes, in both tables.
func TestSimulateCollisionsCollides(t *testing.T) {
	restore := SimulateCollisions()
	x, r := NewIDs(), NewRecentIDs()
	restore()
	hashes, recent := map[uint64]bool{}, map[uint64]bool{}
	for i := range 1000 {
		id := fmt.Sprint("id-", i)
		hashes[x.hash(id)] = true
		recent[r.hash(id)] = true
	}
	if len(hashes) > 8 || len(recent) > 8 {
		t.Fatalf("%d and %d distinct hashes", len(hashes), len(recent))
	}
	y := NewIDs()
	if y.hash("a") == y.hash("b") && y.hash("b") == y.hash("c") {
		t.Fatal("restore left collisions on")
	}
}

// TestIDsMatchModel puts ids of mixed forms and checks IsNew and Get
// against a map, with real and colliding hashes and without the ordered
// prefix.
func TestIDsMatchModel(t *testing.T) {
	for _, mode := range []string{"real", "colliding", "hashed"} {
		restore := func() {}
		if mode == "colliding" {
			restore = SimulateCollisions()
		}
		x := NewIDs()
		restore()
		if mode == "hashed" {
			x.SkipOrderedPrefix()
		}
		rng := rand.New(rand.NewPCG(1, 2))
		var all ids
		model := map[string]int32{}
		for i := range 5000 {
			var id string
			switch r := rng.IntN(10); {
			case i < 2000 || r < 3:
				id = fmt.Sprintf("trace-%012x", 3*i)
			case r < 6:
				id = fmt.Sprint("n-", rng.IntN(20000))
			default:
				id = fmt.Sprintf("trace-%012x", rng.Uint64()>>16)
			}
			var p Probe
			_, dup := model[id]
			if x.IsNew(id, all, &p) == dup {
				t.Fatalf("%s: IsNew(%s) = %v, duplicate %v", mode, id, !dup, dup)
			}
			if dup {
				continue
			}
			all = append(all, id)
			model[id] = int32(len(all) - 1)
			x.Put(id, int32(len(all)-1), all, &p)
		}
		for id, pos := range model {
			if got, ok := x.Get(id, all); !ok || got != pos {
				t.Fatalf("%s: Get(%s) = %d, %v; want %d", mode, id, got, ok, pos)
			}
		}
		for _, id := range []string{"absent", "trace-ffffffffffff", "n-20001"} {
			if _, ok := x.Get(id, all); ok {
				t.Fatalf("%s: absent %s found", mode, id)
			}
		}
	}
}

// TestRecentIDsForgetsOld checks that recent ids are found at their
// positions and that ids older than 2*Window are not.
func TestRecentIDsForgetsOld(t *testing.T) {
	r := NewRecentIDs()
	const n = 3 * Window
	for i := range int32(n) {
		r.Put(fmt.Sprint("id-", i), i)
	}
	for i := range int32(n) {
		k, ok := r.Get(fmt.Sprint("id-", i), n)
		switch {
		case i >= n-Window && (!ok || k != i):
			t.Fatalf("recent id %d: %d, %v", i, k, ok)
		case i < n-2*Window && ok:
			t.Fatalf("old id %d found at %d", i, k)
		}
	}
}

func TestSortTimeKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, spread := range []int64{0, 1, 300, 1 << 20, 1 << 40, -1} {
		keys := make([]timeKey, rng.IntN(3000))
		for i := range keys {
			ts := int64(i) + rng.Int64N(spread+1+max(-spread, 0))
			if spread < 0 { // the whole int64 range
				ts = int64(rng.Uint64())
			}
			keys[i] = timeKey{ts, int32(i)}
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, func(a, b timeKey) int {
			if a.less(b) {
				return -1
			}
			return 1
		})
		if got := sortTimeKeys(keys); !slices.Equal(got, want) {
			t.Fatalf("spread %d: keys not sorted by (ts, seq)", spread)
		}
	}
}

// TestTimesRange adds timestamps in order, nearly in order and far out of
// order (enough for the late keys to be merged many times, both into runs
// and into sorted), in normal and bulk mode, and checks every range against
// a scan.
func TestTimesRange(t *testing.T) {
	for _, bulk := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(5, 5))
		tm := NewTimes()
		if bulk {
			tm.BeginBulk()
		}
		var ts []int64
		for i := range 80000 {
			v := int64(i)
			switch r := rng.IntN(10); {
			case i < 500:
			case r < 3:
				v = int64(i - rng.IntN(100))
			case r < 6:
				v = int64(rng.IntN(80000))
			}
			tm.Add(v, int32(i))
			ts = append(ts, v)
		}
		if bulk {
			tm.EndBulk()
		}
		if _, _, late := tm.Sizes(); !bulk && late < 8*maxLate {
			t.Fatalf("bulk %v: %d late keys: too few for runs to be merged", bulk, late)
		}
		for i := 1; i < len(tm.runs); i++ {
			if len(tm.runs[i-1]) <= 2*len(tm.runs[i]) {
				t.Fatalf("runs of %d and %d keys were not merged", len(tm.runs[i-1]), len(tm.runs[i]))
			}
		}
		if !bulk && len(tm.runs) > 12 {
			t.Fatalf("%d runs for %d keys", len(tm.runs), len(ts))
		}
		tsAt := func(i int32) int64 { return ts[i] }
		for range 100 {
			after, before := int64(rng.IntN(84000))-2000, int64(rng.IntN(84000))
			hasAfter, hasBefore := rng.IntN(4) > 0, rng.IntN(4) > 0
			var want []int32
			for i, v := range ts {
				if (!hasAfter || v > after) && (!hasBefore || v < before) {
					want = append(want, int32(i))
				}
			}
			r := tm.Range(after, before, hasAfter, hasBefore, tsAt)
			size := r.Len()
			if got := r.Positions(); size != len(want) || !slices.Equal(got, want) {
				t.Fatalf("bulk %v: (%d, %d) %v %v: %d positions (size %d), want %d", bulk, after, before,
					hasAfter, hasBefore, len(got), size, len(want))
			}
		}
	}
}

// TestGraphChildren adds edges from nodes and plans and checks Children,
// OutCount and Targeting against a list of the edges.
func TestGraphChildren(t *testing.T) {
	type e struct {
		src   int32 // -1: the plan
		owner int32
		rel   uint8
	}
	rng := rand.New(rand.NewPCG(7, 7))
	g := NewGraph[string]()
	var edges []e
	const nodes = 3000
	for i := range int32(nodes) {
		name := fmt.Sprint("n", i)
		idx := g.Add(&name, 0)
		for range rng.IntN(3) {
			rel := uint8(1 + rng.IntN(4))
			if i > 0 && rng.IntN(4) > 0 {
				src := int32(rng.IntN(int(i)))
				if rng.IntN(3) == 0 {
					src = i - 1
				}
				g.AddEdge(src, idx, rel)
				edges = append(edges, e{src, idx, rel})
			} else {
				g.AddPlanEdge("plans/p.md", idx, rel)
				edges = append(edges, e{-1, idx, rel})
			}
		}
		g.AddTarget(idx, "t", i%5 == 0)
		g.AddTarget(idx, "t", false)
	}
	for _, src := range []int32{-1, 0, 1, 17, nodes / 2, nodes - 1} {
		for _, rels := range []uint32{0, 1 << 1, 1<<2 | 1<<4} {
			var want []int32
			for _, x := range edges {
				if x.src == src && (rels == 0 || rels&(1<<x.rel) != 0) && (len(want) == 0 || want[len(want)-1] != x.owner) {
					want = append(want, x.owner)
				}
			}
			source := "plans/p.md"
			if src >= 0 {
				source = fmt.Sprint("n", src)
			}
			if got := g.Children(src, source, rels); !slices.Equal(got, want) {
				t.Fatalf("children of %d, rels %b: %v, want %v", src, rels, got, want)
			}
			if rels == 0 {
				count := 0
				for _, x := range edges {
					if x.src == src {
						count++
					}
				}
				if c := g.OutCount(src, source); c != count {
					t.Fatalf("out count of %d: %d, want %d", src, c, count)
				}
			}
		}
	}
	if got := g.Targeting("t", 10); len(got) != nodes || g.TargetingCount("t", -1) != nodes {
		t.Fatalf("targeting t: %d nodes", len(got))
	}
	if got := g.Targeting("t", 11); len(got) != nodes || !slices.IsSorted(got) {
		t.Fatalf("targeting t from a node without a self target: %d nodes", len(got))
	}
}
