package generators

import "fmt"

// SampledFrom returns a generator that picks one of values. It shrinks
// towards the first value, so put the simplest first. It panics if values
// is empty.
//
//	colour := generators.SampledFrom("red", "green", "blue")
func SampledFrom[T any](values ...T) Gen[T] {
	if len(values) == 0 {
		panic("generators: SampledFrom needs at least one value")
	}
	vs := append([]T(nil), values...)
	pick := newChoice(uint64(len(vs) - 1))
	return Custom(fmt.Sprintf("SampledFrom(%d values)", len(vs)), func(s *Source) T {
		return vs[pick.draw(s)]
	})
}

// Element returns a generator that picks an element of values (copied
// now, so later changes to the slice do not affect it), shrinking towards
// the first. It panics if values is empty.
func Element[T any](values []T) Gen[T] {
	if len(values) == 0 {
		panic("generators: Element of an empty slice")
	}
	return SampledFrom(values...)
}
