package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// An id index told how many ids to expect allocates its hash table once
// for all of them (one growth, never a doubling after it) and finds every
// id; told too few or too many, it still finds them all. Ids that the
// ordered prefix keeps take no room in the table.
func TestIDsReserveSizesTheTableOnce(t *testing.T) {
	const n = 50_000
	for _, tc := range []struct {
		name    string
		expect  int
		ordered int // ids from a counter before the random ones
		grows   int // table allocations, at most
	}{
		{"exact", n, 0, 1},
		{"exact, after an ordered prefix", n, 20_000, 1},
		{"too few", n / 10, 0, 5},
		{"too many", 4 * n, 0, 1},
		{"none", 0, 0, 20},
	} {
		x := NewIDs()
		x.Reserve(tc.expect)
		rng := rand.New(rand.NewPCG(3, 4))
		var all ids
		grows, size := 0, 0
		for i := range n {
			id := fmt.Sprintf("trace-%012x", i)
			if i >= tc.ordered {
				id = fmt.Sprintf("r-%016x", rng.Uint64())
			}
			var p Probe
			if !x.IsNew(id, all, &p) {
				t.Fatalf("%s: %s not new", tc.name, id)
			}
			all = append(all, id)
			x.Put(id, int32(i), all, &p)
			if len(x.table) != size {
				grows, size = grows+1, len(x.table)
			}
		}
		if grows > tc.grows {
			t.Errorf("%s: the table was allocated %d times, want at most %d", tc.name, grows, tc.grows)
		}
		if tc.expect >= n && size > 4*(tc.expect-tc.ordered) {
			t.Errorf("%s: a table of %d entries for %d expected ids", tc.name, size, tc.expect-tc.ordered)
		}
		for i, id := range all {
			if got, ok := x.Get(id, all); !ok || got != int32(i) {
				t.Fatalf("%s: Get(%s) = %d, %v; want %d", tc.name, id, got, ok, i)
			}
		}
	}
}

// A time index in bulk mode told how many nodes to expect allocates its
// sorted keys once, for the nodes after the first one out of order, and
// ranges over the same nodes as one told nothing; keys in order allocate
// nothing.
func TestTimesReserveAllocatesOnce(t *testing.T) {
	const n = 20_000
	for _, expect := range []int{0, n / 3, n, 2 * n} {
		for _, inOrder := range []int{n, n / 2, 10} {
			x, ref := NewTimes(), NewTimes()
			x.BeginBulk()
			ref.BeginBulk()
			x.Reserve(expect)
			rng := rand.New(rand.NewPCG(5, 6))
			ts := make([]int64, n)
			allocs, capacity := 0, 0
			for i := range ts {
				ts[i] = int64(i)
				if i >= inOrder {
					ts[i] = int64(i) - rng.Int64N(50)
				}
				x.Add(ts[i], int32(i))
				ref.Add(ts[i], int32(i))
				if cap(x.sorted) != capacity {
					allocs, capacity = allocs+1, cap(x.sorted)
				}
			}
			switch {
			case inOrder == n && allocs != 0:
				t.Errorf("expect %d: keys in order allocated %d times", expect, allocs)
			case inOrder < n && expect >= n && allocs != 1:
				t.Errorf("expect %d, in order to %d: sorted allocated %d times, want 1", expect, inOrder, allocs)
			}
			x.EndBulk()
			ref.EndBulk()
			tsAt := func(i int32) int64 { return ts[i] }
			for _, r := range [][2]int64{{-1, n + 1}, {100, 200}, {n / 2, n/2 + 7}} {
				got, want := x.Range(r[0], r[1], true, true, tsAt), ref.Range(r[0], r[1], true, true, tsAt)
				if !slices.Equal(got.Positions(), want.Positions()) {
					t.Fatalf("expect %d, in order to %d: range %v differs", expect, inOrder, r)
				}
			}
		}
	}
}
