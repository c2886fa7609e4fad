package generators

import (
	"math"
	"testing"
)

// The special ints' index arithmetic: fastMod is the remainder, and a
// slot's index is favourFirst's, for every list length a slot can have.
func TestFastModIsTheRemainder(t *testing.T) {
	values := []uint32{0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 255, 256, 1000, 1<<24 - 1, 1 << 24, 5<<24 + 4, math.MaxUint32 - 1, math.MaxUint32}
	for n := 1; n <= 300; n++ {
		l := newSlotList(specialSlots[2], KindNear, make([]uint64, n))
		for _, a := range values {
			if got, want := fastMod(a, math.MaxUint64/uint64(n)+1, uint32(n)), a%uint32(n); got != want {
				t.Fatalf("fastMod(%d, %d) = %d, want %d", a, n, got, want)
			}
			if got, want := l.index(a), favourFirst(a, n); got != want {
				t.Fatalf("n %d: index(%d) = %d, favourFirst %d", n, a, got, want)
			}
		}
	}
}
