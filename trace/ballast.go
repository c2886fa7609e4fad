package trace

import (
	"math"
	"runtime/debug"
	"strings"
)

// ballast is memory that replay holds, and never touches, while it builds
// a ledger from disk, so that the garbage collector paces itself for the
// ledger that is coming rather than for the small heap it starts from.
//
// The collector starts a cycle when the heap has grown by GOGC% since the
// last one. A ledger read from disk grows the heap from nothing to about
// twice its segments' size, all of it live; from a small heap that is a
// cycle at every doubling, each marking every node so far while the scan's
// goroutines assist it. Recovery used to read each segment into a buffer
// that the nodes' strings then shared, which set the pace as a side effect;
// now that segments are mapped and the strings copied, the ballast does
// it on purpose: as much heap as the segments hold, allocated without
// zeroing (strings.Builder's Grow does not zero what it is about to fill),
// so that its pages are never touched and, when fresh from the system,
// take no memory. It is dropped when replay returns.
//
// It is no larger than the segments replay reads (the buffers it replaces
// held the same bytes, and touched them), and it stays under a quarter of
// the memory limit (debug.SetMemoryLimit), if one is set, which counts it.
type ballast struct {
	blocks []*strings.Builder
	size   int64
}

// grow adds n bytes to b, within the limits above.
func (b *ballast) grow(n int) {
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 && b.size+int64(n) > limit/4 {
		n = int(max(0, limit/4-b.size))
	}
	if n < 1<<20 {
		return
	}
	s := new(strings.Builder)
	s.Grow(n)
	b.blocks = append(b.blocks, s)
	b.size += int64(n)
}

// drop lets the collector have b's memory.
func (b *ballast) drop() { b.blocks, b.size = nil, 0 }
