package index

// Arena hands out values and small slices of T from shared chunks, so that
// decoding many nodes does not allocate each one. A chunk lives as long as
// anything taken from it; what is taken must never be grown in place (a
// slice's capacity is its length). The zero Arena is ready to use.
type Arena[T any] struct{ free []T }

// arenaChunk is how many values a chunk of an Arena holds.
const arenaChunk = 1024

// One returns a pointer to a zero T from a chunk of chunk values.
func (a *Arena[T]) One(chunk int) *T {
	if len(a.free) == 0 {
		a.free = make([]T, chunk)
	}
	v := &a.free[0]
	a.free = a.free[1:]
	return v
}

// Take returns a slice of n zero values. Slices longer than a quarter of a
// chunk get memory of their own, so that one long list does not waste most
// of a chunk.
func (a *Arena[T]) Take(n int) []T {
	if n > arenaChunk/4 {
		return make([]T, n)
	}
	if len(a.free) < n {
		a.free = make([]T, arenaChunk)
	}
	s := a.free[:n:n]
	a.free = a.free[n:]
	return s
}
