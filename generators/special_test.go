package generators_test

import (
	"maps"
	"math"
	"slices"
	"sync"
	"testing"

	"pgregory.net/rapid"

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

// The kinds of the ints of a special case come at the rates the package
// documentation states, on both engines: for Int(), a plain value about
// 24.5%, a boundary value about 26%, a near constant about 40% and a far
// one about 10%. Each value is drawn in a special case of its own, so that
// the case's coin (every int special) is drawn once per value.
func TestSpecialKindsComeAtTheDocumentedRates(t *testing.T) {
	if testing.Short() {
		t.Skip("statistical")
	}
	sp := &generators.Special{Near: &generators.Constants{Ints: []int64{7777}}, Far: &generators.Constants{Ints: []int64{-4242}}}
	g := generators.Int()
	const n = 4000
	tape := map[generators.Kinds]int{}
	for seed := uint64(1); seed <= n; seed++ {
		s := generators.Record(seed)
		s.SpecialCase(sp)
		g.Draw(s)
		tape[s.TakeDrawn()]++
		s.EndCase()
	}
	onRapid := map[generators.Kinds]int{}
	rapid.Check(t, func(rt *rapid.T) {
		s := generators.RapidSource(rt)
		for range 20 {
			s.SpecialCase(sp)
			g.Draw(s)
			onRapid[s.TakeDrawn()]++
			s.EndCase()
		}
	})
	want := map[generators.Kinds]float64{generators.KindNear: 0.40, generators.KindFar: 0.10, generators.KindBoundary: 0.26, 0: 0.245}
	for engine, seen := range map[string]map[generators.Kinds]int{"tape": tape, "rapid": onRapid} {
		total := 0
		for _, c := range seen {
			total += c
		}
		for k, rate := range want {
			if got := float64(seen[k]) / float64(total); math.Abs(got-rate) > 0.04 {
				t.Errorf("%s: kinds %b in %.3f of %d special values, want %.3f", engine, k, got, total, rate)
			}
		}
	}
}

const (
	maxInt = int(^uint(0) >> 1)
	minInt = -maxInt - 1
)

// The items of a collection and the parts of a group draw special values
// on both engines alike: under rapid each is a nested draw on a *rapid.T
// of its own, and it must still see the special case of its Source.
func TestNestedItemsDrawSpecialValuesOnBothEngines(t *testing.T) {
	sp := &generators.Special{Near: &generators.Constants{Ints: []int64{7777}}}
	gens := map[string]generators.Gen[[]int]{
		"SliceOfN":         generators.SliceOfN(generators.Int(), 8, 8),
		"SliceOfNDistinct": generators.SliceOfNDistinct(generators.Int(), 8, 8, func(x int) int { return x }),
		"MapOfN": generators.Map(generators.MapOfN(generators.Int(), generators.Just(0), 8, 8), func(m map[int]int) []int {
			return slices.Sorted(maps.Keys(m))
		}),
		"Map2": generators.Map2(generators.Int(), generators.Int(), func(a, b int) []int { return []int{a, b} }),
	}
	for name, g := range gens {
		t.Run(name, func(t *testing.T) {
			// hits counts items equal to the near constant, items all items,
			// on the tape (gopter) and on rapid.
			var tapeHits, tapeItems, rapidHits, rapidItems, unsaid int
			for seed := uint64(1); seed <= 100; seed++ {
				s := generators.Record(seed)
				s.SpecialCase(sp)
				xs := g.Draw(s)
				tapeItems += len(xs)
				tapeHits += count(xs, 7777)
				s.EndCase()
			}
			rapid.Check(t, func(rt *rapid.T) {
				s := generators.RapidSource(rt)
				s.SpecialCase(sp)
				defer s.EndCase()
				xs := g.Draw(s)
				rapidItems += len(xs)
				rapidHits += count(xs, 7777)
				if slices.Contains(xs, 7777) && !s.TakeDrawn().Mined() {
					unsaid++
				}
			})
			tapeRate := float64(tapeHits) / float64(tapeItems)
			rapidRate := float64(rapidHits) / float64(rapidItems)
			t.Logf("items equal to the near constant: tape %d/%d (%.3f), rapid %d/%d (%.3f)", tapeHits, tapeItems, tapeRate, rapidHits, rapidItems, rapidRate)
			if tapeHits == 0 {
				t.Fatalf("no item on the tape drew the near constant")
			}
			if rapidRate < tapeRate/2 || rapidRate > tapeRate*2 {
				t.Errorf("rapid items draw the near constant at rate %.3f, the tape's at %.3f: the engines draw different distributions", rapidRate, tapeRate)
			}
			if unsaid > 0 {
				t.Errorf("%d rapid values holding the near constant do not say it was mined", unsaid)
			}
		})
	}
}

func count(xs []int, v int) int {
	n := 0
	for _, x := range xs {
		if x == v {
			n++
		}
	}
	return n
}

// A special case under rapid replays from its seed to the same values, and
// rapid still shrinks the items within its groups: a list with an item of
// at least 1000 shrinks to [1000].
func TestNestedSpecialItemsReplayAndShrinkOnRapid(t *testing.T) {
	sp := &generators.Special{Near: &generators.Constants{Ints: []int64{-4242}}, Far: &generators.Constants{Ints: []int64{7777}}}
	list := generators.SliceOf(generators.Int())
	special := rapid.Custom(func(rt *rapid.T) []int {
		s := generators.RapidSource(rt)
		s.SpecialCase(sp)
		defer s.EndCase()
		return list.Draw(s)
	})
	mined := 0
	for seed := 1; seed <= 50; seed++ {
		a, b := special.Example(seed), special.Example(seed)
		if !slices.Equal(a, b) {
			t.Fatalf("seed %d drew %v, then %v", seed, a, b)
		}
		if slices.Contains(a, 7777) || slices.Contains(a, -4242) {
			mined++
		}
	}
	if mined == 0 {
		t.Error("no list of 50 special rapid cases held a mined constant")
	}

	tb := &quietTB{}
	var last []int
	func() {
		defer func() {
			if p := recover(); p != nil {
				if _, ok := p.(stop); !ok {
					panic(p)
				}
			}
		}()
		rapid.Check(tb, func(rt *rapid.T) {
			s := generators.RapidSource(rt)
			s.SpecialCase(sp)
			defer s.EndCase()
			last = list.Draw(s)
			if slices.ContainsFunc(last, func(x int) bool { return x >= 1000 }) {
				rt.Fatalf("fails")
			}
		})
	}()
	if !tb.failed {
		t.Fatal("no special case drew an item of at least 1000")
	}
	if len(last) != 1 || !slices.Contains([]int{1000, 7777, maxInt}, last[0]) {
		t.Errorf("rapid shrank the failing list to %v, want [1000] (or [7777], [MaxInt])", last)
	}
}

// One generator may be drawn by special cases on several goroutines at
// once (laws run in parallel): each draw binds its own case (run under
// -race).
func TestNestedSpecialDrawsConcurrently(t *testing.T) {
	sp := &generators.Special{Near: &generators.Constants{Ints: []int64{7777}}}
	g := generators.Map2(generators.SliceOfN(generators.Int(), 2, 4), generators.Int(), func(xs []int, x int) []int { return append(xs, x) })
	var wg sync.WaitGroup
	mined := make([]int, 4)
	for i := range mined {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rapid.Check(t, func(rt *rapid.T) {
				s := generators.RapidSource(rt)
				s.SpecialCase(sp)
				defer s.EndCase()
				xs := g.Draw(s)
				if s.TakeDrawn().Mined() != slices.Contains(xs, 7777) {
					rt.Fatalf("%v: the kinds drawn say otherwise", xs)
				}
				if slices.Contains(xs, 7777) {
					mined[i]++
				}
			})
		}()
	}
	wg.Wait()
	for i, n := range mined {
		if n == 0 {
			t.Errorf("goroutine %d: no special case drew the near constant", i)
		}
	}
}

