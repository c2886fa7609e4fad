package index

import "sync/atomic"

// This file holds what tests of the index and of package trace use to
// reach cases that real hashes and real ids make rare: colliding hashes,
// and id indexes without their ordered prefix. Nothing here is consulted
// on a lookup or an append: the switches act when an index is made.

// collide, when set, makes the indexes made after it keep only the top 3
// bits of every hash.
var collide atomic.Bool

// collideMask keeps the top 3 bits: ids fall into 8 groups, and ids of a
// group have equal hashes.
const collideMask = 0x7 << 61

// hashMask returns the hash bits a new index keeps: keep, or fewer.
func hashMask(keep uint64) uint64 {
	if collide.Load() {
		return collideMask
	}
	return keep
}

// SimulateCollisions makes every IDs and RecentIDs made until restore is
// called hash ids into 8 groups of equal hashes, so that lookups must tell
// colliding ids apart (IDs, by comparing ids) or let their callers catch the
// wrong positions (RecentIDs).
func SimulateCollisions() (restore func()) {
	collide.Store(true)
	return func() { collide.Store(false) }
}

// SkipOrderedPrefix makes x keep every id in its hash table, as it does
// once ids stop increasing. Call it before the first Put.
func (x *IDs) SkipOrderedPrefix() { x.ord.closed = true }

// Sizes returns how many ids x keeps in its ordered prefix and in its hash
// table, and whether the prefix is closed.
func (x *IDs) Sizes() (ordered, hashed int, closed bool) {
	return int(x.ord.n), x.n, x.ord.closed
}

// Sizes returns how many positions t keeps as its in-order prefix, in its
// sorted keys and in its late keys.
func (t *Times) Sizes() (prefix, sorted, late int) {
	late = len(t.late)
	for _, r := range t.runs {
		late += len(r)
	}
	return int(t.prefix), len(t.sorted), late
}

// ReplaceNode puts n at position i behind the ledger's back, as memory
// corruption or a bug would: tests of verification use it.
func (g *Graph[N]) ReplaceNode(i int32, n *N) {
	g.nodes[i>>ChunkBits][i&(ChunkSize-1)] = n
}
