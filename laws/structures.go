package laws

// Semigroup is a type with an associative binary operation.
type Semigroup[T any] interface {
	Combine(x, y T) T
}

// Monoid is a Semigroup with an identity element.
type Monoid[T any] interface {
	Semigroup[T]
	Empty() T
}

// Group is a Monoid in which every element has an inverse.
type Group[T any] interface {
	Monoid[T]
	Inverse(x T) T
}

// Semiring has an addition (a commutative monoid with identity Zero) and a
// multiplication (a monoid with identity One) that distributes over it,
// with Zero annihilating.
type Semiring[T any] interface {
	Zero() T
	One() T
	Add(x, y T) T
	Mul(x, y T) T
}

// SemigroupOf makes a Semigroup from its operation.
func SemigroupOf[T any](combine func(x, y T) T) Semigroup[T] {
	return monoidFuncs[T]{combine: combine}
}

// MonoidOf makes a Monoid from its identity and operation.
func MonoidOf[T any](empty T, combine func(x, y T) T) Monoid[T] {
	return monoidFuncs[T]{empty: empty, combine: combine}
}

// GroupOf makes a Group from its identity, operation and inverse.
func GroupOf[T any](empty T, combine func(x, y T) T, inverse func(x T) T) Group[T] {
	return monoidFuncs[T]{empty: empty, combine: combine, inverse: inverse}
}

// SemiringOf makes a Semiring from its identities and operations.
func SemiringOf[T any](zero, one T, add, mul func(x, y T) T) Semiring[T] {
	return semiringFuncs[T]{zero, one, add, mul}
}

type monoidFuncs[T any] struct {
	empty   T
	combine func(x, y T) T
	inverse func(x T) T
}

func (m monoidFuncs[T]) Combine(x, y T) T { return m.combine(x, y) }
func (m monoidFuncs[T]) Empty() T         { return m.empty }
func (m monoidFuncs[T]) Inverse(x T) T    { return m.inverse(x) }

type semiringFuncs[T any] struct {
	zero, one T
	add, mul  func(x, y T) T
}

func (s semiringFuncs[T]) Zero() T      { return s.zero }
func (s semiringFuncs[T]) One() T       { return s.one }
func (s semiringFuncs[T]) Add(x, y T) T { return s.add(x, y) }
func (s semiringFuncs[T]) Mul(x, y T) T { return s.mul(x, y) }
