package trace

import (
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

// prefetchChunk is the size of the copies of a segment that decoded nodes'
// strings share.
const prefetchChunk = 256 << 10

func startPrefetch(data []byte) *prefetcher {
	p := &prefetcher{ch: make(chan []prefetched, 8), done: make(chan struct{}), batches: make(chan []prefetched, 16)}
	go func() {
		defer close(p.ch)
		var ar arena
		// Node strings share one copy of a chunk of the segment (records
		// from chunkStart), made when a record first falls outside it.
		var chunk string
		chunkStart := 0
		var free []*digestState
		newBatch := func() []prefetched {
			select {
			case b := <-p.batches:
				for _, r := range b {
					free = append(free, r.h)
				}
				return b[:0]
			default:
				return make([]prefetched, 0, 64)
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
			start := off - len(payload) // off is now the end of the frame
			if start < chunkStart || off > chunkStart+len(chunk) {
				chunkStart = start
				chunk = string(data[start:min(len(data), max(off, start+prefetchChunk))])
			}
			node, err := decodeRecordString(chunk[start-chunkStart:off-chunkStart], &ar)
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
