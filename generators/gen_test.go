package generators_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/kgents/kgents-core/generators"
)

// drawBoth draws n values from g on each engine: from rapid (inside a
// rapid property) and from recording tapes with seeds 1..n.
func drawBoth[T any](t *testing.T, g generators.Gen[T], n int, check func(engine string, v T)) {
	t.Helper()
	rapid.Check(t, func(rt *rapid.T) {
		check("rapid", generators.Rapid(g).Draw(rt, "v"))
	})
	for seed := uint64(1); seed <= uint64(n); seed++ {
		check("tape", g.Draw(generators.Record(seed)))
	}
}

func TestIntRangeStaysInRange(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		lo := rapid.Int64().Draw(rt, "lo")
		hi := rapid.Int64Range(lo, math.MaxInt64).Draw(rt, "hi")
		g := generators.IntRange(lo, hi)
		for seed := uint64(0); seed < 20; seed++ {
			if v := g.Draw(generators.Record(seed)); v < lo || v > hi {
				rt.Fatalf("IntRange(%d, %d) drew %d", lo, hi, v)
			}
		}
		// Any tape, such as one a shrinker made, still gives a value in range.
		tape := rapid.SliceOfN(rapid.Uint64(), 0, 4).Draw(rt, "tape")
		if v := g.Draw(generators.Replay(tape)); v < lo || v > hi {
			rt.Fatalf("IntRange(%d, %d) replayed %v as %d", lo, hi, tape, v)
		}
		if v := generators.Rapid(g).Draw(rt, "v"); v < lo || v > hi {
			rt.Fatalf("IntRange(%d, %d) drew %d under rapid", lo, hi, v)
		}
	})
	drawBoth(t, generators.IntRange[uint8](3, 250), 500, func(e string, v uint8) {
		if v < 3 || v > 250 {
			t.Fatalf("%s: %d out of [3, 250]", e, v)
		}
	})
}

// Every value of a small range is reachable, and the choices map onto the
// range without gaps: side s and distance d give target ± d.
func TestIntRangeCoversTheRange(t *testing.T) {
	for _, r := range [][2]int{{-3, 4}, {-4, 3}, {2, 7}, {-7, -2}, {0, 5}, {-5, 0}, {0, 0}} {
		g := generators.IntRange(r[0], r[1])
		seen := map[int]bool{}
		for d := uint64(0); d <= 8; d++ {
			for side := uint64(0); side <= 1; side++ {
				seen[g.Draw(generators.Replay(generators.Tape{side, d}))] = true
				seen[g.Draw(generators.Replay(generators.Tape{d}))] = true // one-sided ranges draw no side
			}
		}
		for v := r[0]; v <= r[1]; v++ {
			if !seen[v] {
				t.Errorf("IntRange(%d, %d): %d is not reachable from any choice", r[0], r[1], v)
			}
		}
		if len(seen) != r[1]-r[0]+1 {
			t.Errorf("IntRange(%d, %d) reached %v", r[0], r[1], seen)
		}
	}
}

// The all-zero choice is the simplest value of every combinator.
func TestZeroChoicesGiveTheSimplestValue(t *testing.T) {
	empty := generators.Tape(nil)
	check := func(name string, got, want any) {
		t.Helper()
		if !cmp.Equal(got, want, cmpopts.EquateEmpty()) {
			t.Errorf("%s on an empty tape = %#v, want %#v", name, got, want)
		}
	}
	check("IntRange(-5, 5)", generators.IntRange(-5, 5).Draw(generators.Replay(empty)), 0)
	check("IntRange(3, 9)", generators.IntRange(3, 9).Draw(generators.Replay(empty)), 3)
	check("IntRange(-9, -3)", generators.IntRange(-9, -3).Draw(generators.Replay(empty)), -3)
	check("Bool", generators.Bool().Draw(generators.Replay(empty)), false)
	check("Float64", generators.Float64().Draw(generators.Replay(empty)), 0.0)
	check("Float64Range(2, 3)", generators.Float64Range(2, 3).Draw(generators.Replay(empty)), 2.0)
	check("StringOf", generators.StringOf("xyz").Draw(generators.Replay(empty)), "")
	check("StringOfN(2, 4)", generators.StringOfN("xyz", 2, 4).Draw(generators.Replay(empty)), "xx")
	check("SliceOf", generators.SliceOf(generators.Int()).Draw(generators.Replay(empty)), []int{})
	check("OneOf", generators.OneOf(generators.Just("a"), generators.Just("b")).Draw(generators.Replay(empty)), "a")
	check("Frequency", generators.Frequency(
		generators.Weighted[string]{Weight: 1, Gen: generators.Just("first")},
		generators.Weighted[string]{Weight: 9, Gen: generators.Just("second")}).Draw(generators.Replay(empty)), "first")
}

