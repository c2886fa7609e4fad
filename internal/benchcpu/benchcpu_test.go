package benchcpu

import "testing"

// The process's CPU time grows while it works.
func TestProcessGrows(t *testing.T) {
	t0 := Process()
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	if Process() <= t0 {
		t.Errorf("CPU time did not grow over 50M multiplications (x=%d)", x)
	}
}

func BenchmarkPerOp(b *testing.B) {
	defer PerOp(b)()
	x := 0
	for i := range b.N {
		x ^= i
	}
	_ = x
}
