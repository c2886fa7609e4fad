package index

// Positions are int32: a ledger holds fewer than 2^31 nodes.

const (
	// ChunkBits is log2 of ChunkSize.
	ChunkBits = 12
	// ChunkSize is the number of entries in a chunk of a Column and in a
	// block of a Graph.
	ChunkSize = 1 << ChunkBits
)

// Column is an append-only sequence stored in fixed-size chunks: growing it
// never copies, and a chunk, once allocated, stays where it is, so readers
// can use entries below a length they saw under the ledger's lock.
type Column[T any] struct{ chunks [][]T }

// At returns the entry at index i, which must be below the length.
func (c *Column[T]) At(i int32) *T { return &c.chunks[i>>ChunkBits][i&(ChunkSize-1)] }

// Push stores v at index i, which must be the column's current length.
func (c *Column[T]) Push(i int32, v T) {
	if int(i)&(ChunkSize-1) == 0 {
		c.chunks = append(c.chunks, make([]T, ChunkSize))
	}
	c.chunks[i>>ChunkBits][i&(ChunkSize-1)] = v
}
