package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// producerTimes returns the timestamps of n appends by p producers that
// each stamp their nodes with a counter and take turns in rounds, in a
// random order, skipping a round now and then: the keys the durable
// ledger's group commit makes, nearly in order, with stragglers.
func producerTimes(n, p int, seed uint64) []int64 {
	rng := rand.New(rand.NewPCG(seed, seed))
	next := make([]int64, p)
	order := make([]int, p)
	for i := range order {
		order[i] = i
	}
	out := make([]int64, 0, n)
	for len(out) < n {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, q := range order {
			if len(out) == n {
				break
			}
			if rng.IntN(8) == 0 {
				continue
			}
			next[q]++
			out = append(out, next[q])
		}
	}
	return out
}

// BenchmarkTimesProducers measures adding the keys of concurrent producers
// (producerTimes) to the time index, per key.
func BenchmarkTimesProducers(b *testing.B) {
	for _, p := range []int{16, 1024} {
		b.Run(fmt.Sprintf("p=%d", p), func(b *testing.B) {
			ts := producerTimes(1<<20, p, 1)
			b.ReportAllocs()
			for b.Loop() {
				t := NewTimes()
				for i, v := range ts {
					t.Add(v, int32(i))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ts)), "ns/key")
		})
	}
}

// TestTimesMergesLateKeysInPlace adds the keys of concurrent producers,
// late by a few rounds at most, and checks that they went into sorted, not
// into runs; then a buffer of keys far older, which must become a run; and
// that every range still matches a scan.
func TestTimesMergesLateKeysInPlace(t *testing.T) {
	ts := producerTimes(60000, 64, 7)
	tm := NewTimes()
	late := 0
	for i, v := range ts {
		if i > 0 && v < ts[i-1] {
			late++
		}
		tm.Add(v, int32(i))
	}
	if late < 10000 {
		t.Fatalf("%d keys out of order: too few to test merging them", late)
	}
	if _, _, inRuns := tm.Sizes(); inRuns > maxLate {
		t.Fatalf("%d of %d late keys kept apart from sorted", inRuns, late)
	}
	for i := range 2 * maxLate {
		ts = append(ts, int64(i%50))
		tm.Add(ts[len(ts)-1], int32(len(ts)-1))
	}
	if _, _, inRuns := tm.Sizes(); inRuns-len(tm.late) < maxLate {
		t.Fatalf("%d old keys, %d in runs", 2*maxLate, inRuns-len(tm.late))
	}
	rng := rand.New(rand.NewPCG(8, 8))
	tsAt := func(i int32) int64 { return ts[i] }
	for range 200 {
		after, before := rng.Int64N(1100)-10, rng.Int64N(1100)
		var want []int32
		for i, v := range ts {
			if v > after && v < before {
				want = append(want, int32(i))
			}
		}
		r := tm.Range(after, before, true, true, tsAt)
		if got := r.Positions(); !slices.Equal(got, want) {
			t.Fatalf("(%d, %d): %d positions, want %d", after, before, len(got), len(want))
		}
	}
}