// Replaying the tape a value was recorded with rebuilds the same value.
func TestRecordThenReplayIsIdentity(t *testing.T) {
	type pair struct {
		N int
		S []string
	}
	gens := map[string]generators.Gen[any]{
		"ints":    anyOf(generators.Int()),
		"floats":  anyOf(generators.Float64()),
		"strings": anyOf(generators.StringOfN(generators.PrintableASCII, 0, 20)),
		"maps":    anyOf(generators.MapOfN(generators.IntRange(0, 50), generators.Bool(), 0, 10)),
		"bind": anyOf(generators.Bind(generators.IntRange(0, 5), func(n int) generators.Gen[pair] {
			return generators.Map(generators.SliceOfN(generators.StringOf("ab"), n, n), func(s []string) pair { return pair{n, s} })
		})),
	}
	for name, g := range gens {
		for seed := uint64(0); seed < 300; seed++ {
			rec := generators.Record(seed)
			v := g.Draw(rec)
			if got := g.Draw(generators.Replay(rec.Tape())); !cmp.Equal(got, v, cmpopts.EquateNaNs()) {
				t.Fatalf("%s seed %d: recorded %v, replayed %v", name, seed, v, got)
			}
		}
	}
}

func TestRestartRecordsAsAFreshRecord(t *testing.T) {
	g := generators.SliceOfN(generators.Int(), 0, 20)
	src := generators.Record(99)
	sp := &generators.Special{Near: &generators.Constants{Ints: []int64{7777}}}
	for seed := uint64(0); seed < 200; seed++ {
		src.Restart(seed)
		fresh := generators.Record(seed)
		if seed%2 == 0 { // a special case left open must not leak into the next
			src.SpecialCase(sp)
			fresh.SpecialCase(sp)
		}
		a, b := g.Draw(src), g.Draw(fresh)
		if !cmp.Equal(a, b) || !cmp.Equal(src.Tape(), fresh.Tape()) || src.Draws() != fresh.Draws() {
			t.Fatalf("seed %d: restarted %v (tape %v), fresh %v (tape %v)", seed, a, src.Tape(), b, fresh.Tape())
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Restart of a replaying Source did not panic")
		}
	}()
	generators.Replay(nil).Restart(1)
}

func anyOf[T any](g generators.Gen[T]) generators.Gen[any] {
	return generators.Map(g, func(v T) any { return v })
}