// A special int keeps the plain value's layout, its coin folded into the
// distance's choice as the low bit: lowering that choice by one (and the
// case's every-int coin to 0) keeps the tape's length and gives the plain
// value at the same distance, which the shrinker can go on lowering.
func TestLoweringASpecialIntsCoinGivesThePlainValue(t *testing.T) {
	sp := &generators.Special{Near: &generators.Constants{Ints: []int64{7777}}, Far: &generators.Constants{Ints: []int64{-4242}}}
	g := generators.Int()
	specials := 0
	for seed := uint64(1); seed <= 200; seed++ {
		s := generators.Record(seed)
		s.SpecialCase(sp)
		v := g.Draw(s)
		kind := s.TakeDrawn()
		s.EndCase()
		tape := s.Tape() // [every int special][side][distance*2 + coin]
		if len(tape) != 3 {
			t.Fatalf("seed %d: tape %v, want 3 choices", seed, tape)
		}
		if kind == 0 {
			continue
		}
		specials++
		plain := slices.Clone(tape)
		plain[0], plain[2] = 0, tape[2]&^1
		r := generators.Replay(plain)
		r.SpecialCase(sp)
		got := g.Draw(r)
		r.EndCase()
		want := int(tape[2] >> 1)
		if tape[1] == 1 {
			want = -want
		}
		if got != want || len(r.Tape()) != len(tape) || r.Overrun() != 0 || r.TakeDrawn() != 0 {
			t.Errorf("seed %d: special %d (tape %v); coins lowered: %d reading %d choices, want the plain %d reading 3", seed, v, tape, got, len(r.Tape()), want)
		}
	}
	if specials < 100 {
		t.Errorf("%d special values in 200 special cases", specials)
	}
}

