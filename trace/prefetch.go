package trace

import (
	"unsafe"

	"github.com/kgents/kgents-core/trace/internal/wal"
)

// prefetcher runs ahead of recovery's in-order scan of a segment on another
// goroutine, decoding records and hashing them (the part of a digest that
// does not depend on other nodes). The scan takes each result only if it is
// for the very payload it is at (same bytes in memory), and otherwise does
// the work itself, so the prefetcher changes nothing but the time taken.
type prefetcher struct {
	ch   chan []prefetched
	done chan struct{}
	buf  []prefetched
	i    int
	off  bool
	// The scan hands back the batches it has read, for the prefetcher to
	// reuse with the SHA-256 states in them (which the scan has finished).
	batches chan []prefetched
}

type prefetched struct {
	p    *byte // first byte of the payload
	n    int
	node *TraceNode
	err  error
	h    *digestState
}

// prefetchBatch is how many results the prefetcher hands the scan at once.
// Each handoff may wake a goroutine, which costs a futex call and, on an
// idle CPU, tens of microseconds before it runs: 64 records per batch (3000
// handoffs for BenchmarkOpenVerify's 200k records) cost measurably more CPU
// and wall time than 256.
const prefetchBatch = 256

// startPrefetch starts reading ahead in the bytes of a segment.
//
// The decoded nodes' strings are substrings of data itself (unsafe.String),
// not of a copy: a ledger read from disk holds its records' bytes once, not
// twice. This is sound only because data is never modified, nor its memory
// reused, once startPrefetch has it: data is the buffer that wal.Recover
// read the segment into, fresh for each segment (vfs.ReadFile); Recover and
// its visitor only read it (wal.Visitor.Segment says so), and no one else
// ever sees it. The strings then keep the buffer alive as long as any node
// does: a node kept after its ledger is dropped keeps its whole segment in
// memory (up to Options.SegmentSize). When most of the buffer is
// preallocated space (zeros at the end of the last segment), the strings
// share a copy of the used part instead, so that the nodes do not keep the
// zeros alive.
func startPrefetch(data []byte) *prefetcher {
	p := &prefetcher{ch: make(chan []prefetched, 8), done: make(chan struct{}), batches: make(chan []prefetched, 16)}
	go func() {
		defer close(p.ch)
		var ar arena
		var backing string // data's bytes, indexed as data
		if used := wal.UsedEnd(data); len(data)-used > len(data)/4 {
			backing = string(data[:used])
		} else {
			backing = unsafe.String(unsafe.SliceData(data), len(data))
		}
		var free []*digestState
		newBatch := func() []prefetched {
			select {
			case b := <-p.batches:
				for _, r := range b {
					free = append(free, r.h)
				}
				return b[:0]
			default:
				return make([]prefetched, 0, prefetchBatch)
			}
		}
		batch := newBatch()
		send := func() bool {
			select {
			case p.ch <- batch:
				batch = newBatch()
				return true
			case <-p.done:
				return false
			}
		}
		// Frames are only delimited here, not checked: the scan checks each
		// one before it takes the result for it.
		for off := wal.HeaderSize; off < len(data); {
			typ, payload, n, ok := wal.PeekFrame(data[off:])
			if !ok {
				break
			}
			off += n
			if typ != wal.TypeRecord || len(payload) == 0 {
				continue
			}
			var rec string
			if off <= len(backing) { // off is now the end of the frame
				rec = backing[off-len(payload) : off]
			} else { // a torn record in the zeros cut from the copy: rare
				rec = string(payload)
			}
			node, err := decodeRecordString(rec, &ar)
			var h *digestState
			if k := len(free) - 1; k >= 0 {
				h, free = free[k], free[:k]
				h.start(payload)
			} else {
				h = startDigest(payload)
			}
			batch = append(batch, prefetched{p: &payload[0], n: len(payload), node: node, err: err, h: h})
			if len(batch) == cap(batch) && !send() {
				return
			}
		}
		if len(batch) > 0 {
			send()
		}
	}()
	return p
}

// next returns the prefetched result for payload, if it is the next one.
func (p *prefetcher) next(payload []byte) (prefetched, bool) {
	if p == nil || p.off || len(payload) == 0 {
		return prefetched{}, false
	}
	for p.i >= len(p.buf) {
		if p.buf != nil { // every result in it was used: hand it back
			select {
			case p.batches <- p.buf:
			default:
			}
		}
		b, ok := <-p.ch
		if !ok {
			p.off = true
			return prefetched{}, false
		}
		p.buf, p.i = b, 0
	}
	r := p.buf[p.i]
	if r.p != &payload[0] || r.n != len(payload) {
		p.off = true // the scans diverged: stop using results
		return prefetched{}, false
	}
	p.i++
	return r, true
}

func (p *prefetcher) stop() {
	if p != nil {
		close(p.done)
	}
}
