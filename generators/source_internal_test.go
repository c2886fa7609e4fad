package generators

import (
	"math/rand/v2"
	"testing"
)

// The thresholds of small bit lengths give the bit length that rapid's
// logarithm gives, for every k: checked around each threshold, where a
// rounding difference would show, and on random k.
func TestSmallGeometricThresholdsMatchTheLogarithm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for b := 1; b <= smallBitlen; b++ {
		g := &geometrics[b]
		long := uint64(64 - (16-g.m)*4)
		want := func(k uint64) (bitlen int, isMax bool) {
			n := geometricLength(k, g.logQ)
			if int(n) < b {
				return int(n), false
			}
			return b, n >= long
		}
		got := func(k uint64) (int, bool) {
			th := smallGeometric(b)
			if k >= th.long {
				return b, true
			}
			for n, t := range th.shorter {
				if k < t {
					return n + 1, false
				}
			}
			return b, false
		}
		th := smallGeometric(b)
		var ks []uint64
		for _, c := range append(append([]uint64(nil), th.shorter...), th.long, 0, 1<<53-1) {
			for d := uint64(0); d < 256; d++ {
				ks = append(ks, (c+d-128)&(1<<53-1))
			}
		}
		for range 20000 {
			ks = append(ks, r.Uint64()>>11)
		}
		for _, k := range ks {
			wn, wm := want(k)
			gn, gm := got(k)
			if wn != gn || wm != gm {
				t.Fatalf("bit length %d, k %d: thresholds give (%d, %v), the logarithm (%d, %v)", b, k, gn, gm, wn, wm)
			}
		}
	}
}

// A recording tape draws the same choices as before the thresholds: the
// choices of small maxima, from fixed seeds, against the logarithm.
func TestRandomChoiceOfSmallMaximaMatchesTheLogarithm(t *testing.T) {
	reference := func(r *rand.Rand, max uint64) uint64 {
		bitlen := 0
		for m := max; m > 0; m >>= 1 {
			bitlen++
		}
		g := &geometrics[bitlen]
		n := geometricLength(r.Uint64()>>11, g.logQ)
		if int(n) < bitlen {
			bitlen = int(n)
		} else if int(n) >= 64-(16-g.m)*4 {
			return max
		}
		for {
			if u := r.Uint64() & (1<<uint(bitlen) - 1); u <= max {
				return u
			}
		}
	}
	for _, max := range []uint64{1, 2, 7, 8, 100, 255, 1000, 65535} {
		a, b := rand.New(rand.NewPCG(3, uint64(max))), rand.New(rand.NewPCG(3, uint64(max)))
		for i := range 20000 {
			if x, y := randomChoice(a, max), reference(b, max); x != y {
				t.Fatalf("max %d, draw %d: %d, want %d", max, i, x, y)
			}
		}
	}
}