func TestFloat64EdgesAppearAndExclusionsHold(t *testing.T) {
	isSub := func(f float64) bool { return f != 0 && math.Abs(f) < 0x1p-1022 }
	edges := map[string]func(float64) bool{
		"0":         func(f float64) bool { return f == 0 && !math.Signbit(f) },
		"-0":        func(f float64) bool { return f == 0 && math.Signbit(f) },
		"+Inf":      func(f float64) bool { return math.IsInf(f, 1) },
		"-Inf":      func(f float64) bool { return math.IsInf(f, -1) },
		"NaN":       math.IsNaN,
		"max":       func(f float64) bool { return f == math.MaxFloat64 },
		"subnormal": func(f float64) bool { return f == math.SmallestNonzeroFloat64 },
	}
	seen := map[string]bool{}
	all := generators.Float64()
	for seed := uint64(0); seed < 5000; seed++ {
		f := all.Draw(generators.Record(seed))
		for name, is := range edges {
			if is(f) {
				seen[name] = true
			}
		}
	}
	for name := range edges {
		if !seen[name] {
			t.Errorf("Float64() never produced %s in 5000 draws", name)
		}
	}
	for name, c := range map[string]struct {
		g   generators.Gen[float64]
		bad func(float64) bool
	}{
		"NoNaN":       {generators.Float64(generators.NoNaN()), math.IsNaN},
		"NoInf":       {generators.Float64(generators.NoInf()), func(f float64) bool { return math.IsInf(f, 0) }},
		"Finite":      {generators.Float64(generators.Finite()), func(f float64) bool { return math.IsInf(f, 0) || math.IsNaN(f) }},
		"NoNegZero":   {generators.Float64(generators.NoNegZero()), edges["-0"]},
		"NoSubnormal": {generators.Float64(generators.NoSubnormal()), isSub},
		"Range":       {generators.Float64Range(-2.5, 1e3), func(f float64) bool { return !(f >= -2.5 && f <= 1e3) }},
	} {
		drawBoth(t, c.g, 3000, func(e string, f float64) {
			if c.bad(f) {
				t.Fatalf("%s on %s produced %v", name, e, f)
			}
		})
	}
}

func TestStringsUseTheirAlphabet(t *testing.T) {
	drawBoth(t, generators.StringOfN("xyz", 2, 5), 500, func(e string, s string) {
		if n := utf8.RuneCountInString(s); n < 2 || n > 5 || strings.Trim(s, "xyz") != "" {
			t.Fatalf("%s: %q is not 2-5 runes of xyz", e, s)
		}
	})
	drawBoth(t, generators.StringFrom(generators.UnicodeRune(), 0, 10), 500, func(e string, s string) {
		if !utf8.ValidString(s) {
			t.Fatalf("%s: %q is not valid UTF-8", e, s)
		}
	})
}

func TestCollectionsRespectTheirBounds(t *testing.T) {
	drawBoth(t, generators.SliceOfN(generators.Int(), 1, 4), 500, func(e string, s []int) {
		if len(s) < 1 || len(s) > 4 {
			t.Fatalf("%s: SliceOfN(1, 4) has length %d", e, len(s))
		}
	})
	drawBoth(t, generators.SliceOfNDistinct(generators.IntRange(0, 9), 3, 8, func(x int) int { return x }), 500, func(e string, s []int) {
		seen := map[int]bool{}
		for _, x := range s {
			if seen[x] {
				t.Fatalf("%s: %v has a duplicate", e, s)
			}
			seen[x] = true
		}
		if len(s) < 3 || len(s) > 8 {
			t.Fatalf("%s: length %d not in [3, 8]", e, len(s))
		}
	})
	drawBoth(t, generators.MapOfN(generators.StringOfN("ab", 0, 3), generators.Int(), 2, 6), 500, func(e string, m map[string]int) {
		if len(m) < 2 || len(m) > 6 {
			t.Fatalf("%s: map of size %d", e, len(m))
		}
	})
	var longest int
	for seed := uint64(0); seed < 1000; seed++ {
		longest = max(longest, len(generators.SliceOf(generators.Bool()).Draw(generators.Record(seed))))
	}
	if longest < 10 {
		t.Errorf("SliceOf never made a slice longer than %d in 1000 draws", longest)
	}
}

func TestFilter(t *testing.T) {
	evens := generators.IntRange(-100, 100).Filter(func(x int) bool { return x%2 == 0 })
	drawBoth(t, evens, 500, func(e string, x int) {
		if x%2 != 0 {
			t.Fatalf("%s: Filter(even) gave %d", e, x)
		}
	})
	never := generators.IntRange(0, 10).Filter(func(int) bool { return false })
	defer func() {
		p := recover()
		err, ok := p.(error)
		var fe *generators.FilterError
		if !ok || !errors.Is(err, generators.ErrFilterTooStrict) || !errors.As(err, &fe) || fe.Attempts != generators.FilterAttempts ||
			!strings.Contains(err.Error(), "rejects too much") || !strings.Contains(err.Error(), "IntRange(0, 10)") {
			t.Errorf("a filter that rejects everything panicked with %v", p)
		}
	}()
	never.Example(1)
}

