package laws

import (
	"testing"

	"github.com/kgents/kgents-core/generators"
)

// A binding drawn from a boxed generator (a Gen[any], as a signature
// with sorts of several types holds them) still says which ints it can
// produce, so the value passes try simpler ones.
func TestCanProduceThroughABoxedGenerator(t *testing.T) {
	b := Binding{gen: generators.Box(generators.IntRange(-3, 100))}
	for v, want := range map[any]bool{0: true, -3: true, 100: true, 101: false, -4: false, int8(1): false, "1": false} {
		if got := b.canProduce(v); got != want {
			t.Errorf("canProduce(%#v) = %v, want %v", v, got, want)
		}
	}
	plain := Binding{gen: generators.IntRange(-3, 100)}
	if !plain.canProduce(7) || plain.canProduce(int64(7)) {
		t.Errorf("an IntRange binding: canProduce(7) must hold, canProduce(int64(7)) must not")
	}
}
