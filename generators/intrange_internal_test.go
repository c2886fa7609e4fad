package generators

import (
	"sync"
	"testing"
)

// IntRange shares the generator of a range near 0: the same one on every
// call, from any goroutine, whether it is found in the index ranges'
// table (int, lo < smallIndexLo) or in the keyed cache; other types and
// ends get their own, which draw in their own range.
func TestIntRangeSharesRangesNearZero(t *testing.T) {
	var wg sync.WaitGroup
	got := make([][]*genImpl[int], 4)
	for w := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for hi := 3; hi <= cachedRange; hi++ {
				got[w] = append(got[w], IntRange(1, hi).impl, IntRange(0, hi).impl, IntRange(2, hi).impl, IntRange(-1, hi).impl, IntRange(3, hi).impl)
			}
		}()
	}
	wg.Wait()
	for w := range got {
		for i, impl := range got[w] {
			if impl != got[0][i] {
				t.Fatalf("goroutine %d, range %d: a different generator", w, i)
			}
		}
	}
	if a, b := IntRange(1, 5), IntRange(1, 6); a.impl == b.impl || a.String() != "IntRange(1, 5)" {
		t.Errorf("IntRange(1, 5) is %s, shared with IntRange(1, 6): %v", a, a.impl == b.impl)
	}
	if g := IntRange[int64](1, 5); g.String() != "IntRange(1, 5)" {
		t.Errorf("IntRange[int64](1, 5) is %s", g)
	}
	for seed := uint64(1); seed <= 200; seed++ {
		if v := IntRange(1, 3).Example(seed); v < 1 || v > 3 {
			t.Fatalf("IntRange(1, 3) gave %d", v)
		}
		if v := IntRange[uint8](1, 3).Example(seed); v < 1 || v > 3 {
			t.Fatalf("IntRange[uint8](1, 3) gave %d", v)
		}
	}
}

// Building the index range of a law, as laws do in every case.
func BenchmarkIntRangeIndex(b *testing.B) {
	b.ReportAllocs()
	var g Gen[int]
	for i := 0; b.Loop(); i++ {
		g = IntRange(1, 1+i%8)
	}
	_ = g
}