func TestRecursiveIsBounded(t *testing.T) {
	type tree struct{ kids []tree }
	var depth func(tree) int
	depth = func(x tree) int {
		d := 0
		for _, k := range x.kids {
			d = max(d, depth(k))
		}
		return d + 1
	}
	trees := generators.Recursive(generators.Just(tree{}), func(sub generators.Gen[tree]) generators.Gen[tree] {
		return generators.Map(generators.SliceOfN(sub, 1, 3), func(k []tree) tree { return tree{k} })
	}, 3)
	deepest := 0
	drawBoth(t, trees, 1000, func(e string, x tree) {
		if d := depth(x); d > 4 {
			t.Fatalf("%s: tree of depth %d, want at most 4", e, d)
		} else {
			deepest = max(deepest, d)
		}
	})
	if deepest < 3 {
		t.Errorf("Recursive never built a tree deeper than %d", deepest)
	}
}

// Shrinking goes through Map and Bind on both engines, to the same
// minimal value.
func TestShrinkingThroughMapAndBind(t *testing.T) {
	doubled := generators.Map(generators.IntRange(0, 1_000_000), func(x int) int { return 2 * x })
	dependent := generators.Bind(generators.IntRange(0, 100), func(n int) generators.Gen[int] {
		return generators.IntRange(n, n+100_000)
	})
	for _, c := range []struct {
		name  string
		g     generators.Gen[int]
		fails func(int) bool
		want  int
	}{
		{"Map", doubled, func(v int) bool { return v >= 1000 }, 1000},
		{"Bind", dependent, func(v int) bool { return v >= 500 }, 500},
	} {
		if v, ok := rapidMinimal(c.g, c.fails); !ok || v != c.want {
			t.Errorf("%s on rapid: shrank to %d (failed: %v), want %d", c.name, v, ok, c.want)
		}
		for seed := int64(1); seed <= 5; seed++ {
			if v, ok := gopterMinimal(c.g, c.fails, seed); !ok || v != c.want {
				t.Errorf("%s on gopter, seed %d: shrank to %d (failed: %v), want %d", c.name, seed, v, ok, c.want)
			}
		}
	}
}

