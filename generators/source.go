package generators

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"pgregory.net/rapid"
)

// A Source is the stream of choices a generator draws from. Every value a
// [Gen] produces is a pure function of the choices it read, so an engine that
// shrinks the choices shrinks every value derived from them, through [Map],
// [Bind], [Filter] and any user code.
//
// A Source is backed by one of two engines:
//
//   - rapid: the choices are draws on a [*rapid.T] ([RapidSource]); rapid's
//     shrinker minimises its bitstream;
//   - a tape: the choices are read from (or recorded into) a [Tape] of
//     integers ([Replay], [Record]); gopter shrinks the tape with its own
//     slice shrinker, and replaying the shrunk tape rebuilds the value.
//
// Every choice is an integer in [0, max] where 0 is the simplest value: both
// engines shrink towards 0, and the combinators in this package map 0 to the
// simplest value of their type (0, false, "", the first alternative, the
// empty collection). A tape that ends early reads as zeros, so truncating a
// tape is always a valid shrink.
//
// A Source is not safe for concurrent use; a generator draws from one Source
// on one goroutine.
type Source struct {
	rt      *rapid.T
	tape    *tapeState
	draws   int
	special *Special // non-nil: this case draws special values on purpose
	// allSpecial: in a special case, every int is special, whatever its
	// own coin says (see drawSpecialCase).
	allSpecial bool
	drawn      Kinds   // kinds of special value drawn since the last TakeDrawn
	owner      *Source // for a nested rapid group: the Source of its case
}

type tapeState struct {
	record  bool
	pcg     *rand.PCG
	rng     *rand.Rand
	data    []uint64
	pos     int
	overrun int
}

// RapidSource returns a Source drawing from rapid's bitstream. Use it inside
// a rapid property when a [Gen] should draw directly on t; [Rapid] wraps a
// whole generator instead.
func RapidSource(t *rapid.T) *Source { return &Source{rt: t} }

// Replay returns a Source that reads its choices from tape. Choices past the
// end of the tape read as 0, and a choice larger than the maximum asked for is
// reduced modulo (max+1), so any tape, including one produced by a shrinker,
// yields a valid value.
func Replay(tape Tape) *Source {
	return &Source{tape: &tapeState{data: tape}}
}

// Record returns a Source that makes random choices from a generator seeded
// with seed, and records them. [Source.Tape] returns what was recorded;
// replaying it reproduces the same values.
func Record(seed uint64) *Source {
	// Mix the seed so that nearby seeds start unrelated streams.
	t := &tapeState{record: true, pcg: rand.NewPCG(splitmix64(seed), splitmix64(seed^0x6b67656e74732d63))}
	t.rng = rand.New(t.pcg)
	return &Source{tape: t}
}

