package classic

import (
	"math"
	"testing"
)

// The column operations give, in every lane, what the scalar operation
// gives (with Go's wrapping), also when the destination is an operand.
func TestColumnOperationsLaneByLane(t *testing.T) {
	var a, b column
	for i := range lanes {
		a[i] = i*7919 - 100000
		b[i] = -i * 104729
	}
	a[3], b[3] = math.MaxInt, 2
	a[30], b[31] = math.MinInt, math.MinInt
	ops := []struct {
		name string
		run  func(dst, a, b *column)
		want func(x, y int) int
	}{
		{"add", addCol, func(x, y int) int { return x + y }},
		{"mul", mulCol, func(x, y int) int { return x * y }},
		{"neg", func(dst, a, _ *column) { negCol(dst, a) }, func(x, _ int) int { return -x }},
		{"fill", func(dst, _, _ *column) { fillCol(dst, -3) }, func(int, int) int { return -3 }},
	}
	for _, op := range ops {
		var dst column
		op.run(&dst, &a, &b)
		aliased := a
		op.run(&aliased, &aliased, &b)
		for i := range lanes {
			if w := op.want(a[i], b[i]); dst[i] != w || aliased[i] != w {
				t.Fatalf("%s, lane %d: got %d (into an operand: %d), want %d", op.name, i, dst[i], aliased[i], w)
			}
		}
	}
}