func TestConstructorsRejectNonsense(t *testing.T) {
	for name, f := range map[string]func(){
		"IntRange(5, 1)":        func() { generators.IntRange(5, 1) },
		"OneOf()":               func() { generators.OneOf[int]() },
		"Frequency weight 0":    func() { generators.Frequency(generators.Weighted[int]{Weight: 0, Gen: generators.Int()}) },
		"SliceOfN(3, 1)":        func() { generators.SliceOfN(generators.Int(), 3, 1) },
		"RuneFrom(\"\")":        func() { generators.RuneFrom("") },
		"Float64Range(1, 0)":    func() { generators.Float64Range(1, 0) },
		"zero Gen":              func() { var g generators.Gen[int]; g.Example(1) },
		"Recursive(depth -1)":   func() { generators.Recursive(generators.Int(), nil, -1) },
		"Custom(nil)":           func() { generators.Custom[int]("nil", nil) },
		"Float64Range(NaN, 1)":  func() { generators.Float64Range(math.NaN(), 1) },
		"Float64Range(-Inf, 1)": func() { generators.Float64Range(math.Inf(-1), 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}

// x ≥ 0 over a range reaching below 0 shrinks to -1 on both engines by
// their own shrinkers: the side of 0 is drawn before the distance, so a
// shrunk distance never flips a negative value to a passing positive one.
func TestNegativeExtremesShrinkToMinusOne(t *testing.T) {
	for _, g := range []generators.Gen[int]{generators.IntRange(-100, 10), generators.Int()} {
		for seed := int64(1); seed <= 30; seed++ {
			if v, ok := gopterMinimal(g, func(x int) bool { return x < 0 }, seed); !ok || v != -1 {
				t.Errorf("gopter seed %d over %s: shrank to %d (failed %v), want -1", seed, g, v, ok)
			}
		}
		for range 10 {
			if v, ok := rapidMinimal(g, func(x int) bool { return x < 0 }); !ok || v != -1 {
				t.Errorf("rapid over %s: shrank to %d (failed %v), want -1", g, v, ok)
			}
		}
	}
}

// SliceOfN gives a non-nil empty slice on both engines, so that values
// compare the same whichever engine drew them.
func TestEmptySlicesAreNotNil(t *testing.T) {
	g := generators.SliceOfN(generators.Int(), 0, 3)
	if v := g.Draw(generators.Replay(nil)); v == nil {
		t.Error("tape: SliceOfN drew nil")
	}
	drawBoth(t, g, 200, func(e string, v []int) {
		if v == nil {
			t.Fatalf("%s: SliceOfN drew nil", e)
		}
	})
}

// Map keeps a structural shrinker: the candidates of f(x) are f of the
// candidates of x.
func TestMapKeepsTheShrinker(t *testing.T) {
	halves := generators.WithShrinker(generators.IntRange(0, 1000), func(x int) []int {
		if x == 0 {
			return nil
		}
		return []int{x / 2}
	})
	type wrapped struct{ N int }
	g := generators.Map(halves, func(x int) wrapped { return wrapped{x} })
	if !g.HasShrinker() {
		t.Fatal("Map lost the shrinker")
	}
	v := g.DrawShrinkable(generators.Replay(generators.Tape{40}))
	if v.Value.N != 40 {
		t.Fatalf("drew %v, want {40}", v.Value)
	}
	var chain []int
	for c := v.Shrinks(); len(c) > 0; c = c[0].Shrinks() {
		chain = append(chain, c[0].Value.N)
	}
	if !cmp.Equal(chain, []int{20, 10, 5, 2, 1, 0}) {
		t.Errorf("shrink chain %v, want 20 10 5 2 1 0", chain)
	}
}

// rates draws n values of g on each engine (tapes with seeds 1..n; rapid
// n/20 cases of 20 draws) and returns the fraction satisfying pred.
func rates[T any](t *testing.T, g generators.Gen[T], n int, pred func(T) bool) (rapidRate, tapeRate float64) {
	t.Helper()
	hits, total := 0, 0
	rapid.Check(t, func(rt *rapid.T) {
		for range 20 {
			total++
			if pred(generators.Rapid(g).Draw(rt, "v")) {
				hits++
			}
		}
	})
	rapidRate = float64(hits) / float64(total)
	hits = 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		if pred(g.Draw(generators.Record(seed))) {
			hits++
		}
	}
	return rapidRate, float64(hits) / float64(n)
}

// One generator, one distribution: the tape draws choices with rapid's
// algorithm, so ints of every magnitude and the float edges come at the
// same rates on both engines (as the package documentation states).
func TestBothEnginesDrawTheSameDistribution(t *testing.T) {
	if testing.Short() {
		t.Skip("statistical")
	}
	mid := func(x int) bool {
		m := x
		if m < 0 {
			m = -m
		}
		return m >= 1<<16 && m < 1<<57
	}
	r, g := rates(t, generators.Int(), 4000, mid)
	if r < 0.2 || g < 0.2 || math.Abs(r-g) > 0.07 {
		t.Errorf("ints with magnitude in [2^16, 2^57): rapid %.3f, tape %.3f", r, g)
	}
	r, g = rates(t, generators.Float64(), 4000, math.IsNaN)
	if r < 0.015 || g < 0.015 || math.Abs(r-g) > 0.015 {
		t.Errorf("NaN: rapid %.3f, tape %.3f", r, g)
	}
	r, g = rates(t, generators.IntRange(0, 1000), 4000, func(x int) bool { return x == 1000 })
	if math.Abs(r-g) > 0.02 {
		t.Errorf("the top of IntRange(0, 1000): rapid %.3f, tape %.3f", r, g)
	}
}
