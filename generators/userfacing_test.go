package generators_test

import (
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
)

func TestSampledFromCoversAndShrinksToFirst(t *testing.T) {
	g := generators.SampledFrom("tea", "cake", "jam")
	if v := g.Draw(generators.Replay(nil)); v != "tea" {
		t.Errorf("zero choices give %q, want the first value", v)
	}
	seen := map[string]bool{}
	for seed := range uint64(200) {
		seen[g.Example(seed)] = true
	}
	if len(seen) != 3 {
		t.Errorf("200 draws saw %v", seen)
	}
	v, failed := rapidMinimal(g, func(s string) bool { return s != "jam" })
	if !failed || v != "tea" {
		t.Errorf("rapid shrank to %q (failed %v), want tea", v, failed)
	}
	if v, failed := gopterMinimal(generators.Element([]int{7, 8, 9}), func(n int) bool { return n != 9 }, 1); !failed || v != 7 {
		t.Errorf("gopter shrank to %d (failed %v), want 7", v, failed)
	}
	mustPanic(t, "at least one value", func() { generators.SampledFrom[int]() })
	mustPanic(t, "empty slice", func() { generators.Element([]int{}) })
}

type point struct{ X, Y int }

func TestMap2AndZipShrinkEachSide(t *testing.T) {
	pts := generators.Map2(generators.IntRange(0, 100), generators.IntRange(0, 100), func(x, y int) point { return point{x, y} })
	if v := pts.Draw(generators.Replay(nil)); v != (point{}) {
		t.Errorf("zero choices give %v", v)
	}
	v, failed := rapidMinimal(pts, func(p point) bool { return p.Y >= 10 })
	if !failed || v != (point{0, 10}) {
		t.Errorf("rapid shrank to %v, want {0 10}", v)
	}
	z := generators.Zip(generators.IntRange(0, 100), generators.SampledFrom("a", "b"))
	w, failed := gopterMinimal(z, func(p generators.Pair[int, string]) bool { return p.First > 5 && p.Second == "b" }, 3)
	if !failed || w != (generators.Pair[int, string]{First: 6, Second: "b"}) {
		t.Errorf("gopter shrank to %+v, want {6 b}", w)
	}
	m3 := generators.Map3(generators.Just(1), generators.Just(2), generators.Just(3), func(a, b, c int) int { return a*100 + b*10 + c })
	if v := m3.Example(1); v != 123 {
		t.Errorf("Map3 = %d", v)
	}
}

type order struct {
	ID     int
	Item   string
	Qty    uint8
	Tags   []string
	Extra  map[string]int
	Next   *order
	Scores [2]float64
	secret int
}

func TestMakeBuildsPlainStructs(t *testing.T) {
	g := generators.Make[order]()
	if v := g.Draw(generators.Replay(nil)); v.ID != 0 || v.Item != "" || len(v.Tags) != 0 || v.Next != nil {
		t.Errorf("zero choices give %+v, want the zero order", v)
	}
	varied := map[int]bool{}
	nested := false
	for seed := range uint64(100) {
		v := g.Example(seed)
		varied[v.ID] = true
		nested = nested || v.Next != nil
		if v.secret != 0 {
			t.Fatal("unexported field set")
		}
	}
	if len(varied) < 50 || !nested {
		t.Errorf("100 orders: %d distinct IDs, nested %v", len(varied), nested)
	}
	items := generators.Make[order](generators.Field("Item", generators.SampledFrom("tea", "cake")))
	for seed := range uint64(50) {
		if it := items.Example(seed).Item; it != "tea" && it != "cake" {
			t.Fatalf("Field ignored: Item %q", it)
		}
	}
	v, failed := rapidMinimal(generators.Make[order](), func(o order) bool { return o.Qty > 3 })
	if !failed || v.Qty != 4 || v.ID != 0 || v.Item != "" {
		t.Errorf("rapid shrank to %+v, want Qty 4 and the rest zero", v)
	}
	mustPanic(t, "no default generator for func()", func() {
		generators.Make[struct{ F func() }]()
	})
	mustPanic(t, `no exported field "Nope"`, func() { generators.Make[order](generators.Field("Nope", generators.Int())) })
	mustPanic(t, "field ID is int, the generator gives string", func() { generators.Make[order](generators.Field("ID", generators.StringOf("a"))) })
	type small struct{ N int8 }
	seen := map[int8]bool{}
	for seed := range uint64(300) {
		seen[generators.Make[small]().Example(seed).N] = true
	}
	if len(seen) < 100 {
		t.Errorf("int8 fields take %d distinct values in 300 draws", len(seen))
	}
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		p := recover()
		if p == nil || !strings.Contains(p.(string), want) {
			t.Errorf("panic %v, want one containing %q", p, want)
		}
	}()
	f()
}
