package generators

import "fmt"

// Pair is a value of [Zip].
type Pair[A, B any] struct {
	First  A
	Second B
}

// Zip returns a generator of pairs of independent values of a and b. Each
// side is drawn as one group, so the engines shrink each on its own.
func Zip[A, B any](a Gen[A], b Gen[B]) Gen[Pair[A, B]] {
	return Map2(a, b, func(x A, y B) Pair[A, B] { return Pair[A, B]{x, y} })
}

// Map2 returns a generator of f(x, y) for independent x from a and y from
// b: the usual way to build a value of a user type from two parts.
//
//	points := generators.Map2(generators.Int(), generators.Int(), func(x, y int) Point { return Point{x, y} })
func Map2[A, B, C any](a Gen[A], b Gen[B], f func(A, B) C) Gen[C] {
	a.get()
	b.get()
	if f == nil {
		panic("generators: Map2 with a nil function")
	}
	return Custom(fmt.Sprintf("Map2(%s, %s)", a, b), func(s *Source) C {
		return f(drawGroup(s, a), drawGroup(s, b))
	})
}

// Map3 is [Map2] for three independent parts.
func Map3[A, B, C, D any](a Gen[A], b Gen[B], c Gen[C], f func(A, B, C) D) Gen[D] {
	a.get()
	b.get()
	c.get()
	if f == nil {
		panic("generators: Map3 with a nil function")
	}
	return Custom(fmt.Sprintf("Map3(%s, %s, %s)", a, b, c), func(s *Source) D {
		return f(drawGroup(s, a), drawGroup(s, b), drawGroup(s, c))
	})
}