// MaybeSpecialCase draws what Bool and then, on heads, SpecialCase draw:
// from one seed the two record the same tape and the same values, and a
// tape recorded through either replays through the other. Its coin makes
// half of the cases special.
func TestMaybeSpecialCaseDrawsBoolThenSpecialCase(t *testing.T) {
	sp := &generators.Special{Near: &generators.Constants{Ints: []int64{7777, 3}}, Far: &generators.Constants{Ints: []int64{-4242}}}
	g := generators.Int()
	type drawn struct {
		special bool
		values  [3]int
		kinds   generators.Kinds
	}
	draw := func(s *generators.Source, maybe bool) drawn {
		var d drawn
		if maybe {
			d.special = s.MaybeSpecialCase(sp)
		} else if d.special = s.Bool(); d.special {
			s.SpecialCase(sp)
		}
		for i := range d.values {
			d.values[i] = g.Draw(s)
		}
		d.kinds = s.TakeDrawn()
		s.EndCase()
		return d
	}
	special := 0
	src := generators.Record(0)
	for seed := uint64(1); seed <= 2000; seed++ {
		a := generators.Record(seed)
		da := draw(a, false)
		src.Restart(seed) // a reused Source, as the gopter engine draws its cases
		db := draw(src, true)
		if da != db || !slices.Equal(a.Tape(), src.Tape()) || a.Draws() != src.Draws() {
			t.Fatalf("seed %d: Bool then SpecialCase %+v, tape %v, %d draws; MaybeSpecialCase %+v, tape %v, %d draws",
				seed, da, a.Tape(), a.Draws(), db, src.Tape(), src.Draws())
		}
		if da.special {
			special++
		}
		for _, maybe := range []bool{false, true} {
			if got := draw(generators.Replay(a.Tape()), maybe); got != da {
				t.Fatalf("seed %d: replayed (MaybeSpecialCase %v) %+v, recorded %+v", seed, maybe, got, da)
			}
		}
	}
	if special < 900 || special > 1100 {
		t.Errorf("%d special cases in 2000", special)
	}
}
