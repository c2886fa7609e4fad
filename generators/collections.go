package generators

import (
	"fmt"
	"math"
	"sync"

	"pgregory.net/rapid"
)

// SliceOf returns a generator of slices of any length (short ones are
// likely) whose elements come from elem. It shrinks by removing elements and
// by shrinking the remaining ones.
func SliceOf[E any](elem Gen[E]) Gen[[]E] { return SliceOfN(elem, 0, -1) }

// SliceOfN returns a generator of slices with length in [minLen, maxLen]
// (maxLen < 0 means no upper bound) whose elements come from elem.
func SliceOfN[E any](elem Gen[E], minLen, maxLen int) Gen[[]E] {
	checkLen("SliceOfN", minLen, maxLen)
	r := newRepeat(minLen, maxLen)
	var once sync.Once
	var rg *rapid.Generator[[]E]
	special := &caseSlot[[]E]{items: true}
	return Custom(fmt.Sprintf("SliceOfN(%s, %d, %d)", elem, minLen, maxLen), func(s *Source) []E {
		if s.rt != nil {
			s.draws++
			if s.special != nil {
				return special.draw(s, func(c *caseRef) *rapid.Generator[[]E] {
					return rapid.SliceOfN(elem.rapidIn(c), minLen, maxLen)
				})
			}
			once.Do(func() { rg = rapid.SliceOfN(elem.rapid(), minLen, maxLen) })
			return rg.Draw(s.rt, "")
		}
		// rapid returns a non-nil empty slice; so does the tape, so that a
		// value compares the same on both engines.
		defer s.plainItems()()
		out := []E{}
		for r.more(s, len(out)) {
			out = append(out, elem.Draw(s))
		}
		return out
	})
}

// SliceOfNDistinct returns a generator of slices with length in
// [minLen, maxLen] whose elements have pairwise distinct keys.
func SliceOfNDistinct[E any, K comparable](elem Gen[E], minLen, maxLen int, key func(E) K) Gen[[]E] {
	checkLen("SliceOfNDistinct", minLen, maxLen)
	r := newRepeat(minLen, maxLen)
	var once sync.Once
	var rg *rapid.Generator[[]E]
	special := &caseSlot[[]E]{items: true}
	name := fmt.Sprintf("SliceOfNDistinct(%s, %d, %d)", elem, minLen, maxLen)
	return Custom(name, func(s *Source) []E {
		if s.rt != nil {
			s.draws++
			if s.special != nil {
				return special.draw(s, func(c *caseRef) *rapid.Generator[[]E] {
					return rapid.SliceOfNDistinct(elem.rapidIn(c), minLen, maxLen, key)
				})
			}
			once.Do(func() { rg = rapid.SliceOfNDistinct(elem.rapid(), minLen, maxLen, key) })
			return rg.Draw(s.rt, "")
		}
		defer s.plainItems()()
		out := []E{}
		seen := map[K]bool{}
		rejects := 0
		for r.more(s, len(out)) {
			v := elem.Draw(s)
			k := key(v)
			if seen[k] {
				rejects++
				if rejects >= FilterAttempts {
					if len(out) < minLen {
						panic(&FilterError{Gen: name, Attempts: rejects})
					}
					break
				}
				continue
			}
			seen[k] = true
			out = append(out, v)
		}
		return out
	})
}

// MapOfN returns a generator of maps with size in [minLen, maxLen] (maxLen
// < 0 means no upper bound), keys from key and values from val.
func MapOfN[K comparable, V any](key Gen[K], val Gen[V], minLen, maxLen int) Gen[map[K]V] {
	type kv struct {
		k K
		v V
	}
	pairs := Custom(fmt.Sprintf("(%s, %s)", key, val), func(s *Source) kv {
		return kv{key.Draw(s), val.Draw(s)}
	})
	entries := SliceOfNDistinct(pairs, minLen, maxLen, func(p kv) K { return p.k })
	return Custom(fmt.Sprintf("MapOfN(%s, %s, %d, %d)", key, val, minLen, maxLen), func(s *Source) map[K]V {
		ps := entries.Draw(s)
		m := make(map[K]V, len(ps))
		for _, p := range ps {
			m[p.k] = p.v
		}
		return m
	})
}

// MapOf returns a generator of maps of any size.
func MapOf[K comparable, V any](key Gen[K], val Gen[V]) Gen[map[K]V] {
	return MapOfN(key, val, 0, -1)
}

// SetOfN returns a generator of sets, as map[K]struct{}, with size in
// [minLen, maxLen].
func SetOfN[K comparable](elem Gen[K], minLen, maxLen int) Gen[map[K]struct{}] {
	return MapOfN(elem, Just(struct{}{}), minLen, maxLen)
}

func checkLen(fn string, minLen, maxLen int) {
	if minLen < 0 || (maxLen >= 0 && minLen > maxLen) {
		panic(fmt.Sprintf("generators: %s: invalid length range [%d, %d]", fn, minLen, maxLen))
	}
}

// repeat decides, one element at a time, whether a collection on a tape
// continues. Its average length follows rapid's rule so both engines
// generate collections of similar sizes.
type repeat struct {
	minLen, maxLen int
	pContinue      float64
}

func newRepeat(minLen, maxLen int) repeat {
	hi := float64(maxLen)
	if maxLen < 0 {
		hi = math.Inf(1)
	}
	const small = 5
	avg := float64(minLen) + math.Min(math.Max(float64(minLen), small), (hi-float64(minLen))/2)
	return repeat{minLen: minLen, maxLen: maxLen, pContinue: 1 - 1/(1+avg-float64(minLen))}
}

// more reports whether an element follows the n already drawn. Below the
// minimum and at the maximum it makes no choice; otherwise it reads one
// choice, where 0 (the simplest) means stop.
func (r repeat) more(s *Source, n int) bool {
	if n < r.minLen {
		return true
	}
	if r.maxLen >= 0 && n >= r.maxLen {
		return false
	}
	t := s.tape
	s.draws++
	if t.record {
		u := uint64(0)
		if t.rng.Float64() < r.pContinue {
			u = 1
		}
		t.data = append(t.data, u)
		return u == 1
	}
	if t.pos >= len(t.data) {
		t.pos++
		t.overrun++
		return false
	}
	u := t.data[t.pos]
	t.pos++
	return u != 0
}
