package generators_test

import (
	"slices"
	"testing"

	"github.com/kgents/kgents-core/generators"
)

// TakeDrawn tells what each value of a special case received: the near
// constant, a far one, a boundary value, or nothing for a plain value; a
// case that is not special draws none, and the elements of a collection
// count for the collection.
func TestTakeDrawnSaysWhatEachValueReceived(t *testing.T) {
	sp := &generators.Special{Near: &generators.Constants{Ints: []int64{7777}}, Far: &generators.Constants{Ints: []int64{-4242}}}
	g := generators.Int()
	seen := map[generators.Kinds]int{}
	for seed := uint64(1); seed <= 400; seed++ {
		s := generators.Record(seed)
		if v := g.Draw(s); s.TakeDrawn() != 0 {
			t.Fatalf("a plain case drew %d and says it was special", v)
		}
		s.SpecialCase(sp)
		v := g.Draw(s)
		k := s.TakeDrawn()
		seen[k]++
		switch {
		case v == 7777 && k != generators.KindNear, v == -4242 && k != generators.KindFar:
			t.Errorf("seed %d: drew the constant %d, kinds %b", seed, v, k)
		case k.Mined() && v != 7777 && v != -4242:
			t.Errorf("seed %d: drew %d, kinds %b say a constant", seed, v, k)
		case k == generators.KindBoundary && !slices.Contains([]int{0, 1, -1, 2, -2, minInt, maxInt, minInt + 1, maxInt - 1}, v):
			t.Errorf("seed %d: drew %d, kinds say a boundary value", seed, v)
		}
		if s.TakeDrawn() != 0 {
			t.Errorf("seed %d: TakeDrawn does not forget", seed)
		}
		s.EndCase()
	}
	for _, k := range []generators.Kinds{0, generators.KindBoundary, generators.KindNear, generators.KindFar} {
		if seen[k] == 0 {
			t.Errorf("kinds %b never drawn in 400 special cases: %v", k, seen)
		}
	}

	lists := 0
	list := generators.SliceOfN(g, 8, 8)
	for seed := uint64(1); seed <= 200; seed++ {
		s := generators.Record(seed)
		s.SpecialCase(sp)
		if xs := list.Draw(s); slices.Contains(xs, 7777) {
			lists++
			if !s.TakeDrawn().Mined() {
				t.Errorf("seed %d: a list holding the near constant %v does not say so", seed, xs)
			}
		}
		s.EndCase()
	}
	if lists == 0 {
		t.Error("no list of 8 special ints held the near constant")
	}
}

const (
	maxInt = int(^uint(0) >> 1)
	minInt = -maxInt - 1
)
