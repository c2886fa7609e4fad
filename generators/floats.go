package generators

import (
	"fmt"
	"math"
)

// FloatOption narrows the values [Float64] generates.
type FloatOption func(*floatConfig)

type floatConfig struct {
	noNaN, noInf, noNegZero, noSubnormal bool
}

// NoNaN excludes NaN.
func NoNaN() FloatOption { return func(c *floatConfig) { c.noNaN = true } }

// NoInf excludes +Inf and -Inf.
func NoInf() FloatOption { return func(c *floatConfig) { c.noInf = true } }

// Finite excludes NaN, +Inf and -Inf.
func Finite() FloatOption { return func(c *floatConfig) { c.noNaN, c.noInf = true, true } }

// NoNegZero excludes -0 (it becomes +0).
func NoNegZero() FloatOption { return func(c *floatConfig) { c.noNegZero = true } }

// NoSubnormal excludes subnormal numbers (they become a signed zero).
func NoSubnormal() FloatOption { return func(c *floatConfig) { c.noSubnormal = true } }

// Edge values that [Float64] generates on purpose, unless excluded.
// The first three are drawn twice as often as the others.
var floatEdges = []float64{
	0, math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1),
	math.MaxFloat64, -math.MaxFloat64,
	math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
	0x1p-1022, -0x1p-1022, // smallest normal
	1, -1,
}

// Float64 returns a generator of float64s: small integers, simple
// fractions, values of any magnitude, and the edge values 0, -0, +Inf,
// -Inf, NaN, ±MaxFloat64, ±the smallest subnormal and ±the smallest normal.
// Options exclude edge classes. It shrinks towards 0, then small integers,
// then simple fractions.
func Float64(opts ...FloatOption) Gen[float64] {
	var c floatConfig
	for _, o := range opts {
		o(&c)
	}
	var edges []float64
	for _, e := range floatEdges {
		if c.allows(e) {
			edges = append(edges, e)
		}
	}
	wholes := IntRange[int64](-1<<20, 1<<20)
	exps := IntRange(-1022, 1023)
	integral := Map(wholes, func(i int64) float64 { return float64(i) })
	fraction := Custom("fraction", func(s *Source) float64 {
		whole := float64(wholes.Draw(s))
		num := float64(s.Bits(52))
		f := num / (1 << 52)
		if whole < 0 {
			return whole - f
		}
		return whole + f
	})
	wide := Custom("wide", func(s *Source) float64 {
		exp := exps.Draw(s)
		mant := s.Bits(52)
		f := math.Ldexp(1+float64(mant)/(1<<52), exp)
		if s.Bool() {
			f = -f
		}
		return f
	})
	edge := Custom("edge", func(s *Source) float64 { return edges[fairIndex(s, len(edges))] })
	choices := []Weighted[float64]{{4, integral}, {4, fraction}, {3, wide}}
	if len(edges) > 0 {
		choices = append(choices, Weighted[float64]{4, edge})
	}
	f := Frequency(choices...)
	return Custom(fmt.Sprintf("Float64(%+v)", c), func(s *Source) float64 {
		v := c.normalise(f.Draw(s))
		if s.special != nil {
			switch k, consts := s.kind(); k {
			case kindConstant:
				if v, ok := pickFloat(s, consts.Floats, c.allows); ok {
					s.noteConstant(consts)
					return c.normalise(v)
				}
				fallthrough
			case kindBoundary:
				if len(edges) > 0 {
					s.note(KindBoundary)
					return edges[fairIndex(s, len(edges))]
				}
			}
		}
		return v
	})
}

// Float64Range returns a generator of finite float64s in [lo, hi],
// including both bounds and 0 when it is in range. It shrinks towards the
// value of the range closest to 0.
func Float64Range(lo, hi float64) Gen[float64] {
	if !(lo <= hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		panic(fmt.Sprintf("generators: Float64Range(%v, %v): need finite lo <= hi", lo, hi))
	}
	target := 0.0
	if lo > 0 {
		target = lo
	} else if hi < 0 {
		target = hi
	}
	three := newChoice(2)
	ends := Custom("ends", func(s *Source) float64 {
		return [3]float64{target, lo, hi}[three.draw(s)]
	})
	uniform := Custom("uniform", func(s *Source) float64 {
		// a fraction of the way from target towards one end of the range
		frac := float64(s.Bits(53)) / (1 << 53)
		if s.Bool() {
			return target + (lo-target)*frac
		}
		return target + (hi-target)*frac
	})
	f := Frequency(Weighted[float64]{1, ends}, Weighted[float64]{4, uniform})
	in := func(v float64) bool { return v >= lo && v <= hi }
	return Custom(fmt.Sprintf("Float64Range(%v, %v)", lo, hi), func(s *Source) float64 {
		v := f.Draw(s)
		if s.special != nil {
			switch k, consts := s.kind(); k {
			case kindConstant:
				if v, ok := pickFloat(s, consts.Floats, in); ok {
					s.noteConstant(consts)
					return v
				}
				fallthrough
			case kindBoundary:
				s.note(KindBoundary)
				return ends.Draw(s)
			}
		}
		return v
	})
}

// fairIndex draws an index in [0, n) from fair coins, so that every value
// of a short list (the float edges) is about equally likely on both
// engines; it shrinks towards 0.
func fairIndex(s *Source, n int) int {
	u := 0
	for b := 1; b < n; b <<= 1 {
		u <<= 1
		if s.Bool() {
			u |= 1
		}
	}
	return u % n
}

// pickFloat draws one of fs accepted by ok, favouring the first.
func pickFloat(s *Source, fs []float64, ok func(float64) bool) (float64, bool) {
	n := 0
	for _, f := range fs {
		if ok(f) {
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	k := s.Choose(uint64(n - 1))
	for _, f := range fs {
		if ok(f) {
			if k == 0 {
				return f, true
			}
			k--
		}
	}
	return 0, false
}

func (c floatConfig) allows(f float64) bool {
	switch {
	case math.IsNaN(f):
		return !c.noNaN
	case math.IsInf(f, 0):
		return !c.noInf
	case f == 0 && math.Signbit(f):
		return !c.noNegZero
	case f != 0 && math.Abs(f) < 0x1p-1022:
		return !c.noSubnormal
	}
	return true
}

func (c floatConfig) normalise(f float64) float64 {
	if c.noSubnormal && f != 0 && math.Abs(f) < 0x1p-1022 {
		f = math.Copysign(0, f)
	}
	if c.noNegZero && f == 0 {
		f = 0
	}
	return f
}
