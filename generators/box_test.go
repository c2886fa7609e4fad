package generators_test

import (
	"testing"

	"github.com/kgents/kgents-core/generators"
)

// Box keeps what the boxed generator knows of its values, where Map
// forgets it: the value shrink passes of package laws rely on Produces.
func TestBoxKeepsProducesAndTheShrinker(t *testing.T) {
	boxed := generators.Box(generators.IntRange(-5, 10))
	for v, want := range map[any]bool{0: true, -5: true, 10: true, 11: false, -6: false, int64(3): false, "3": false} {
		if got := boxed.Produces(v); got != want {
			t.Errorf("Box(IntRange(-5, 10)).Produces(%#v) = %v, want %v", v, got, want)
		}
	}
	mapped := generators.Map(generators.IntRange(-5, 10), func(v int) any { return v })
	if mapped.Produces(3) {
		t.Errorf("Map keeps Produces: this test no longer shows why Box exists")
	}
	for seed := uint64(1); seed <= 50; seed++ {
		v := boxed.Example(seed)
		if n, ok := v.(int); !ok || n < -5 || n > 10 {
			t.Fatalf("seed %d: drew %#v, want an int in [-5, 10]", seed, v)
		}
	}
	half := generators.WithShrinker(generators.IntRange(0, 100), func(v int) []int { return []int{v / 2} })
	b := generators.Box(half)
	if !b.HasShrinker() {
		t.Fatalf("Box dropped the structural shrinker")
	}
	sv := b.DrawShrinkable(generators.Record(3))
	if cs := sv.Shrinks(); len(cs) != 1 || cs[0].Value != sv.Value.(int)/2 {
		t.Errorf("shrinks of %v: %v, want [%d]", sv.Value, cs, sv.Value.(int)/2)
	}
	if got := generators.Box(generators.Bool()).Produces(true); got {
		t.Errorf("Box(Bool()).Produces(true) = true: Bool cannot tell")
	}
}