// Restart makes s, a Source made by [Record], record afresh from seed, as
// Record(seed) would, keeping its memory: a runner that draws case after
// case allocates one Source instead of one per case. What s recorded
// before is forgotten ([Source.Tape] returns a copy, which stays valid).
// It panics on a Source that does not record.
func (s *Source) Restart(seed uint64) {
	if s.tape == nil || !s.tape.record {
		panic("generators: Restart of a Source that does not record")
	}
	t := s.tape
	t.pcg.Seed(splitmix64(seed), splitmix64(seed^0x6b67656e74732d63))
	t.data, t.pos, t.overrun = t.data[:0], 0, 0
	*s = Source{tape: t}
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Tape returns the choices a tape-backed Source has read or recorded so far.
// For a rapid-backed Source it returns nil.
func (s *Source) Tape() Tape {
	if s.tape == nil {
		return nil
	}
	if s.tape.record {
		return append(Tape(nil), s.tape.data...)
	}
	return append(Tape(nil), s.tape.data[:min(s.tape.pos, len(s.tape.data))]...)
}

// Overrun reports how many choices a replaying Source read past the end of
// its tape (they read as 0).
func (s *Source) Overrun() int {
	if s.tape == nil {
		return 0
	}
	return s.tape.overrun
}

// Draws reports the number of choices made so far.
func (s *Source) Draws() int { return s.draws }

// Engine names the engine behind the Source: "rapid" or "tape".
func (s *Source) Engine() string {
	if s.rt != nil {
		return "rapid"
	}
	return "tape"
}

// Choose returns a choice in [0, max]. 0 is the simplest choice; both engines
// shrink towards it.
func (s *Source) Choose(max uint64) uint64 {
	s.draws++
	if s.rt != nil {
		return rapidRange(max).Draw(s.rt, "")
	}
	t := s.tape
	if t.record {
		u := randomChoice(t.rng, max)
		t.data = append(t.data, u)
		return u
	}
	if t.pos >= len(t.data) {
		t.pos++
		t.overrun++
		return 0
	}
	u := t.data[t.pos]
	t.pos++
	if max != math.MaxUint64 {
		u %= max + 1
	}
	return u
}

// Bits returns n bits (n <= 64) as a choice in [0, 2^n-1], drawn like any
// other choice (see [Source.Choose]) on both engines. It shrinks towards 0.
func (s *Source) Bits(n int) uint64 {
	if n <= 0 {
		return 0
	}
	max := uint64(math.MaxUint64)
	if n < 64 {
		max = 1<<n - 1
	}
	return s.Choose(max)
}

// Bool returns a fair coin; false is the simpler value.
func (s *Source) Bool() bool {
	if s.rt != nil {
		s.draws++
		return rapidBool.Draw(s.rt, "")
	}
	t := s.tape
	if t.record {
		s.draws++
		u := t.pcg.Uint64() & 1 // the PCG itself, as t.rng would, without its interface call
		t.data = append(t.data, u)
		return u == 1
	}
	return s.Choose(1) == 1
}

var (
	rapidBool   = rapid.Bool()
	rapidFiller = rapid.Just(struct{}{})
	rangeCache  sync.Map // uint64 -> *rapid.Generator[uint64]
	rangeFull   = rapid.Uint64()
	smallRanges [256]atomic.Pointer[rapid.Generator[uint64]]
)

// choice is a Choose whose maximum is fixed when a generator is built, so
// that drawing under rapid reuses one rapid generator instead of looking
// it up on every draw.
type choice struct {
	max uint64
	rg  *rapid.Generator[uint64]
}

func newChoice(max uint64) choice { return choice{max: max, rg: rapidRange(max)} }

func (c choice) draw(s *Source) uint64 {
	if s.rt != nil {
		s.draws++
		return c.rg.Draw(s.rt, "")
	}
	return s.Choose(c.max)
}

func rapidRange(max uint64) *rapid.Generator[uint64] {
	if max == math.MaxUint64 {
		return rangeFull
	}
	if max < uint64(len(smallRanges)) {
		// Small ranges are built inside cases (an index below an arity):
		// an array lookup, not a map.
		if g := smallRanges[max].Load(); g != nil {
			return g
		}
		g := rapid.Uint64Range(0, max)
		smallRanges[max].Store(g)
		return g
	}
	if g, ok := rangeCache.Load(max); ok {
		return g.(*rapid.Generator[uint64])
	}
	g, _ := rangeCache.LoadOrStore(max, rapid.Uint64Range(0, max))
	return g.(*rapid.Generator[uint64])
}

// randomChoice draws a choice in [0, max] for a recording tape with the
// very algorithm rapid uses for its integer draws (a bit length drawn from
// a geometric distribution, then that many random bits, and the maximum
// on a long draw), so that one generator has one distribution of values
// on both engines: small choices (simple values) are frequent, every
// magnitude up to 2^64 is drawn, and both ends of a range are favoured.
func randomChoice(r *rand.Rand, max uint64) uint64 {
	if max == 0 {
		return 0
	}
	bitlen := bits.Len64(max)
	k := r.Uint64() >> 11
	if bitlen <= smallBitlen {
		// The same bit length as below, read from thresholds on k
		// instead of a logarithm per choice.
		th := smallGeometric(bitlen)
		if k >= th.long {
			return max
		}
		for n, t := range th.shorter {
			if k < t {
				bitlen = n + 1
				break
			}
		}
	} else {
		g := &geometrics[bitlen]
		n := geometricLength(k, g.logQ)
		if int(n) < bitlen {
			bitlen = int(n)
		} else if int(n) >= 64-(16-g.m)*4 {
			return max
		}
	}
	for {
		if u := r.Uint64() & (1<<uint(bitlen) - 1); u <= max {
			return u
		}
	}
}

// geometricLength is rapid's geometric draw of a bit length from k, 53
// random bits, for the parameter whose log1p(-p) is logQ.
func geometricLength(k uint64, logQ float64) uint64 {
	return uint64(math.Log1p(-float64(k)*0x1.0p-53)/logQ) + 1
}

// smallBitlen bounds the bit lengths of the maxima whose geometric draw
// reads thresholds (see smallGeometric).
const smallBitlen = 16

// geometricThresholds decides the geometric draw of a bit length for a
// maximum of a small bit length b without a logarithm: the draw n from k
// is j+1 or more exactly when k >= shorter[j-1] (j < b), and long or more
// (when a choice takes its maximum) exactly when k >= long.
type geometricThresholds struct {
	shorter []uint64
	long    uint64
}

var smallGeometrics [smallBitlen + 1]struct {
	once sync.Once
	th   geometricThresholds
}

// smallGeometric returns the thresholds of bit length b (1 <= b <=
// smallBitlen), computing them on first use. Each is found by bisection
// on k with geometricLength itself, which is monotone in k, so the
// thresholds give the same bit length as the logarithm for every k.
func smallGeometric(b int) *geometricThresholds {
	sg := &smallGeometrics[b]
	sg.once.Do(func() {
		g := &geometrics[b]
		least := func(n uint64) uint64 {
			lo, hi := uint64(0), uint64(1)<<53 // geometricLength(hi) >= n for hi = 2^53 (f = 1: +Inf)
			for lo < hi {
				mid := lo + (hi-lo)/2
				if geometricLength(mid, g.logQ) >= n {
					hi = mid
				} else {
					lo = mid + 1
				}
			}
			return lo
		}
		sg.th.shorter = make([]uint64, b-1)
		for j := range sg.th.shorter {
			sg.th.shorter[j] = least(uint64(j + 2))
		}
		sg.th.long = least(uint64(64 - (16-g.m)*4))
	})
	return &sg.th
}

// geometrics holds, for each bit length of a choice's maximum, the
// parameters of rapid's geometric draw of a bit length: m and
// log1p(-1/(m+1)), computed once rather than per choice. The draw itself
// (from 53 random bits) is rapid's.
var geometrics = func() (out [65]struct {
	m    int
	logQ float64
}) {
	for bitlen := range out {
		m := math.Max(8, (float64(bitlen)+48)/7)
		out[bitlen].m = int(m)
		out[bitlen].logQ = math.Log1p(-1 / (m + 1))
	}
	return out
}()

// Tape is a recorded sequence of choices: the form in which gopter sees and
// shrinks every generated value.
type Tape []uint64

// String prints the tape compactly, for failure reports.
func (t Tape) String() string { return fmt.Sprint([]uint64(t)) }
